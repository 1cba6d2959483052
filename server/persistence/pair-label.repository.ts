import type { Db } from './database';
import { orderedPair } from './facilitation.repository';

/** Who said it: the pitcher at the pitch form, an attendee from a card, or a host of one of the two sessions. */
export type PairLabelSource = 'pitcher' | 'attendee' | 'host';
/** What they said: the same conversation, worth linking, or different. */
export type PairLabelKind = 'same' | 'link' | 'different';

export interface PairLabel {
  /** In id order: (a, b) and (b, a) are one pair. */
  pair: [string, string];
  source: PairLabelSource;
  label: PairLabelKind;
  browserKey: string;
  createdAt: string;
  /** When an organiser cleared it; null while it counts. */
  clearedAt: string | null;
}

interface Row {
  session_a: string;
  session_b: string;
  source: PairLabelSource;
  label: PairLabelKind;
  browser_key: string;
  created_at: string;
  cleared_at: string | null;
}

const toLabel = (row: Row): PairLabel => ({
  pair: [row.session_a, row.session_b],
  source: row.source,
  label: row.label,
  browserKey: row.browser_key,
  createdAt: row.created_at,
  clearedAt: row.cleared_at,
});

/** Labelled pairs said by people (pair_labels, migration 0009): one per pair, source and browser. */
export class PairLabelRepository {
  private readonly upsert;
  private readonly ofEvent;
  private readonly ofPair;
  private readonly clearPair;
  private readonly removeOne;

  constructor(db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO pair_labels (event_id, session_a, session_b, source, label, browser_key, created_at, cleared_at)
       VALUES (@eventId, @a, @b, @source, @label, @browserKey, @now, NULL)
       ON CONFLICT (event_id, session_a, session_b, source, browser_key)
       DO UPDATE SET label = excluded.label, created_at = excluded.created_at, cleared_at = NULL`,
    );
    this.ofEvent = db.prepare<[string], Row>('SELECT * FROM pair_labels WHERE event_id = ? ORDER BY created_at, session_a, session_b');
    this.ofPair = db.prepare<[string, string, string], Row>(
      'SELECT * FROM pair_labels WHERE event_id = ? AND session_a = ? AND session_b = ? ORDER BY created_at',
    );
    this.clearPair = db.prepare(
      'UPDATE pair_labels SET cleared_at = ? WHERE event_id = ? AND session_a = ? AND session_b = ? AND source = ? AND cleared_at IS NULL',
    );
    this.removeOne = db.prepare(
      'DELETE FROM pair_labels WHERE event_id = ? AND session_a = ? AND session_b = ? AND source = ? AND browser_key = ?',
    );
  }

  /** Records what a browser says about a pair as `source`; saying it again replaces its earlier word (and un-clears it). */
  say(
    eventId: string,
    a: string,
    b: string,
    entry: { source: PairLabelSource; label: PairLabelKind; browserKey: string; now: string },
  ): void {
    const [x, y] = orderedPair(a, b);
    this.upsert.run({ eventId, a: x, b: y, ...entry });
  }

  /** Takes back what a browser said about a pair as `source`; true when there was something. */
  unsay(eventId: string, a: string, b: string, source: PairLabelSource, browserKey: string): boolean {
    const [x, y] = orderedPair(a, b);
    return this.removeOne.run(eventId, x, y, source, browserKey).changes > 0;
  }

  /** Every label of the event, cleared ones included, oldest first. */
  all(eventId: string): PairLabel[] {
    return this.ofEvent.all(eventId).map(toLabel);
  }

  pair(eventId: string, a: string, b: string): PairLabel[] {
    const [x, y] = orderedPair(a, b);
    return this.ofPair.all(eventId, x, y).map(toLabel);
  }

  /** An organiser clears the pair's labels from one source (attendees' flags): kept, no longer counted. Returns how many. */
  clear(eventId: string, a: string, b: string, source: PairLabelSource, now: string): number {
    const [x, y] = orderedPair(a, b);
    return this.clearPair.run(now, eventId, x, y, source).changes;
  }
}
