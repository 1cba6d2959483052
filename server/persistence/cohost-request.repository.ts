import type { Db } from './database';

export type CohostRequestStatus = 'pending' | 'accepted' | 'declined';
/** Who answered: the session's host (its pitching browser) or a facilitator (organisers facilitate too). */
export type CohostAnswerer = 'host' | 'facilitator';

/** Someone asking to co-host a session instead of pitching theirs (migration 0010). */
export interface CohostRequest {
  id: string;
  eventId: string;
  sessionId: string;
  /** The name they gave: what the session lists among its co-hosts once accepted. */
  name: string;
  /** What they typed at the pitch form. */
  title: string;
  notes: string;
  browserKey: string;
  status: CohostRequestStatus;
  answeredBy: CohostAnswerer | null;
  createdAt: string;
  answeredAt: string | null;
}

interface Row {
  id: string;
  event_id: string;
  session_id: string;
  name: string;
  title: string;
  notes: string;
  browser_key: string;
  status: CohostRequestStatus;
  answered_by: CohostAnswerer | null;
  created_at: string;
  answered_at: string | null;
}

const toRequest = (row: Row): CohostRequest => ({
  id: row.id,
  eventId: row.event_id,
  sessionId: row.session_id,
  name: row.name,
  title: row.title,
  notes: row.notes,
  browserKey: row.browser_key,
  status: row.status,
  answeredBy: row.answered_by,
  createdAt: row.created_at,
  answeredAt: row.answered_at,
});

/** Co-host requests: one per browser and session. */
export class CohostRequestRepository {
  private readonly insertRow;
  private readonly refreshRow;
  private readonly byBrowser;
  private readonly byId;
  private readonly pendingOfSession;
  private readonly pendingOfEvent;
  private readonly answerRow;
  private readonly everyOfEvent;
  private readonly restoreRow;

  constructor(db: Db) {
    this.insertRow = db.prepare(
      `INSERT INTO cohost_requests (id, event_id, session_id, name, title, notes, browser_key, status, created_at)
       VALUES (@id, @eventId, @sessionId, @name, @title, @notes, @browserKey, 'pending', @now)`,
    );
    this.refreshRow = db.prepare(
      `UPDATE cohost_requests SET name = @name, title = @title, notes = @notes, created_at = @now WHERE id = @id AND status = 'pending'`,
    );
    this.byBrowser = db.prepare<[string, string], Row>('SELECT * FROM cohost_requests WHERE session_id = ? AND browser_key = ?');
    this.byId = db.prepare<[string, string], Row>('SELECT * FROM cohost_requests WHERE event_id = ? AND id = ?');
    this.pendingOfSession = db.prepare<[string], Row>(
      "SELECT * FROM cohost_requests WHERE session_id = ? AND status = 'pending' ORDER BY created_at, id",
    );
    this.pendingOfEvent = db.prepare<[string], Row>(
      "SELECT * FROM cohost_requests WHERE event_id = ? AND status = 'pending' ORDER BY created_at, id",
    );
    this.everyOfEvent = db.prepare<[string], Row>('SELECT * FROM cohost_requests WHERE event_id = ? ORDER BY created_at, id');
    this.restoreRow = db.prepare(
      `INSERT INTO cohost_requests (id, event_id, session_id, name, title, notes, browser_key, status, answered_by, created_at, answered_at)
       VALUES (@id, @eventId, @sessionId, @name, @title, @notes, @browserKey, @status, @answeredBy, @createdAt, @answeredAt)`,
    );
    this.answerRow = db.prepare(
      `UPDATE cohost_requests SET status = @status, answered_by = @by, answered_at = @now WHERE id = @id AND status = 'pending'`,
    );
  }

  /** This browser's request for the session, whatever its status. */
  ofBrowser(sessionId: string, browserKey: string): CohostRequest | null {
    const row = this.byBrowser.get(sessionId, browserKey);
    return row ? toRequest(row) : null;
  }

  find(eventId: string, id: string): CohostRequest | null {
    const row = this.byId.get(eventId, id);
    return row ? toRequest(row) : null;
  }

  insert(request: Pick<CohostRequest, 'id' | 'eventId' | 'sessionId' | 'name' | 'title' | 'notes' | 'browserKey'>, now: string): void {
    this.insertRow.run({ ...request, now });
  }

  /** Asking again while the request waits: the new name and text replace the old. */
  refresh(id: string, fields: Pick<CohostRequest, 'name' | 'title' | 'notes'>, now: string): void {
    this.refreshRow.run({ id, ...fields, now });
  }

  pending(sessionId: string): CohostRequest[] {
    return this.pendingOfSession.all(sessionId).map(toRequest);
  }

  pendingInEvent(eventId: string): CohostRequest[] {
    return this.pendingOfEvent.all(eventId).map(toRequest);
  }

  /** Every request of the event, waiting or answered: for the export. */
  all(eventId: string): CohostRequest[] {
    return this.everyOfEvent.all(eventId).map(toRequest);
  }

  /** A request as an export holds it, answered or not (the import). */
  restore(request: CohostRequest): void {
    this.restoreRow.run(request);
  }

  /** Answers a waiting request; false when it was answered already. */
  answer(id: string, status: Exclude<CohostRequestStatus, 'pending'>, by: CohostAnswerer, now: string): boolean {
    return this.answerRow.run({ id, status, by, now }).changes > 0;
  }
}
