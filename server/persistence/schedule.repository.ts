import type { PairRuleKind, SessionPlanning, StoredPairRule } from '../domain/schedule/types';
import type { Db } from './database';

interface PlanningRow {
  id: string;
  pinned: number;
  hands: number | null;
  availability: string;
}

interface RuleRow {
  id: number;
  kind: PairRuleKind;
  session_a: string;
  session_b: string;
  created_at: string;
}

const planningOf = (row: PlanningRow): SessionPlanning => ({
  sessionId: row.id,
  pinned: row.pinned === 1,
  hands: row.hands,
  availability: row.availability,
});

/** Pins, hands counts, availability and pair rules: the schedule assistant's stored input. */
export class ScheduleRepository {
  private readonly planningRows;
  private readonly everyPlanningRow;
  private readonly setPin;
  private readonly setHandsCount;
  private readonly setAvailabilityText;
  private readonly rulesOf;
  private readonly insertRule;
  private readonly deleteRule;
  private readonly interestRows;

  constructor(db: Db) {
    this.planningRows = db.prepare<[string], PlanningRow>(
      `SELECT id, pinned, hands, availability FROM sessions WHERE event_id = ? AND merged_into IS NULL AND hidden_at IS NULL ORDER BY id`,
    );
    this.everyPlanningRow = db.prepare<[string], PlanningRow>(
      'SELECT id, pinned, hands, availability FROM sessions WHERE event_id = ? ORDER BY id',
    );
    this.setPin = db.prepare('UPDATE sessions SET pinned = ? WHERE id = ?');
    this.setHandsCount = db.prepare('UPDATE sessions SET hands = ? WHERE id = ?');
    this.setAvailabilityText = db.prepare('UPDATE sessions SET availability = ? WHERE id = ?');
    this.rulesOf = db.prepare<[string], RuleRow>(
      'SELECT id, kind, session_a, session_b, created_at FROM pair_rules WHERE event_id = ? ORDER BY id',
    );
    this.insertRule = db.prepare<[string, string, string, string, string], { id: number }>(
      `INSERT INTO pair_rules (event_id, kind, session_a, session_b, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (event_id, kind, session_a, session_b) DO UPDATE SET kind = excluded.kind RETURNING id`,
    );
    this.deleteRule = db.prepare('DELETE FROM pair_rules WHERE event_id = ? AND id = ?');
    this.interestRows = db.prepare<[string], { browser_key: string; session_id: string }>(
      `SELECT i.browser_key, i.session_id FROM interests i JOIN sessions s ON s.id = i.session_id
       WHERE s.event_id = ? AND s.merged_into IS NULL AND s.hidden_at IS NULL ORDER BY i.browser_key, i.session_id`,
    );
  }

  /** Every session on the board, by id order. */
  planning(eventId: string): SessionPlanning[] {
    return this.planningRows.all(eventId).map(planningOf);
  }

  /** Every session of the event, merged and hidden ones too (an undo brings them back as they were): for the export. */
  everyPlanning(eventId: string): SessionPlanning[] {
    return this.everyPlanningRow.all(eventId).map(planningOf);
  }

  pin(sessionId: string, pinned: boolean): void {
    this.setPin.run(pinned ? 1 : 0, sessionId);
  }

  setHands(sessionId: string, hands: number | null): void {
    this.setHandsCount.run(hands, sessionId);
  }

  setAvailability(sessionId: string, text: string): void {
    this.setAvailabilityText.run(text, sessionId);
  }

  rules(eventId: string): StoredPairRule[] {
    return this.rulesOf
      .all(eventId)
      .map((row) => ({ id: row.id, kind: row.kind, a: row.session_a, b: row.session_b, createdAt: row.created_at }));
  }

  /** Adding a rule that exists already returns its id. */
  addRule(eventId: string, kind: PairRuleKind, a: string, b: string, now: string): number {
    const row = this.insertRule.get(eventId, kind, a, b, now);
    if (!row) throw new Error('pair rule insert returned no id');
    return row.id;
  }

  removeRule(eventId: string, id: number): boolean {
    return this.deleteRule.run(eventId, id).changes > 0;
  }

  /** Per browser (in key order), the sessions on the board it said it would go to. */
  interestsByBrowser(eventId: string): string[][] {
    const out: string[][] = [];
    let last: string | null = null;
    for (const row of this.interestRows.all(eventId)) {
      if (row.browser_key !== last) out.push([]);
      last = row.browser_key;
      (out[out.length - 1] as string[]).push(row.session_id);
    }
    return out;
  }
}
