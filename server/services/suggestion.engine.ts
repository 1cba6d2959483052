import { createHash } from 'node:crypto';
import { embeddingText, titleEmbeddingText, type AnalysisSession, type Embedder } from '../../analysis';
import { withNoteEntries, type NoteEntry } from '../domain/notes';
import { gridMeaning, suggestionId } from '../domain/suggestion';
import type { Room, Session, Slot } from '../domain/types';
import type { Logger } from '../ops/logger';
import type { StoredEmbedding } from '../persistence/embedding.repository';
import { overlapMarks, type Suggestion } from '../protocol/events';
import { runAnalysisJob } from './analysis.job';
import { AnalysisThread, type AnalysisRunner } from './analysis.thread';
import type { ServiceContext } from './context';

export interface SuggestionEngineOptions {
  /** Loads the sentence encoder once, on first need; null runs the detector on words alone. */
  loadEmbedder: (() => Promise<Embedder>) | null;
  logger: Logger;
  /** Pitches arriving within this window are analysed together. */
  debounceMs?: number;
  /**
   * Where the detector runs: a worker thread (the default, so a large event never stalls sockets),
   * or 'inline' on this thread.
   */
  runner?: AnalysisRunner | 'inline';
}

/** Runs the detector on the caller's thread (tests, tools). */
export const inlineRunner: AnalysisRunner = {
  run: async (job) => runAnalysisJob(job),
  close: async () => undefined,
};

/** What the detector reads of a session: its text, its place on the grid and its cached vectors. */
export function analysisInput(
  sessions: readonly Session[],
  rooms: readonly Room[],
  slots: readonly Slot[],
  vectors: ReadonlyMap<string, StoredEmbedding>,
): AnalysisSession[] {
  const roomNames = new Map(rooms.map((r) => [r.id, r.name]));
  const slotStarts = new Map(slots.map((x) => [x.id, x.startsAt]));
  return sessions.map((s) => {
    const cached = vectors.get(s.id);
    const current = cached !== undefined && cached.textHash === textHash(s);
    return {
      id: s.id,
      title: s.title,
      notes: s.notes,
      room: (s.roomId && roomNames.get(s.roomId)) ?? null,
      slot: (s.slotId && slotStarts.get(s.slotId)) ?? null,
      embedding: current ? cached.vector : null,
      titleEmbedding: current ? cached.titleVector : null,
    };
  });
}

/** The marks boards get (`overlapMarks`), by id: the same marks listed in another order are no change to a board. */
const marksKey = (suggestions: readonly Suggestion[]): string =>
  JSON.stringify(overlapMarks(suggestions).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));

/** Sessions embedded per turn of the event loop (two texts each, about 10 ms a text on this 2-core EPYC). */
const EMBED_CHUNK = 4;

/** Identifies the two texts embedded for a session (title and notes start; title alone): a stored vector with another hash is stale. */
export const textHash = (session: Pick<Session, 'title' | 'notes'>): string =>
  createHash('sha256')
    .update(`${embeddingText(session)}\u0000${titleEmbeddingText(session)}`)
    .digest('base64url');

/**
 * The event's sessions on the board as the detector reads them: each one's text is its pitch notes
 * followed by the visible notes taken during it. That text is what `textHash` keys the stored
 * vector by, so a note added or hidden re-embeds that session once, and nothing else.
 */
export function analysedSessions(
  ctx: Pick<ServiceContext, 'sessions' | 'notes'>,
  eventId: string,
  notes: Map<string, NoteEntry[]> = ctx.notes.visibleByEvent(eventId),
): Session[] {
  return ctx.sessions.list(eventId).map((s) =>
    withNoteEntries(
      s,
      (notes.get(s.id) ?? []).map((n) => n.body),
    ),
  );
}

/**
 * Keeps each event's overlap suggestions current, off the request path: every committed change
 * to sessions or the board schedules a debounced analysis of that event. New or edited pitches
 * are embedded once and the vectors stored; the detector then runs on cached vectors, decisions
 * facilitators made are applied, and changed suggestions are announced on the change feed.
 * One analysis per event runs at a time; changes during it trigger one more run.
 */
export class SuggestionEngine {
  private readonly latest = new Map<string, Suggestion[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<Suggestion[]>>();
  private readonly again = new Set<string>();
  private embedder: Promise<Embedder> | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private readonly debounceMs: number;
  private readonly runner: AnalysisRunner;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: SuggestionEngineOptions,
  ) {
    this.debounceMs = options.debounceMs ?? 100;
    this.runner = options.runner === 'inline' ? inlineRunner : (options.runner ?? new AnalysisThread(options.logger));
  }

  start(): void {
    this.unsubscribe = this.ctx.changes.subscribe((change) => {
      if (change.kind === 'sessions' || change.kind === 'board' || change.kind === 'note-added' || change.kind === 'note-hidden') {
        this.schedule(change.eventId);
      }
    });
  }

  /** The last suggestions computed for the event; the first call starts an analysis. */
  current(eventId: string): Suggestion[] {
    const known = this.latest.get(eventId);
    if (!known) this.schedule(eventId);
    return known ?? [];
  }

  /** Analyses the event now (after any analysis already running) and returns its suggestions. */
  async refresh(eventId: string): Promise<Suggestion[]> {
    const inFlight = this.running.get(eventId);
    if (inFlight) {
      this.again.add(eventId);
      await inFlight.catch(() => undefined);
      return this.running.get(eventId) ?? this.refresh(eventId);
    }
    const run = this.analyse(eventId).finally(() => {
      this.running.delete(eventId);
      if (this.again.delete(eventId) && !this.closed) this.schedule(eventId);
    });
    this.running.set(eventId, run);
    return run;
  }

