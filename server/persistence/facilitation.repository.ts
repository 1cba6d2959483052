import type { Link } from '../domain/types';
import type { Db } from './database';

/** A facilitator's decision on a pair; the decisions table's CHECK lists the same (a test compares them). */
export const DECISION_KINDS = ['dismissed', 'linked', 'merged'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface Decision {
  pair: Link;
  kind: DecisionKind;
  createdAt: string;
}

export interface HistoryEntry {
  id: number;
  eventId: string;
  action: 'merge' | 'link' | 'dismiss' | 'undo' | 'schedule';
  summary: string;
  payload: string;
  undoes: number | null;
  undoneBy: number | null;
  createdAt: string;
}

interface HistoryRow {
  id: number;
  event_id: string;
  action: HistoryEntry['action'];
  summary: string;
  payload: string;
  undoes: number | null;
  undone_by: number | null;
  created_at: string;
}

const toEntry = (row: HistoryRow): HistoryEntry => ({
  id: row.id,
  eventId: row.event_id,
  action: row.action,
  summary: row.summary,
  payload: row.payload,
  undoes: row.undoes,
  undoneBy: row.undone_by,
  createdAt: row.created_at,
});

/** Pairs are stored in id order so (a, b) and (b, a) are one pair. */
export const orderedPair = (a: string, b: string): Link => (a < b ? [a, b] : [b, a]);

/** Facilitators' decisions about pairs, and the event history that makes them undoable. */
export class FacilitationRepository {
  private readonly decisionsOf;
  private readonly upsertDecision;
  private readonly deleteDecision;
  private readonly decisionOf;
  private readonly insertHistory;
  private readonly historyOf;
  private readonly historyEntry;
  private readonly historyAfter;
  private readonly markUndone;
  private readonly facilitatorHash;
  private readonly setFacilitatorHash;
  private readonly decisionsWithTimes;
  private readonly historyInOrder;

  constructor(db: Db) {
    this.decisionsOf = db.prepare<[string], { session_a: string; session_b: string; kind: DecisionKind; created_at: string }>(
      'SELECT session_a, session_b, kind, created_at FROM decisions WHERE event_id = ? ORDER BY session_a, session_b',
    );
    this.decisionOf = db.prepare<[string, string, string], { kind: DecisionKind; created_at: string }>(
      'SELECT kind, created_at FROM decisions WHERE event_id = ? AND session_a = ? AND session_b = ?',
    );
    this.upsertDecision = db.prepare(
      `INSERT INTO decisions (event_id, session_a, session_b, kind, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (event_id, session_a, session_b) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at`,
    );
    this.deleteDecision = db.prepare('DELETE FROM decisions WHERE event_id = ? AND session_a = ? AND session_b = ?');
    this.insertHistory = db.prepare<[string, string, string, string, number | null, string], { id: number }>(
      `INSERT INTO history (event_id, action, summary, payload, undoes, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    this.historyOf = db.prepare<[string, number], HistoryRow>('SELECT * FROM history WHERE event_id = ? ORDER BY id DESC LIMIT ?');
    this.historyEntry = db.prepare<[string, number], HistoryRow>('SELECT * FROM history WHERE event_id = ? AND id = ?');
    this.historyAfter = db.prepare<[string, number], HistoryRow>('SELECT * FROM history WHERE event_id = ? AND id > ? ORDER BY id');
    this.markUndone = db.prepare('UPDATE history SET undone_by = ? WHERE id = ?');
    this.facilitatorHash = db.prepare<[string], { facilitator_token_hash: string | null }>(
      'SELECT facilitator_token_hash FROM events WHERE id = ?',
    );
    this.setFacilitatorHash = db.prepare('UPDATE events SET facilitator_token_hash = ? WHERE id = ?');
    this.decisionsWithTimes = db.prepare<[string], { session_a: string; session_b: string; kind: DecisionKind; created_at: string }>(
      'SELECT session_a, session_b, kind, created_at FROM decisions WHERE event_id = ? ORDER BY created_at, session_a, session_b',
    );
    this.historyInOrder = db.prepare<[string], HistoryRow>('SELECT * FROM history WHERE event_id = ? ORDER BY id');
  }

  decisions(eventId: string): Decision[] {
    return this.decisionsOf
      .all(eventId)
      .map((row) => ({ pair: [row.session_a, row.session_b], kind: row.kind, createdAt: row.created_at }));
  }

  /** Every decision with when it was made, oldest first (exports). */
  timedDecisions(eventId: string): (Decision & { createdAt: string })[] {
    return this.decisionsWithTimes
      .all(eventId)
      .map((row) => ({ pair: [row.session_a, row.session_b], kind: row.kind, createdAt: row.created_at }));
  }

  /** The whole history, oldest first (exports). */
  allHistory(eventId: string): HistoryEntry[] {
    return this.historyInOrder.all(eventId).map(toEntry);
  }

  /** The decision on a pair and when it was made (kept so an undo restores it exactly). */
  decision(eventId: string, a: string, b: string): { kind: DecisionKind; createdAt: string } | null {
    const [x, y] = orderedPair(a, b);
    const row = this.decisionOf.get(eventId, x, y);
    return row ? { kind: row.kind, createdAt: row.created_at } : null;
  }

  decide(eventId: string, a: string, b: string, kind: DecisionKind, now: string): void {
    const [x, y] = orderedPair(a, b);
    this.upsertDecision.run(eventId, x, y, kind, now);
  }

  forget(eventId: string, a: string, b: string): void {
    const [x, y] = orderedPair(a, b);
    this.deleteDecision.run(eventId, x, y);
  }

  record(entry: {
    eventId: string;
    action: HistoryEntry['action'];
    summary: string;
    payload: unknown;
    undoes?: number;
    now: string;
  }): number {
    const row = this.insertHistory.get(
      entry.eventId,
      entry.action,
      entry.summary,
      JSON.stringify(entry.payload),
      entry.undoes ?? null,
      entry.now,
    );
    if (!row) throw new Error('history insert returned no id');
    return row.id;
  }

  history(eventId: string, limit = 100): HistoryEntry[] {
    return this.historyOf.all(eventId, limit).map(toEntry);
  }

  entry(eventId: string, id: number): HistoryEntry | null {
    const row = this.historyEntry.get(eventId, id);
    return row ? toEntry(row) : null;
  }

  /** Entries recorded after the given one, oldest first. */
  after(eventId: string, id: number): HistoryEntry[] {
    return this.historyAfter.all(eventId, id).map(toEntry);
  }

  setUndone(id: number, by: number): void {
    this.markUndone.run(by, id);
  }

  facilitatorTokenHash(eventId: string): string | null {
    return this.facilitatorHash.get(eventId)?.facilitator_token_hash ?? null;
  }

  setFacilitatorTokenHash(eventId: string, hash: string): void {
    this.setFacilitatorHash.run(hash, eventId);
  }
}
