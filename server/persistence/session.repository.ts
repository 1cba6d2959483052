import type { Session } from '../domain/types';
import type { Db } from './database';

interface SessionRow {
  id: string;
  event_id: string;
  title: string;
  notes: string;
  pitcher: string;
  room_id: string | null;
  slot_id: string | null;
  version: number;
  interest: number;
  created_at: string;
  updated_at: string;
  cohosts: string;
  merged_into: string | null;
  owner_key: string | null;
  hidden_reason: HiddenReason | null;
  hidden_at: string | null;
}

export type HiddenReason = 'withdrawn' | 'hidden';
export type HiddenSession = Session & { hiddenReason: HiddenReason; hiddenAt: string };
export type ModerationAction = 'withdraw' | 'hide' | 'restore' | 'hide-note' | 'restore-note';
export interface ModerationEntry {
  id: number;
  sessionId: string;
  action: ModerationAction;
  /** The session's title when it happened. */
  title: string;
  /** For 'hide-note' and 'restore-note': who wrote the note. */
  noteAuthor: string | null;
  createdAt: string;
}

/** Every column of a session as stored, for snapshots that must be restored exactly (merge undo). */
export type StoredSession = Omit<SessionRow, 'interest'>;

/** A moderation entry as stored (exports). */
export interface StoredModeration {
  session_id: string;
  action: ModerationAction;
  title: string;
  created_at: string;
  note_id: number | null;
}

export interface StoredInterest {
  browser_key: string;
  created_at: string;
}

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  eventId: row.event_id,
  title: row.title,
  notes: row.notes,
  pitcher: row.pitcher,
  cohosts: JSON.parse(row.cohosts) as string[],
  roomId: row.room_id,
  slotId: row.slot_id,
  version: row.version,
  interest: row.interest,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const SELECT = `SELECT s.*, (SELECT count(*) FROM interests i WHERE i.session_id = s.id) AS interest FROM sessions s`;

export class SessionRepository {
  private readonly byEvent;
  private readonly countByEvent;
  private readonly byId;
  private readonly storedRow;
  private readonly anyInEvent;
  private readonly restoreRow;
  private readonly mergeRow;
  private readonly combineRow;
  private readonly interestRows;
  private readonly clearInterests;
  private readonly copyInterests;
  private readonly mergedOf;
  private readonly insertRow;
  private readonly updateText;
  private readonly updatePlacement;
  private readonly vacate;
  private readonly inRoom;
  private readonly inSlot;
  private readonly addInterest;
  private readonly removeInterest;
  private readonly interestKeys;
  private readonly interestFrom;
  private readonly interestedIn;
  private readonly interestsOfEvent;
  private readonly anyById;
  private readonly ownerOf;
  private readonly ownedByKey;
  private readonly hideRow;
  private readonly unhideRow;
  private readonly hiddenRows;
  private readonly hiddenById;
  private readonly moderate;
  private readonly moderationRows;
  private readonly everyRow;
  private readonly insertEvery;
  private readonly moderationLog;

