import type { Db } from './database';

/** One thing an organiser or facilitator did, by which link, and when. */
export interface ActivityEntry {
  id: number;
  eventId: string;
  /** The link's name when it happened ('Organiser', 'Sam', 'Facilitator'). */
  actor: string;
  linkId: string | null;
  action: string;
  summary: string;
  /** What an undo needs (JSON), for the actions that can be undone. */
  payload: string | null;
  undoneBy: number | null;
  createdAt: string;
}

interface ActivityRow {
  id: number;
  event_id: string;
  actor: string;
  link_id: string | null;
  action: string;
  summary: string;
  payload: string | null;
  undone_by: number | null;
  created_at: string;
}

const toEntry = (row: ActivityRow): ActivityEntry => ({
  id: row.id,
  eventId: row.event_id,
  actor: row.actor,
  linkId: row.link_id,
  action: row.action,
  summary: row.summary,
  payload: row.payload,
  undoneBy: row.undone_by,
  createdAt: row.created_at,
});

/** The event's activity log (who did what), and the undo state of what can be undone. */
export class ActivityRepository {
  private readonly insertRow;
  private readonly recent;
  private readonly all;
  private readonly byId;
  private readonly markUndone;

  constructor(db: Db) {
    this.insertRow = db.prepare<[Omit<ActivityRow, 'id' | 'undone_by'>], { id: number }>(
      `INSERT INTO activity (event_id, actor, link_id, action, summary, payload, created_at)
       VALUES (@event_id, @actor, @link_id, @action, @summary, @payload, @created_at) RETURNING id`,
    );
    this.recent = db.prepare<[string, number], ActivityRow>('SELECT * FROM activity WHERE event_id = ? ORDER BY id DESC LIMIT ?');
    this.all = db.prepare<[string], ActivityRow>('SELECT * FROM activity WHERE event_id = ? ORDER BY id');
    this.byId = db.prepare<[string, number], ActivityRow>('SELECT * FROM activity WHERE event_id = ? AND id = ?');
    this.markUndone = db.prepare('UPDATE activity SET undone_by = ? WHERE id = ?');
  }

  record(entry: Omit<ActivityEntry, 'id' | 'undoneBy'>): number {
    const row = this.insertRow.get({
      event_id: entry.eventId,
      actor: entry.actor,
      link_id: entry.linkId,
      action: entry.action,
      summary: entry.summary,
      payload: entry.payload,
      created_at: entry.createdAt,
    });
    if (!row) throw new Error('activity insert returned no id');
    return row.id;
  }

  /** Newest first. */
  latest(eventId: string, limit: number): ActivityEntry[] {
    return this.recent.all(eventId, limit).map(toEntry);
  }

  /** Oldest first, for exports. */
  list(eventId: string): ActivityEntry[] {
    return this.all.all(eventId).map(toEntry);
  }

  find(eventId: string, id: number): ActivityEntry | null {
    const row = this.byId.get(eventId, id);
    return row ? toEntry(row) : null;
  }

  setUndone(id: number, by: number): void {
    this.markUndone.run(by, id);
  }
}
