import type { NoteEntry } from '../domain/notes';
import type { Db } from './database';

interface NoteRow {
  id: number;
  event_id: string;
  session_id: string;
  author: string;
  body: string;
  created_at: string;
  hidden_at: string | null;
}

/** A note as stored, hidden ones included (exports keep them). */
export type StoredNote = NoteEntry & { hiddenAt: string | null };

const toNote = (row: NoteRow, sessionId = row.session_id): StoredNote => ({
  id: row.id,
  eventId: row.event_id,
  sessionId,
  author: row.author,
  body: row.body,
  createdAt: row.created_at,
  hiddenAt: row.hidden_at,
});

const visible = ({ hiddenAt: _hidden, ...note }: StoredNote): NoteEntry => note;

/**
 * A session merged into another keeps its own notes, and they show on the session it joined (an undo
 * of the merge takes them back). `family` is a session and everything merged into it, however deep.
 */
const FAMILY = `WITH RECURSIVE family(id) AS (
  SELECT ? UNION SELECT s.id FROM sessions s JOIN family f ON s.merged_into = f.id
)`;

/** Each session of an event on the board, and every session merged into it, mapped to the one on the board. */
const OWNERS = `WITH RECURSIVE owner(id, root) AS (
  SELECT id, id FROM sessions WHERE event_id = ? AND merged_into IS NULL AND hidden_at IS NULL
  UNION SELECT s.id, o.root FROM sessions s JOIN owner o ON s.merged_into = o.id
)`;

/** Notes taken during sessions. All SQL for them lives here. */
export class NoteRepository {
  private readonly insertRow;
  private readonly ofSession;
  private readonly byId;
  private readonly hideRow;
  private readonly visibleOfEvent;
  private readonly hiddenOfEvent;
  private readonly unhideRow;
  private readonly ofEvent;

  constructor(db: Db) {
    this.insertRow = db.prepare<[string, string, string, string, string, string | null], NoteRow>(
      `INSERT INTO session_notes (event_id, session_id, author, body, created_at, hidden_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    );
    this.ofSession = db.prepare<[string], NoteRow>(`${FAMILY} SELECT n.* FROM session_notes n WHERE n.session_id IN family ORDER BY n.id`);
    this.byId = db.prepare<[string, number], NoteRow>('SELECT * FROM session_notes WHERE event_id = ? AND id = ?');
    this.ofEvent = db.prepare<[string], NoteRow>('SELECT * FROM session_notes WHERE event_id = ? ORDER BY id');
    this.hideRow = db.prepare('UPDATE session_notes SET hidden_at = ? WHERE id = ? AND hidden_at IS NULL');
    this.unhideRow = db.prepare('UPDATE session_notes SET hidden_at = NULL WHERE id = ? AND hidden_at IS NOT NULL');
    this.hiddenOfEvent = db.prepare<[string], NoteRow & { root: string }>(
      `${OWNERS} SELECT n.*, o.root FROM session_notes n JOIN owner o ON o.id = n.session_id WHERE n.hidden_at IS NOT NULL ORDER BY n.hidden_at, n.id`,
    );
    this.visibleOfEvent = db.prepare<[string], NoteRow & { root: string }>(
      `${OWNERS} SELECT n.*, o.root FROM session_notes n JOIN owner o ON o.id = n.session_id WHERE n.hidden_at IS NULL ORDER BY n.id`,
    );
  }

  /** `hiddenAt` is only ever set by an import that carries a hidden note. */
  insert(note: {
    eventId: string;
    sessionId: string;
    author: string;
    body: string;
    createdAt: string;
    hiddenAt?: string | null;
  }): NoteEntry {
    const row = this.insertRow.get(note.eventId, note.sessionId, note.author, note.body, note.createdAt, note.hiddenAt ?? null);
    if (!row) throw new Error('note insert returned no row');
    return visible(toNote(row));
  }

  /** The visible notes shown on a session's page (its own and those of sessions merged into it), oldest first. */
  forSession(sessionId: string): NoteEntry[] {
    return this.stored(sessionId).flatMap((n) => (n.hiddenAt ? [] : [visible(n)]));
  }

  /** Every note of the session's page, hidden ones too, each named by that session. */
  stored(sessionId: string): StoredNote[] {
    return this.ofSession.all(sessionId).map((row) => toNote(row, sessionId));
  }

  /** Every note of the event, each under the session it was written on (not the one that session joined), oldest first. */
  everyStored(eventId: string): StoredNote[] {
    return this.ofEvent.all(eventId).map((row) => toNote(row));
  }

  find(eventId: string, id: number): StoredNote | null {
    const row = this.byId.get(eventId, id);
    return row ? toNote(row) : null;
  }

  /** False when it was hidden already. */
  hide(id: number, now: string): boolean {
    return this.hideRow.run(now, id).changes > 0;
  }

  /** False when it was not hidden. */
  unhide(id: number): boolean {
    return this.unhideRow.run(id).changes > 0;
  }

  /** Hidden notes of the event's sessions on the board, each named by the session whose page would show it. */
  hiddenByEvent(eventId: string): StoredNote[] {
    return this.hiddenOfEvent.all(eventId).map((row) => toNote(row, row.root));
  }

  /** Visible notes of the event's sessions on the board, by the session whose page shows them, oldest first. */
  visibleByEvent(eventId: string): Map<string, NoteEntry[]> {
    const out = new Map<string, NoteEntry[]>();
    for (const row of this.visibleOfEvent.all(eventId)) {
      const list = out.get(row.root) ?? [];
      list.push(visible(toNote(row, row.root)));
      out.set(row.root, list);
    }
    return out;
  }
}
