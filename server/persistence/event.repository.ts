import type { EventInfo } from '../domain/types';
import type { Db } from './database';

interface EventRow {
  id: string;
  name: string;
  date: string;
  venue: string;
  time_zone: string | null;
  listed: number;
  version: number;
  created_at: string;
}

const COLUMNS = 'id, name, date, venue, time_zone, listed, version, created_at';

export class EventRepository {
  private readonly byId;
  private readonly list;
  private readonly insertRow;
  private readonly updateRow;
  private readonly listedRow;
  private readonly bump;
  private readonly count;
  private readonly toEvent: (row: EventRow) => EventInfo;

  /** `defaultTimeZone` stands for the zone of events made before events had one (the server's own). */
  constructor(db: Db, defaultTimeZone: string) {
    this.toEvent = (row) => ({
      id: row.id,
      name: row.name,
      date: row.date,
      venue: row.venue,
      timeZone: row.time_zone ?? defaultTimeZone,
      listed: row.listed === 1,
      version: row.version,
      createdAt: row.created_at,
    });
    this.byId = db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE id = ?`);
    this.list = db.prepare<[number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE listed = 1 ORDER BY date DESC, created_at DESC LIMIT ?`,
    );
    this.insertRow = db.prepare(
      `INSERT INTO events (id, name, date, venue, time_zone, listed, version, created_at)
       VALUES (@id, @name, @date, @venue, @timeZone, @listed, @version, @createdAt)`,
    );
    this.updateRow = db.prepare('UPDATE events SET name = @name, date = @date, venue = @venue, time_zone = @timeZone WHERE id = @id');
    this.listedRow = db.prepare('UPDATE events SET listed = @listed WHERE id = @id');
    this.bump = db.prepare<[string], { version: number }>('UPDATE events SET version = version + 1 WHERE id = ? RETURNING version');
    this.count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
  }

  find(id: string): EventInfo | null {
    const row = this.byId.get(id);
    return row ? this.toEvent(row) : null;
  }

  /** The events the home page lists (their organisers chose to), newest date first. */
  listed(limit: number): EventInfo[] {
    return this.list.all(limit).map(this.toEvent);
  }

  total(): number {
    return this.count.get()?.n ?? 0;
  }

  insert(event: EventInfo): void {
    this.insertRow.run({ ...event, listed: event.listed ? 1 : 0 });
  }

  update(id: string, fields: Pick<EventInfo, 'name' | 'date' | 'venue' | 'timeZone'>): void {
    this.updateRow.run({ id, ...fields });
  }

  setListed(id: string, listed: boolean): void {
    this.listedRow.run({ id, listed: listed ? 1 : 0 });
  }

  /** Records that something in the event changed and returns the event's new version. */
  bumpVersion(id: string): number {
    const row = this.bump.get(id);
    if (!row) throw new Error(`bumpVersion: no event ${id}`);
    return row.version;
  }
}
