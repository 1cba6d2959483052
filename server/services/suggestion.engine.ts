import { embeddingText, titleEmbeddingText, type FoundOverlap } from '../../analysis';
import { clashPairs, type ClashPair } from '../domain/clashes';
import { fuseEvidence, type TextEvidence } from '../domain/evidence';
import { suggestionId } from '../domain/suggestion';
import type { Logger } from '../ops/logger';
import type { OverlapMark, Suggestion } from '../protocol/events';
import { readSnapshot, storedVectors, textHash, type EventSnapshot } from './analysis.snapshot';
import type { AnalysisRunner } from './analysis.thread';
import type { VectorNeed } from './analysis.vectors';
import type { ServiceContext } from './context';

/** The engine's sense of time, injected so tests decide when timers fire. */
export interface EngineTimers {
  now(): number;
  /** Runs `task` after `ms` (never keeping the process alive); returns a cancel function. */
  after(ms: number, task: () => void): () => void;
}

export const realTimers: EngineTimers = {
  now: () => performance.now(),
  after(ms, task) {
    const timer = setTimeout(task, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface SuggestionEngineOptions {
  /** Where embedding and detection run (worker threads in production). */
  runner: AnalysisRunner;
  logger: Logger;
  /** Changes arriving within this window are read together (default 100 ms). */
  debounceMs?: number;
  timers?: EngineTimers;
}

/** Sessions per embedding job: 64 texts, two of the encoder's batches; other events' jobs run between them. */
export const EMBED_CHUNK = 32;
/** Events whose detection may be under way at once; others wait their turn. */
export const MAX_DETECTING = 2;
/**
 * Reading a large event costs this thread time (about 10 ms at 2,000 sessions, several times that on
 * a busy machine): ticks of one event are spaced by at least this many times the last one's cost,
 * so they take at most about a tenth of the thread however fast changes arrive.
 */
export const TICK_SPACING = 10;
/**
 * Suggestions published per event at most, strongest first. Real events have tens; a flood of
 * look-alike pitches (2,000 templated titles give about 13,000 overlaps) would otherwise send
 * megabytes to every board after each analysis, and no facilitator reads past the first few hundred.
 */
export const MAX_SUGGESTIONS = 500;
/** Events waiting for a turn at most; past it the one waiting longest is dropped and analysed on its next change or join. */
export const MAX_WAITING = 1000;

/** The marks boards get, by id: the same marks listed in another order are no change to a board. */
const marksKey = (marks: readonly OverlapMark[]): string =>
  JSON.stringify([...marks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));

interface EventState {
  /** The last detection's overlaps (grid-free), and the content key of the snapshot they were found in. */
  found: FoundOverlap[] | null;
  /** The same detection's flagged pairs, each on its own: the text evidence the fusion weighs. */
  pairs: FoundOverlap[];
  foundKey: string | null;
  /** What `current` answers: the suggestions last published, null before the first detection. */
  suggestions: Suggestion[] | null;
  /** What `marks` answers: the detector's overlaps, which every board marks (people's flags are not in them). */
  marks: OverlapMark[];
  /** What `clashes` answers: pairs whose cards warn when they share a slot (the marks' pairs and "people want both"). */
  clashes: ClashPair[];
  /** Clashes listed by the last fusion with their text evidence: listed until they no longer clash or are decided. */
  listed: Map<string, TextEvidence>;
  /** Cancels the tick that is due, if one is. */
  cancelTick: (() => void) | null;
  /** A change arrived that no tick has read yet. */
  dirty: boolean;
  /** The detection under way (waiting for its turn, embedding or detecting). */
  detection: Promise<void> | null;
  /** No detection of this event starts before this time (`timers.now()`): its last detect job's duration after it ended. */
  restUntil: number;
  /** The content key whose detection failed: not tried again by itself until the content changes. */
  failedKey: string | null;
  /** How long the last tick's read and explanation took (`timers.now()` ms). */
  tickMs: number;
  /** Its detection was dropped from a full queue: it waits for its next change or join. */
  dropped: boolean;
  /**
   * What was published is the empty stand-in for a first analysis that ended without a result
   * (`endFirstAnalysis`): the next outcome is published even if it is empty too, as panels opened
   * during the next try say "Analysing…" until they hear it.
   */
  standIn: boolean;
}

/**
 * Keeps each event's overlap suggestions current, off the request path and off this thread.
 *
 * Every committed change to an event marks it dirty and schedules one *tick* after `debounceMs`
 * (later changes in that window join it; for a large event, `TICK_SPACING` times the last tick's cost). A tick reads the event once and compares its content key
 * (every session's text and the decisions; not the grid) with that of the last detection:
 *  - the same (a move, a room renamed): the last overlaps are explained again for the grid as it is
 *    now (`explainOverlap`, cheap, on this thread): no embedding, no detection;
 *  - different: the last overlaps are explained for the new grid at once, and a detection starts:
 *    sessions without current vectors are embedded in the background worker (`EMBED_CHUNK` at a
 *    time, vectors stored as they come), then the detector runs there on the worker's cached
 *    vectors, and a tick explains the result.
 * Bounded: one detection per event at a time (changes meanwhile are read by the tick that follows
 * it), at most `MAX_DETECTING` events at once and `MAX_WAITING` waiting; an event rests after a
 * detection as long as its detect job took, so a stream of pitches into a large event uses at most
 * about half a core. Quiet: with no change, no tick runs; a tick that finds the content analysed
 * starts nothing; a failed detection is not retried until the content changes (or `refresh`).
 * Suggestions are published on the change feed only when they differ from the last ones.
 */
export class SuggestionEngine {
  private readonly states = new Map<string, EventState>();
  private readonly waiting: { start: () => void; drop: () => void }[] = [];
  private detecting = 0;
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private readonly debounceMs: number;
  private readonly timers: EngineTimers;
  private readonly runner: AnalysisRunner;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: SuggestionEngineOptions,
  ) {
    this.debounceMs = options.debounceMs ?? 100;
    this.timers = options.timers ?? realTimers;
    this.runner = options.runner;
  }

  start(): void {
    this.unsubscribe = this.ctx.changes.subscribe((change) => {
      // Interest and people's words about pairs are fused again (a tick that finds the text analysed
      // detects nothing); the rest may change the text.
      const kinds = ['sessions', 'board', 'note-added', 'note-hidden', 'interest', 'labels'];
      if (kinds.includes(change.kind)) this.changed(change.eventId);
    });
  }

  /** The last suggestions published for the event (facilitators'); an event never analysed (or dropped from the queue) is scheduled. */
  current(eventId: string): Suggestion[] {
    const state = this.states.get(eventId);
    const never = state && state.foundKey === null && !state.detection && !state.cancelTick && state.failedKey === null;
    if (!state || never || state.dropped) this.changed(eventId);
    return state?.suggestions ?? [];
  }

  /**
   * True while the event's first analysis is under way: nothing is published yet, so an empty list
   * would say "no overlaps" before anyone looked. False once a result is published, and after a
   * first detection that ended without one (failed, refused by a full queue, or dropped from the
   * waiting list: see `endFirstAnalysis`) until the next try is scheduled: true again meanwhile.
   */
  analysing(eventId: string): boolean {
    const state = this.states.get(eventId);
    if (!state) return false;
    if (state.suggestions === null) return state.failedKey === null;
    // After a failure, a tick only tries again if the text changed: a move or an "I'd go" does not.
    return state.standIn && (state.detection !== null || (state.cancelTick !== null && state.failedKey === null));
  }

  /** The overlap marks every board shows: the detector's, never people's flags (`current` schedules as it does). */
  marks(eventId: string): OverlapMark[] {
    this.current(eventId);
    return this.states.get(eventId)?.marks ?? [];
  }

  /**
   * The pairs that warn on the boards of those who may move sessions when they share a slot: the
   * detector's overlaps (the marks) and pairs people want both of, never flags or dismissed pairs.
   */
  clashes(eventId: string): ClashPair[] {
    this.current(eventId);
    return this.states.get(eventId)?.clashes ?? [];
  }

  /**
   * The event's suggestions as of now: waits for a detection under way, then reads the event and, if
   * its content changed since, detects at once (no debounce, no rest, and a failed content is tried
   * again). Rejects when that detection fails.
   */
  async refresh(eventId: string): Promise<Suggestion[]> {
    await this.states.get(eventId)?.detection?.catch(() => undefined);
    const state = this.states.get(eventId);
    const settled =
      state &&
      state.suggestions !== null &&
      !state.dirty &&
      !state.dropped &&
      !state.cancelTick &&
      !state.detection &&
      state.failedKey === null;
    if (!settled) await this.tick(eventId, true);
    return this.states.get(eventId)?.suggestions ?? [];
  }

  /** Stops scheduling and ends the analysis workers; detections in flight keep their last suggestions. */
  close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    for (const state of this.states.values()) state.cancelTick?.();
    for (const waiter of this.waiting.splice(0)) waiter.drop();
    return this.runner.close();
  }

  private state(eventId: string): EventState {
    let state = this.states.get(eventId);
    if (!state) {
      state = {
        found: null,
        pairs: [],
        foundKey: null,
        suggestions: null,
        marks: [],
        clashes: [],
        listed: new Map(),
        cancelTick: null,
        dirty: false,
        detection: null,
        restUntil: 0,
        failedKey: null,
        dropped: false,
        standIn: false,
        tickMs: 0,
      };
      this.states.set(eventId, state);
    }
    return state;
  }

  /** A change to the event: one tick after the debounce, however many changes arrive meanwhile. */
  private changed(eventId: string): void {
    if (this.closed) return;
    const state = this.state(eventId);
    state.dirty = true;
    if (!state.cancelTick) this.tickIn(eventId, state, Math.max(this.debounceMs, TICK_SPACING * state.tickMs));
  }

  private tickIn(eventId: string, state: EventState, ms: number): void {
    state.cancelTick?.();
    state.cancelTick = this.timers.after(ms, () => {
      state.cancelTick = null;
      this.tick(eventId, false).catch((error: unknown) => {
        if (!this.closed) this.options.logger.error(`analysis of event ${eventId} failed`, error);
      });
    });
  }

  /**
   * Reads the event, explains the last overlaps for its grid, and starts a detection if its content
   * changed (see the class comment). Resolves when that detection (if any) has ended.
   */
  private async tick(eventId: string, force: boolean): Promise<void> {
    if (this.closed) return;
    const state = this.state(eventId);
    state.cancelTick?.();
    state.cancelTick = null;
    // Before the first detection there is nothing to explain; the detection's own tick reads the changes.
    if (state.detection && !state.found) return state.detection;
    state.dirty = false;
    const started = this.timers.now();
    const snapshot = readSnapshot(this.ctx, eventId);
    if (!snapshot) {
      this.states.delete(eventId);
      return;
    }
    this.explain(eventId, state, snapshot);
    state.tickMs = this.timers.now() - started;
    if (state.foundKey === snapshot.key) return;
    if (state.detection) return state.detection;
    if (!force && state.failedKey === snapshot.key) return;
    const rest = state.restUntil - this.timers.now();
    if (!force && rest > 0) {
      this.tickIn(eventId, state, rest);
      return;
    }
    state.dropped = false;
    const detection = this.detect(eventId, state, snapshot);
    state.detection = detection
      .catch(() => undefined)
      .finally(() => {
        state.detection = null;
        if (this.closed || !this.states.has(eventId)) return;
        // Without a first result (dropped or failed), panels open meanwhile are not left "Analysing…".
        if (!state.found) this.endFirstAnalysis(eventId, state);
        // Analysed on its next change or join.
        if (state.dropped) return;
        // Explains the new overlaps for the grid as it is now, and reads what changed meanwhile.
        this.tick(eventId, false).catch((error: unknown) => {
          if (!this.closed) this.options.logger.error(`analysis of event ${eventId} failed`, error);
        });
      });
    return detection;
  }

  /** Embeds what needs it, then runs the detector in the background worker, after waiting for a turn. */
  private async detect(eventId: string, state: EventState, snapshot: EventSnapshot): Promise<void> {
    try {
      await this.turn();
    } catch {
      state.dropped = true;
      return;
    }
    try {
      const current = await this.embedMissing(eventId, snapshot);
      if (this.closed) return;
      const needs: VectorNeed[] = snapshot.sessions.flatMap((s) => {
        const hash = current.get(s.id);
        return hash ? [[s.id, hash] as const] : [];
      });
      const started = this.timers.now();
      const { found, pairs } = await this.runner.run(
        'detect',
        {
          eventId,
          sessions: snapshot.sessions.map((s) => ({ id: s.id, title: s.title, notes: s.notes, vectorHash: current.get(s.id) ?? null })),
          decidedAway: snapshot.decidedAway,
          dismissed: snapshot.decisions.filter((d) => d.kind === 'dismissed').map((d) => d.pair),
          confirmed: snapshot.decisions.filter((d) => d.kind !== 'dismissed').map((d) => d.pair),
          // Headroom over what is published: overlaps of sessions that leave before the next detection are dropped.
          limit: 2 * MAX_SUGGESTIONS,
        },
        { lane: 'background', vectors: { needs: { eventId, sessions: needs }, load: (ids) => storedVectors(this.ctx, ids) } },
      );
      const ended = this.timers.now();
      state.restUntil = ended + (ended - started);
      state.found = found;
      state.pairs = pairs;
      state.foundKey = snapshot.key;
      state.failedKey = null;
    } catch (error) {
      state.failedKey = snapshot.key;
      throw error;
    } finally {
      this.release();
    }
  }

  /**
   * Embeds, in the background worker, the sessions whose stored vectors are missing or stale, and
   * stores each chunk's vectors as it comes. Returns each session's current vectors' hash.
   */
  private async embedMissing(eventId: string, snapshot: EventSnapshot): Promise<Map<string, string>> {
    const current = new Map<string, string>();
    const missing: { id: string; hash: string; text: string; titleText: string }[] = [];
    const stored = this.ctx.embeddings.hashes(eventId);
    for (const s of snapshot.sessions) {
      const hash = textHash(s);
      if (stored.get(s.id) === hash) current.set(s.id, hash);
      else if (this.runner.embeds) missing.push({ id: s.id, hash, text: embeddingText(s), titleText: titleEmbeddingText(s) });
    }
    for (let start = 0; start < missing.length && !this.closed; start += EMBED_CHUNK) {
      const vectors = await this.runner.run(
        'embed',
        { eventId, sessions: missing.slice(start, start + EMBED_CHUNK) },
        { lane: 'background' },
      );
      if (this.closed) break;
      this.ctx.db.transaction(() => {
        for (const v of vectors) this.ctx.embeddings.save(v.id, v.hash, v.vector, v.titleVector);
      })();
      for (const v of vectors) current.set(v.id, v.hash);
    }
    return current;
  }

  /** Waits until fewer than MAX_DETECTING detections run; the queue is capped (the longest waiting is dropped). */
  private turn(): Promise<void> {
    if (this.detecting < MAX_DETECTING) {
      this.detecting += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({
        start: () => {
          this.detecting += 1;
          resolve();
        },
        drop: () => reject(new Error('dropped from a full queue')),
      });
      if (this.waiting.length > MAX_WAITING) this.waiting.shift()?.drop();
    });
  }

  private release(): void {
    this.detecting -= 1;
    if (!this.closed) this.waiting.shift()?.start();
  }

  /**
   * A first detection that ended without a result (it failed, or was dropped before it ran): an
   * empty result, so panels already open stop saying "Analysing…" instead of waiting for a result
   * nothing is computing. Once per try; nothing if a real result was published before.
   */
  private endFirstAnalysis(eventId: string, state: EventState): void {
    if (state.suggestions !== null && !state.standIn) return;
    state.standIn = true;
    state.suggestions = [];
    state.marks = [];
    state.clashes = [];
    this.ctx.changes.publish({
      kind: 'suggestions',
      eventId,
      suggestions: [],
      marks: [],
      marksChanged: false,
      clashes: [],
      clashesChanged: false,
    });
  }

  /**
   * The last overlaps on the grid as the snapshot has it (the boards' marks), and every piece of
   * evidence fused (facilitators' list); published when either differs from the last.
   */
  private explain(eventId: string, state: EventState, snapshot: EventSnapshot): void {
    if (!state.found) return;
    const byId = new Map(snapshot.sessions.map((s) => [s.id, s]));
    const kept = state.found
      // A session withdrawn or merged since the detection takes its overlaps with it.
      .filter((found) => found.sessions.every((id) => byId.has(id)))
      .slice(0, MAX_SUGGESTIONS);
    const marks: OverlapMark[] = kept.map((found) => ({ id: suggestionId(found.sessions), sessions: found.sessions }));
    const fused = fuseEvidence({
      sessions: snapshot.sessions,
      rooms: snapshot.rooms,
      slots: snapshot.slots,
      text: state.pairs,
      labels: snapshot.labels,
      decisions: snapshot.decisions,
      interests: snapshot.interests,
      listed: state.listed,
    });
    state.listed = fused.listed;
    const clashes = clashPairs({ found: kept, wantBoth: fused.wantBoth, decisions: snapshot.decisions });
    const suggestions = fused.suggestions.slice(0, MAX_SUGGESTIONS);
    const previous = state.suggestions;
    const marksChanged = marksKey(marks) !== marksKey(state.marks);
    const clashesChanged = JSON.stringify(clashes) !== JSON.stringify(state.clashes);
    const same = previous !== null && !marksChanged && !clashesChanged && JSON.stringify(suggestions) === JSON.stringify(previous);
    if (same && !state.standIn) return;
    state.standIn = false;
    state.suggestions = suggestions;
    state.marks = marks;
    state.clashes = clashes;
    // Before the first analysis, boards were given no marks (`current`).
    this.ctx.changes.publish({ kind: 'suggestions', eventId, suggestions, marks, marksChanged, clashes, clashesChanged });
  }
}
