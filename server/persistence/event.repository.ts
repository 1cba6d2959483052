import type { EventInfo } from '../domain/types';
import type { Db } from './database';

interface EventRow {
  id: string;
  name: string;
  date: string;
  venue: string;
  version: number;
  created_at: string;
}

const toEvent = (row: EventRow): EventInfo => ({
  id: row.id,
  name: row.name,
  date: row.date,
  venue: row.venue,
  version: row.version,
  createdAt: row.created_at,
});

const COLUMNS = 'id, name, date, venue, version, created_at';

export class EventRepository {
  private readonly byId;
  private readonly list;
  private readonly insertRow;
  private readonly updateRow;
  private readonly bump;
  private readonly tokenHash;
  private readonly setTokenHash;
  private readonly count;

  constructor(db: Db) {
    this.byId = db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE id = ?`);
    this.list = db.prepare<[number], EventRow>(`SELECT ${COLUMNS} FROM events ORDER BY date DESC, created_at DESC LIMIT ?`);
    this.insertRow = db.prepare(
      `INSERT INTO events (id, name, date, venue, admin_token_hash, version, created_at)
       VALUES (@id, @name, @date, @venue, @adminTokenHash, @version, @createdAt)`,
    );
    this.updateRow = db.prepare('UPDATE events SET name = @name, date = @date, venue = @venue WHERE id = @id');
    this.bump = db.prepare<[string], { version: number }>('UPDATE events SET version = version + 1 WHERE id = ? RETURNING version');
    this.setTokenHash = db.prepare('UPDATE events SET admin_token_hash = ? WHERE id = ?');
    this.tokenHash = db.prepare<[string], { admin_token_hash: string }>('SELECT admin_token_hash FROM events WHERE id = ?');
    this.count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
  }

  find(id: string): EventInfo | null {
    const row = this.byId.get(id);
    return row ? toEvent(row) : null;
  }

  recent(limit: number): EventInfo[] {
    return this.list.all(limit).map(toEvent);
  }

  total(): number {
    return this.count.get()?.n ?? 0;
  }

  insert(event: EventInfo, adminTokenHash: string): void {
    this.insertRow.run({ ...event, adminTokenHash });
  }

  update(id: string, fields: Pick<EventInfo, 'name' | 'date' | 'venue'>): void {
    this.updateRow.run({ id, ...fields });
  }

  /** Records that something in the event changed and returns the event's new version. */
  bumpVersion(id: string): number {
    const row = this.bump.get(id);
    if (!row) throw new Error(`bumpVersion: no event ${id}`);
    return row.version;
  }

  setAdminTokenHash(id: string, hash: string): void {
    this.setTokenHash.run(hash, id);
  }

  adminTokenHash(id: string): string | null {
    return this.tokenHash.get(id)?.admin_token_hash ?? null;
  }
}
