import type { Db } from './database';

/** A named organiser link. The token itself is never stored, only its hash. */
export interface OrganiserLink {
  id: string;
  eventId: string;
  name: string;
  createdAt: string;
  /** When it stopped working; null while it works. */
  revokedAt: string | null;
}

interface LinkRow {
  id: string;
  event_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

const toLink = (row: LinkRow): OrganiserLink => ({
  id: row.id,
  eventId: row.event_id,
  name: row.name,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** Organiser links of events: the first one and any co-organisers'. */
export class OrganiserLinkRepository {
  private readonly insertRow;
  private readonly ofEvent;
  private readonly activeHashes;
  private readonly byId;
  private readonly revokeRow;
  private readonly rehash;

  constructor(db: Db) {
    this.insertRow = db.prepare(
      'INSERT INTO organiser_links (id, event_id, name, token_hash, created_at) VALUES (@id, @eventId, @name, @tokenHash, @createdAt)',
    );
    this.ofEvent = db.prepare<[string], LinkRow>('SELECT * FROM organiser_links WHERE event_id = ? ORDER BY created_at, rowid');
    this.activeHashes = db.prepare<[string], { id: string; token_hash: string }>(
      'SELECT id, token_hash FROM organiser_links WHERE event_id = ? AND revoked_at IS NULL ORDER BY rowid',
    );
    this.byId = db.prepare<[string, string], LinkRow>('SELECT * FROM organiser_links WHERE event_id = ? AND id = ?');
    this.revokeRow = db.prepare('UPDATE organiser_links SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL');
    this.rehash = db.prepare('UPDATE organiser_links SET token_hash = @tokenHash WHERE id = @id');
  }

  insert(link: Omit<OrganiserLink, 'revokedAt'>, tokenHash: string): void {
    this.insertRow.run({ ...link, tokenHash });
  }

  /** Every link of the event, revoked ones too, oldest first. */
  list(eventId: string): OrganiserLink[] {
    return this.ofEvent.all(eventId).map(toLink);
  }

  find(eventId: string, id: string): OrganiserLink | null {
    const row = this.byId.get(eventId, id);
    return row ? toLink(row) : null;
  }

  /** The links that work now, with their hashes, for checking a presented token. */
  active(eventId: string): { id: string; tokenHash: string }[] {
    return this.activeHashes.all(eventId).map((row) => ({ id: row.id, tokenHash: row.token_hash }));
  }

  revoke(id: string, now: string): void {
    this.revokeRow.run({ id, now });
  }

  /** A new token for the same link (its name and history stay): the old token stops working. */
  replaceToken(id: string, tokenHash: string): void {
    this.rehash.run({ id, tokenHash });
  }
}
