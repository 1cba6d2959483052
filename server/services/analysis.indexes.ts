/**
 * The similar-sessions indexes an analysis thread keeps (`similarIndex`, analysis/similar.ts), one
 * per event, for the board content it was built from (a key the main thread computes from every
 * session's id, text hash and vector hash). A pitch form asks for a list on every pause in typing:
 * with the index held, a list costs one pass over the event instead of reading it all again.
 * Bounded: past `maxEvents`, the event used longest ago is dropped (rebuilt when asked again).
 * A refresh (a build for a new key) keeps the index it replaces until a list asks for the new key:
 * lists the main thread sent before it learnt of the new index are answered from the old one
 * rather than found stale and sent again.
 */
import { similarIndex, type AnalysisSession, type ReadingCache, type SimilarIndex } from '../../analysis';

/** Events whose index a thread holds at most (about 8 MB each at 1,000 sessions with vectors; twice that during a refresh). */
export const MAX_INDEXED_EVENTS = 8;

interface Held {
  key: string;
  index: SimilarIndex;
  /** Texts already read, so a rebuild after one new pitch reads only that pitch. */
  readings: ReadingCache;
  /** The index this one replaced, until a list asks for this one. */
  previous: { key: string; index: SimilarIndex } | null;
}

export class SimilarIndexCache {
  /** In order of last use. */
  private readonly events = new Map<string, Held>();

  constructor(private readonly maxEvents = MAX_INDEXED_EVENTS) {}

  /** The event's index for `key`, or null when the thread holds none for that key. */
  get(eventId: string, key: string): SimilarIndex | null {
    const held = this.events.get(eventId);
    if (held?.previous?.key === key) return held.previous.index;
    if (!held || held.key !== key) return null;
    held.previous = null;
    this.events.delete(eventId);
    this.events.set(eventId, held);
    return held.index;
  }

  /** Builds and keeps the event's index for `key` from its sessions (with their vectors). */
  build(eventId: string, key: string, sessions: readonly AnalysisSession[]): SimilarIndex {
    // Texts edited away pile up over a long day: past twice the board, the readings start afresh.
    const replaced = this.events.get(eventId);
    let readings: ReadingCache | undefined = replaced?.readings;
    if (!readings || readings.size > 2 * sessions.length + 64) readings = new Map();
    const index = similarIndex(sessions, readings);
    this.events.delete(eventId);
    this.events.set(eventId, { key, index, readings, previous: replaced ? { key: replaced.key, index: replaced.index } : null });
    for (const id of this.events.keys()) {
      if (this.events.size <= this.maxEvents) break;
      this.events.delete(id);
    }
    return index;
  }

  get size(): number {
    return this.events.size;
  }
}
