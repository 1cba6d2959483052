/**
 * The sentence vectors an analysis thread holds, per event, so a job names the sessions it needs
 * (id and text hash) instead of carrying 4 KB of vectors per session every time. The main thread
 * sends a vector once, when the thread says it lacks it (see `AnalysisThread`), or the thread made
 * it itself (an `embed` job). Bounded: past `maxSessions` vectors, the events used longest ago are
 * dropped whole (a later job that needs them gets them sent again).
 */

/** Both vectors of one session and the hash of the texts they were made from (`textHash`). */
export interface SessionVectors {
  id: string;
  hash: string;
  vector: Float32Array;
  titleVector: Float32Array;
}

/** A session a job needs the vectors of: its id and the hash its vectors must have. */
export type VectorNeed = readonly [id: string, hash: string];

/** About 4 KB each (two 512-d float32 vectors): 10,000 sessions are 40 MB per thread. */
export const MAX_CACHED_SESSIONS = 10_000;

export class VectorCache {
  /** In order of last use: a Map keeps insertion order, and a used event is moved to the end. */
  private readonly events = new Map<string, Map<string, SessionVectors>>();
  private size = 0;

  constructor(private readonly maxSessions = MAX_CACHED_SESSIONS) {}

  put(eventId: string, vectors: readonly SessionVectors[]): void {
    const event = this.use(eventId);
    for (const v of vectors) {
      if (!event.has(v.id)) this.size += 1;
      event.set(v.id, v);
    }
    this.evict(eventId);
  }

  /** The ids of `needs` whose vectors, with that hash, are not held. */
  missing(eventId: string, needs: readonly VectorNeed[]): string[] {
    const event = this.events.get(eventId);
    return needs.filter(([id, hash]) => event?.get(id)?.hash !== hash).map(([id]) => id);
  }

  /** The event's vectors (marks it used). */
  of(eventId: string): ReadonlyMap<string, SessionVectors> {
    return this.use(eventId);
  }

  /** Drops the event's vectors of sessions not in `ids` (withdrawn, merged away, deleted). */
  retain(eventId: string, ids: ReadonlySet<string>): void {
    const event = this.events.get(eventId);
    if (!event) return;
    for (const id of event.keys()) {
      if (ids.has(id)) continue;
      event.delete(id);
      this.size -= 1;
    }
  }

  /** How many sessions' vectors are held (for tests and monitoring). */
  get sessions(): number {
    return this.size;
  }

  private use(eventId: string): Map<string, SessionVectors> {
    const event = this.events.get(eventId) ?? new Map<string, SessionVectors>();
    this.events.delete(eventId);
    this.events.set(eventId, event);
    return event;
  }

  private evict(keep: string): void {
    for (const [eventId, event] of this.events) {
      if (this.size <= this.maxSessions) return;
      if (eventId === keep) continue;
      this.size -= event.size;
      this.events.delete(eventId);
    }
  }
}