  /** Stops scheduling and ends the analysis worker; analyses in flight keep their last suggestions. */
  close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    return this.runner.close();
  }

  private schedule(eventId: string): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(eventId));
    const timer = setTimeout(() => {
      this.timers.delete(eventId);
      this.refresh(eventId).catch((error: unknown) => this.options.logger.error(`analysis of event ${eventId} failed`, error));
    }, this.debounceMs);
    timer.unref();
    this.timers.set(eventId, timer);
  }

  private async analyse(eventId: string): Promise<Suggestion[]> {
    if (!this.ctx.events.find(eventId)) {
      this.latest.delete(eventId);
      return [];
    }
    await this.embedMissing(eventId);
    if (this.closed) return this.latest.get(eventId) ?? [];
    let suggestions: Suggestion[];
    try {
      suggestions = await this.detect(eventId);
    } catch (error) {
      // Closing ends the worker under an analysis in flight: it keeps the suggestions it had.
      if (this.closed) return this.latest.get(eventId) ?? [];
      throw error;
    }
    if (this.closed) return this.latest.get(eventId) ?? [];
    const previous = this.latest.get(eventId);
    if (JSON.stringify(suggestions) !== JSON.stringify(previous)) {
      this.latest.set(eventId, suggestions);
      // Before the first analysis, boards were given no marks (`current`).
      const marksChanged = marksKey(suggestions) !== marksKey(previous ?? []);
      this.ctx.changes.publish({ kind: 'suggestions', eventId, suggestions, marksChanged });
    }
    return suggestions;
  }

  /** Embeds sessions that have no vector for their current text, and stores the vectors. */
  private async embedMissing(eventId: string): Promise<void> {
    if (!this.options.loadEmbedder) return;
    const stored = this.ctx.embeddings.forEvent(eventId);
    const missing = analysedSessions(this.ctx, eventId).filter((s) => stored.get(s.id)?.textHash !== textHash(s));
    if (missing.length === 0) return;
    // A model that failed to load is tried again by the next analysis, not kept as a failure.
    this.embedder ??= this.options.loadEmbedder().catch((error: unknown) => {
      this.embedder = null;
      throw error;
    });
    const embedder = await this.embedder;
    // The encoder runs on this thread and its promises resolve without giving I/O a turn: a burst of
    // 3,000 pitches embedded in one call answered no socket or request for over 19 s (npm run bench).
    // A few sessions at a time, with a macrotask between them, keeps acks and broadcasts flowing.
    for (let start = 0; start < missing.length; start += EMBED_CHUNK) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.closed) return;
      // Commands that arrived while the last chunk was embedded are committed and acknowledged
      // first: their group's turn would otherwise come after this chunk (npm run bench, intake).
      this.ctx.writes.flush();
      const chunk = missing.slice(start, start + EMBED_CHUNK);
      const vectors = await embedder.embed([...chunk.map((s) => embeddingText(s)), ...chunk.map((s) => titleEmbeddingText(s))]);
      if (this.closed) return;
      this.ctx.db.transaction(() => {
        chunk.forEach((s, k) => {
          const vector = vectors[k];
          const titleVector = vectors[chunk.length + k];
          if (vector && titleVector) this.ctx.embeddings.save(s.id, textHash(s), vector, titleVector);
        });
      })();
    }
  }

  /** A consistent read of the event, the detector (in the worker) and the facilitators' decisions, then grid wording. */
  private async detect(eventId: string): Promise<Suggestion[]> {
    const { rooms, slots, sessions, vectors, decisions, decidedAway } = this.ctx.db.transaction(() => {
      const live = analysedSessions(this.ctx, eventId);
      const decided = this.ctx.facilitation.decisions(eventId);
      // A merge is a decision about a session that has left the board: its words still say what the
      // facilitator confirmed, so the feedback is given decided sessions that are no longer on the board too.
      const onBoard = new Set(live.map((s) => s.id));
      const away = [...new Set(decided.flatMap((d) => d.pair))]
        .filter((id) => !onBoard.has(id))
        .flatMap((id) => {
          const row = this.ctx.sessions.stored(id);
          return row ? [{ id, title: row.title, notes: row.notes }] : [];
        });
      return {
        rooms: this.ctx.grid.listRooms(eventId),
        slots: this.ctx.grid.listSlots(eventId),
        sessions: live,
        vectors: this.ctx.embeddings.forEvent(eventId),
        decisions: decided,
        decidedAway: away,
      };
    })();
    const overlaps = await this.runner.run({
      sessions: analysisInput(sessions, rooms, slots, vectors),
      decidedAway,
      dismissed: decisions.filter((d) => d.kind === 'dismissed').map((d) => d.pair),
      confirmed: decisions.filter((d) => d.kind !== 'dismissed').map((d) => d.pair),
    });
    const byId = new Map(sessions.map((s) => [s.id, s]));
    return overlaps.map((o) => ({
      id: suggestionId(o.sessions),
      sessions: o.sessions,
      score: o.score,
      relation: o.relation,
      suggestion: o.suggestion,
      reason: o.reason,
      sharedTerms: o.sharedTerms,
      where: gridMeaning(
        o.sessions.flatMap((id) => byId.get(id) ?? []),
        rooms,
        slots,
      ),
    }));
  }
}