  constructor(db: Db) {
    this.ownerOf = db.prepare<[string, string], { owner_key: string | null }>(
      'SELECT owner_key FROM sessions WHERE event_id = ? AND id = ?',
    );
    this.ownedByKey = db.prepare<[string, string], { id: string }>(
      'SELECT id FROM sessions WHERE event_id = ? AND owner_key = ? AND merged_into IS NULL AND hidden_at IS NULL',
    );
    this.hideRow = db.prepare(
      `UPDATE sessions SET hidden_reason = @reason, hidden_at = @now, room_id = NULL, slot_id = NULL, version = version + 1, updated_at = @now
       WHERE id = @id`,
    );
    this.unhideRow = db.prepare(
      'UPDATE sessions SET hidden_reason = NULL, hidden_at = NULL, version = version + 1, updated_at = @now WHERE id = @id',
    );
    this.hiddenRows = db.prepare<[string], SessionRow & { hidden_reason: HiddenReason; hidden_at: string }>(
      `${SELECT} WHERE s.event_id = ? AND s.merged_into IS NULL AND s.hidden_at IS NOT NULL ORDER BY s.hidden_at, s.id`,
    );
    this.hiddenById = db.prepare<[string, string], SessionRow>(
      `${SELECT} WHERE s.event_id = ? AND s.id = ? AND s.merged_into IS NULL AND s.hidden_at IS NOT NULL`,
    );
    this.moderate = db.prepare(
      `INSERT INTO moderation (event_id, session_id, action, title, created_at, note_id)
       VALUES (@eventId, @sessionId, @action, @title, @now, @noteId)`,
    );
    this.moderationRows = db.prepare<[string], ModerationEntry>(
      `SELECT m.id, m.session_id AS sessionId, m.action, m.title, n.author AS noteAuthor, m.created_at AS createdAt
       FROM moderation m LEFT JOIN session_notes n ON n.id = m.note_id WHERE m.event_id = ? ORDER BY m.id`,
    );
    this.everyRow = db.prepare<[string], StoredSession>('SELECT * FROM sessions WHERE event_id = ? ORDER BY created_at, rowid');
    this.insertEvery = db.prepare(
      `INSERT INTO sessions (id, event_id, title, notes, pitcher, room_id, slot_id, version, created_at, updated_at, cohosts,
         merged_into, owner_key, hidden_reason, hidden_at)
       VALUES (@id, @event_id, @title, @notes, @pitcher, @room_id, @slot_id, @version, @created_at, @updated_at, @cohosts,
         @merged_into, @owner_key, @hidden_reason, @hidden_at)`,
    );
    this.moderationLog = db.prepare<[string], StoredModeration>(
      'SELECT session_id, action, title, created_at, note_id FROM moderation WHERE event_id = ? ORDER BY id',
    );
    // Sessions merged into another, withdrawn or hidden have left the board; they stay stored so a
    // merge can be undone and a hidden pitch restored.
    this.byEvent = db.prepare<[string], SessionRow>(
      `${SELECT} WHERE s.event_id = ? AND s.merged_into IS NULL AND s.hidden_at IS NULL ORDER BY s.created_at, s.id`,
    );
    this.countByEvent = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM sessions WHERE event_id = ? AND merged_into IS NULL AND hidden_at IS NULL',
    );
    this.byId = db.prepare<[string, string], SessionRow>(
      `${SELECT} WHERE s.event_id = ? AND s.id = ? AND s.merged_into IS NULL AND s.hidden_at IS NULL`,
    );
    this.storedRow = db.prepare<[string], StoredSession>('SELECT * FROM sessions WHERE id = ?');
    this.anyInEvent = db.prepare<[string, string], SessionRow>(`${SELECT} WHERE s.event_id = ? AND s.id = ?`);
    this.restoreRow = db.prepare(
      `UPDATE sessions SET title = @title, notes = @notes, pitcher = @pitcher, room_id = @room_id, slot_id = @slot_id,
         version = @version, created_at = @created_at, updated_at = @updated_at, cohosts = @cohosts, merged_into = @merged_into
       WHERE id = @id`,
    );
    this.mergeRow = db.prepare(
      `UPDATE sessions SET merged_into = @into, room_id = NULL, slot_id = NULL, version = version + 1, updated_at = @now WHERE id = @id`,
    );
    this.combineRow = db.prepare(
      `UPDATE sessions SET title = @title, notes = @notes, cohosts = @cohosts, version = version + 1, updated_at = @now WHERE id = @id`,
    );
    this.interestRows = db.prepare<[string], StoredInterest>(
      'SELECT browser_key, created_at FROM interests WHERE session_id = ? ORDER BY browser_key',
    );
    this.clearInterests = db.prepare('DELETE FROM interests WHERE session_id = ?');
    this.copyInterests = db.prepare(
      `INSERT OR IGNORE INTO interests (session_id, browser_key, created_at)
       SELECT @to, browser_key, created_at FROM interests WHERE session_id = @from`,
    );
    this.mergedOf = db.prepare<[string], { merged_into: string | null }>('SELECT merged_into FROM sessions WHERE id = ?');
    this.insertRow = db.prepare(
      `INSERT INTO sessions (id, event_id, title, notes, pitcher, cohosts, room_id, slot_id, version, created_at, updated_at, owner_key)
       VALUES (@id, @eventId, @title, @notes, @pitcher, @cohosts, @roomId, @slotId, @version, @createdAt, @updatedAt, @ownerKey)`,
    );
    this.updateText = db.prepare(
      `UPDATE sessions SET title = @title, notes = @notes, pitcher = @pitcher, version = version + 1, updated_at = @now
       WHERE id = @id`,
    );
    this.updatePlacement = db.prepare(
      `UPDATE sessions SET room_id = @roomId, slot_id = @slotId, version = version + 1, updated_at = @now WHERE id = @id`,
    );
    this.vacate = db.prepare('UPDATE sessions SET room_id = NULL, slot_id = NULL WHERE id = ?');
    this.inRoom = db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE room_id = ?');
    this.inSlot = db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE slot_id = ?');
    this.addInterest = db.prepare('INSERT OR IGNORE INTO interests (session_id, browser_key, created_at) VALUES (?, ?, ?)');
    this.removeInterest = db.prepare('DELETE FROM interests WHERE session_id = ? AND browser_key = ?');
    this.interestKeys = db.prepare<[string], { browser_key: string }>(
      'SELECT browser_key FROM interests WHERE session_id = ? ORDER BY browser_key',
    );
    this.anyById = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM sessions WHERE id = ?');
    this.interestsOfEvent = db.prepare<[string], { session_id: string; browser_key: string }>(
      `SELECT i.session_id, i.browser_key FROM interests i JOIN sessions s ON s.id = i.session_id
       WHERE s.event_id = ? AND s.merged_into IS NULL AND s.hidden_at IS NULL ORDER BY i.session_id, i.browser_key`,
    );
    this.interestedIn = db.prepare<[string, string], { session_id: string }>(
      `SELECT i.session_id FROM interests i JOIN sessions s ON s.id = i.session_id
       WHERE s.event_id = ? AND i.browser_key = ? ORDER BY i.session_id`,
    );
    this.interestFrom = db.prepare<[string, string], { found: number }>(
      'SELECT 1 AS found FROM interests WHERE session_id = ? AND browser_key = ?',
    );
  }

  list(eventId: string): Session[] {
    return this.byEvent.all(eventId).map(toSession);
  }

  /** How many sessions are on the board: what `list(eventId).length` gives, without reading them. */
  count(eventId: string): number {
    return this.countByEvent.get(eventId)?.n ?? 0;
  }

  find(eventId: string, id: string): Session | null {
    const row = this.byId.get(eventId, id);
    return row ? toSession(row) : null;
  }

  /** Whether any event already uses this session id (ids are unique across the instance). */
  exists(id: string): boolean {
    return this.anyById.get(id) !== undefined;
  }

  /** `ownerKey` is the pitching browser's key (see SessionService), null when nobody may edit as its pitcher. */
  insert(session: Session, ownerKey: string | null = null): void {
    this.insertRow.run({ ...session, cohosts: JSON.stringify(session.cohosts), ownerKey });
  }

  /** The sessions on the board that the browser with this owner key pitched. */
  ownedBy(eventId: string, ownerKey: string): string[] {
    return this.ownedByKey.all(eventId, ownerKey).map((row) => row.id);
  }

  ownerKey(eventId: string, id: string): string | null {
    return this.ownerOf.get(eventId, id)?.owner_key ?? null;
  }

  /** Takes a session off the board (and out of its cell), keeping its row so it can be restored. */
  hide(id: string, reason: HiddenReason, now: string): void {
    this.hideRow.run({ id, reason, now });
  }

  /** Puts a hidden session back on the board, unscheduled. */
  unhide(id: string, now: string): void {
    this.unhideRow.run({ id, now });
  }

  hidden(eventId: string): HiddenSession[] {
    return this.hiddenRows.all(eventId).map((row) => ({ ...toSession(row), hiddenReason: row.hidden_reason, hiddenAt: row.hidden_at }));
  }

  findHidden(eventId: string, id: string): Session | null {
    const row = this.hiddenById.get(eventId, id);
    return row ? toSession(row) : null;
  }

  /** `noteId` names the note of a 'hide-note' or 'restore-note' entry. */
  recordModeration(entry: {
    eventId: string;
    sessionId: string;
    action: ModerationAction;
    title: string;
    now: string;
    noteId?: number;
  }): void {
    this.moderate.run({ ...entry, noteId: entry.noteId ?? null });
  }

  moderation(eventId: string): ModerationEntry[] {
    return this.moderationRows.all(eventId);
  }

  /** The moderation log as stored, oldest first (exports). */
  moderationLogOf(eventId: string): StoredModeration[] {
    return this.moderationLog.all(eventId);
  }

  /** Every session of the event as stored, merged away and hidden ones too, oldest first (exports). */
  everyStored(eventId: string): StoredSession[] {
    return this.everyRow.all(eventId);
  }

  /** Inserts a session exactly as stored (imports): merged, hidden and owned ones alike. */
  insertStored(row: StoredSession): void {
    this.insertEvery.run(row);
  }

  updateContent(id: string, fields: Pick<Session, 'title' | 'notes' | 'pitcher'>, now: string): void {
    this.updateText.run({ id, ...fields, now });
  }

  /** Puts a session in a cell, or unschedules it with nulls. The unique index rejects a taken cell. */
  place(id: string, roomId: string | null, slotId: string | null, now: string): void {
    this.updatePlacement.run({ id, roomId, slotId, now });
  }

  /**
   * Two sessions trade cells; each version goes up by one, as for a move. The first is taken out of
   * its cell before the second moves in, so the one-session-per-cell index holds at every statement.
   * Call inside a transaction: nobody sees the moment between.
   */
  swapCells(first: Pick<Session, 'id' | 'roomId' | 'slotId'>, second: Pick<Session, 'id' | 'roomId' | 'slotId'>, now: string): void {
    this.vacate.run(first.id);
    this.updatePlacement.run({ id: second.id, roomId: first.roomId, slotId: first.slotId, now });
    this.updatePlacement.run({ id: first.id, roomId: second.roomId, slotId: second.slotId, now });
  }

  idsInRoom(roomId: string): string[] {
    return this.inRoom.all(roomId).map((row) => row.id);
  }

  idsInSlot(slotId: string): string[] {
    return this.inSlot.all(slotId).map((row) => row.id);
  }

  /** Every column as stored, including merged sessions; null when there is no such session. */
  /** A session of the event whether on the board or not (merged away, hidden), as it now stands. */
  findAny(eventId: string, id: string): Session | null {
    const row = this.anyInEvent.get(eventId, id);
    return row ? toSession(row) : null;
  }

  stored(id: string): StoredSession | null {
    return this.storedRow.get(id) ?? null;
  }

  /** Writes a snapshot back exactly, version and timestamps included. */
  restore(row: StoredSession): void {
    this.restoreRow.run(row);
  }

  /** The session this one was merged into, if it was. */
  mergedInto(id: string): string | null {
    return this.mergedOf.get(id)?.merged_into ?? null;
  }

  /** Takes a session off the board into another: it frees its cell and keeps its row for undo. */
  markMerged(id: string, into: string, now: string): void {
    this.mergeRow.run({ id, into, now });
  }

  combine(id: string, fields: { title: string; notes: string; cohosts: string[] }, now: string): void {
    this.combineRow.run({ id, title: fields.title, notes: fields.notes, cohosts: JSON.stringify(fields.cohosts), now });
  }

  interests(sessionId: string): StoredInterest[] {
    return this.interestRows.all(sessionId);
  }

  /** Adds another session's interest; a browser interested in both still counts once. */
  copyInterestsFrom(from: string, to: string): void {
    this.copyInterests.run({ from, to });
  }

  replaceInterests(sessionId: string, rows: readonly StoredInterest[]): void {
    this.clearInterests.run(sessionId);
    for (const row of rows) this.addInterest.run(sessionId, row.browser_key, row.created_at);
  }

  /** Returns true when this browser had not already shown interest. */
  addInterestFrom(sessionId: string, browserKey: string, now: string): boolean {
    return this.addInterest.run(sessionId, browserKey, now).changes > 0;
  }

  removeInterestFrom(sessionId: string, browserKey: string): boolean {
    return this.removeInterest.run(sessionId, browserKey).changes > 0;
  }

  /** Each session of the event on the board with the browsers that said they would go to it (sessions nobody wants are left out). */
  interestsByEvent(eventId: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const row of this.interestsOfEvent.all(eventId)) {
      const list = out.get(row.session_id);
      if (list) list.push(row.browser_key);
      else out.set(row.session_id, [row.browser_key]);
    }
    return out;
  }

  /** The sessions of an event that this browser said it would go to. */
  interestsOf(eventId: string, browserKey: string): string[] {
    return this.interestedIn.all(eventId, browserKey).map((row) => row.session_id);
  }

  hasInterestFrom(sessionId: string, browserKey: string): boolean {
    return this.interestFrom.get(sessionId, browserKey) !== undefined;
  }

  interestedBrowsers(sessionId: string): string[] {
    return this.interestKeys.all(sessionId).map((row) => row.browser_key);
  }
}

/**
 * True when SQLite refused a write because a UNIQUE constraint (such as one session per cell) held.
 * Matches on the code, not `instanceof Error`: better-sqlite3's native addon keeps the SqliteError
 * class of the first realm that loaded it, so under Jest (a realm per test file) instanceof fails.
 */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
