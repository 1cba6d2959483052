import { createHash } from 'node:crypto';
import type { SimilarCandidate } from '../../analysis';
import { describePlacement } from '../domain/board';
import { DomainError, notFound } from '../domain/errors';
import type { Logger } from '../ops/logger';
import type { IndexedSession, SimilarInput } from './analysis.jobs';
import { analysedSessions, storedVectors, textHash } from './analysis.snapshot';
import { AnalysisBusyError, type AnalysisRunner, type RunOptions } from './analysis.thread';
import type { VectorNeed } from './analysis.vectors';
import type { ServiceContext } from './context';

/** A session the pitch form shows as looking like what is being typed. */
export interface SimilarShown {
  id: string;
  title: string;
  pitcher: string;
  /** "Library, Morning (10:45–11:30)", or "Not scheduled yet". */
  where: string;
  /** Why, in plain words ("Both about “low-code”."). */
  reason: string;
}

/** What the index is built from, as of one read of the event. */
interface Indexed {
  version: number;
  /** When it was read (`now()` ms). */
  readAt: number;
  sessions: IndexedSession[];
  /** Sessions read without current vectors: embedded later, they change no version, so they are looked for again. */
  unembedded: number;
  /** Names the sessions' ids, full texts and vectors: the worker's index for another key is not this one. */
  key: string;
}

/** Events whose read is kept between calls; the least recently asked is dropped past it. */
const KEPT_EVENTS = 16;
/**
 * A board of at least SIMILAR_THROTTLE_FROM sessions is kept warm rather than read on a keystroke:
 * a list asked after the board changed is ranked on the index the worker already holds, and the
 * board is read again and its index rebuilt afterwards, at low priority on the interactive lane, at
 * most every SIMILAR_REFRESH_MS. During a flood of pitches into a large event a list may miss the
 * pitches of the last two seconds (never older than SIMILAR_STALE_MS), but a keystroke never pays for reading 1,000 sessions and
 * rebuilding their index. Smaller boards cost little to read: they are read again, before the list,
 * after every change.
 */
export const SIMILAR_REFRESH_MS = 2000;
/**
 * A large board's read older than this, when the board changed since, is not used as it is: the
 * list waits for the refresh it starts. Lists come often while people pitch, so the read is
 * refreshed every SIMILAR_REFRESH_MS and nobody waits; after a quiet spell the first list pays for
 * one refresh instead of missing every pitch made during the quiet.
 */
export const SIMILAR_STALE_MS = 2 * SIMILAR_REFRESH_MS;
export const SIMILAR_THROTTLE_FROM = 200;

/** Starts timing one list; what it returns is called with the list's outcome (ok, or the error code) as it ends. */
export type ListTimer = () => (labels: { outcome: string }) => void;

/** What this side knows of an event's index. */
interface Kept {
  /** The read the worker holds (or is building) an index for. */
  indexed: Indexed;
  /** A read of a changed large board whose index is being built, or null. */
  refreshing: Promise<void> | null;
}

/**
 * "Which sessions already pitched look like this?" for the pitch form: `similarSessions`
 * (analysis/similar.ts, the function `npm run analyze -- FILE --similar 3` runs) on the
 * interactive lane of the analysis workers, so it never waits behind a full analysis. The worker
 * keeps an index of the event per key; this side reads the event's sessions again only when its
 * version moved or vectors were missing (a large one in the background, at most every
 * SIMILAR_REFRESH_MS), and sends them only when the worker lacks the index for that key. The
 * sessions listed are read afresh (title, room and time as they are now).
 */
export class SimilarService {
  private readonly kept = new Map<string, Kept>();
  private readonly now: () => number;
  private readonly logger: Pick<Logger, 'error'> | undefined;
  private readonly time: ListTimer | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: AnalysisRunner,
    options: { now?: () => number; logger?: Pick<Logger, 'error'>; time?: ListTimer } = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.logger = options.logger;
    this.time = options.time;
  }

  /** Up to three sessions of the event that look like the typed title and notes, best first. */
  async similar(eventId: string, title: string, notes = ''): Promise<SimilarShown[]> {
    const done = this.time?.();
    try {
      const shown = await this.listed(eventId, title, notes);
      done?.({ outcome: 'ok' });
      return shown;
    } catch (error) {
      done?.({ outcome: error instanceof DomainError ? error.code : 'failed' });
      throw error;
    }
  }

  private async listed(eventId: string, title: string, notes: string): Promise<SimilarShown[]> {
    const candidates = await this.rank(eventId, title, notes);
    const rooms = this.ctx.grid.listRooms(eventId);
    const slots = this.ctx.grid.listSlots(eventId);
    return candidates.flatMap((c) => {
      // Withdrawn or merged since the index was built: not listed.
      const session = this.ctx.sessions.find(eventId, c.id);
      if (!session) return [];
      return [
        { id: c.id, title: session.title, pitcher: session.pitcher, where: describePlacement(session, rooms, slots), reason: c.reason },
      ];
    });
  }

  /**
   * Asks with the key of the read the worker holds an index for. Stale (the worker ended idle or was
   * restarted, or dropped the event past its bound): once any refresh is done, asked again with the
   * newer key if there is one, and only then with the sessions, to build the index.
   */
  private async rank(eventId: string, title: string, notes: string): Promise<SimilarCandidate[]> {
    try {
      const { kept, behind } = this.current(eventId);
      if (behind) await kept.refreshing;
      const asked = kept.indexed;
      const held = await this.runner.run('similar', this.input(eventId, asked, title, notes, false), { lane: 'interactive' });
      if ('candidates' in held) return held.candidates;
      await kept.refreshing;
      if (kept.indexed.key !== asked.key) {
        const newer = await this.runner.run('similar', this.input(eventId, kept.indexed, title, notes, false), { lane: 'interactive' });
        if ('candidates' in newer) return newer.candidates;
      }
      const built = await this.runner.run('similar', this.input(eventId, kept.indexed, title, notes, true), {
        lane: 'interactive',
        vectors: this.vectors(eventId, kept.indexed),
      });
      if ('candidates' in built) return built.candidates;
      throw new Error('the analysis thread built no similar-sessions index');
    } catch (error) {
      if (error instanceof AnalysisBusyError) throw new DomainError('busy', 'Too many people are pitching at once. Try again in a moment.');
      throw error;
    }
  }

  private input(eventId: string, indexed: Indexed, title: string, notes: string, withSessions: boolean): SimilarInput {
    return { eventId, key: indexed.key, title, notes, sessions: withSessions ? indexed.sessions : null };
  }

  /** The vectors of the sessions a read names, loaded from the database for a thread that lacks them. */
  private vectors(eventId: string, indexed: Indexed): RunOptions['vectors'] {
    const needs: VectorNeed[] = indexed.sessions.flatMap((s) => (s.vectorHash ? [[s.id, s.vectorHash] as const] : []));
    return { needs: { eventId, sessions: needs }, load: (ids) => storedVectors(this.ctx, ids) };
  }

  /**
   * The event as its index reads it. A small board is read again when it changed; a large one that
   * changed is read again in the background, at most every SIMILAR_REFRESH_MS (see `refresh`).
   */
  private current(eventId: string): { kept: Kept; behind: boolean } {
    const event = this.ctx.events.find(eventId);
    if (!event) throw notFound('That event');
    let kept = this.kept.get(eventId);
    const now = this.now();
    const changed = kept !== undefined && (kept.indexed.version !== event.version || (this.runner.embeds && kept.indexed.unembedded > 0));
    if (!kept) kept = { indexed: this.read(eventId, event.version, now), refreshing: null };
    else if (changed && kept.indexed.sessions.length < SIMILAR_THROTTLE_FROM && !kept.refreshing)
      kept.indexed = this.read(eventId, event.version, now);
    else if (changed && !kept.refreshing && now - kept.indexed.readAt >= SIMILAR_REFRESH_MS) this.refresh(eventId, kept);
    const behind = changed && kept.refreshing !== null && now - kept.indexed.readAt >= SIMILAR_STALE_MS;
    this.kept.delete(eventId);
    this.kept.set(eventId, kept);
    for (const id of this.kept.keys()) {
      if (this.kept.size <= KEPT_EVENTS) break;
      this.kept.delete(id);
    }
    return { kept, behind };
  }

  /**
   * Reads the large board again once the list that noticed the change is on its way, and has the
   * worker build its index at low priority (behind any list asked meanwhile); lists use the new read
   * once the index is held. A refresh that fails leaves the previous index in use: the next list
   * after SIMILAR_REFRESH_MS tries again.
   */
  private refresh(eventId: string, kept: Kept): void {
    const started = this.now();
    kept.refreshing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const event = this.ctx.events.find(eventId);
        if (!event) return;
        const next = this.read(eventId, event.version, started);
        await this.runner.run(
          'similarIndex',
          { eventId, key: next.key, sessions: next.sessions },
          { lane: 'interactive', priority: 'low', vectors: this.vectors(eventId, next) },
        );
        kept.indexed = next;
      })
      .catch((error: unknown) => {
        // Not read again for SIMILAR_REFRESH_MS: the lists meanwhile use the index held.
        kept.indexed = { ...kept.indexed, readAt: started };
        if (!(error instanceof AnalysisBusyError))
          this.logger?.error(`refreshing the similar-sessions index of event ${eventId} failed`, error);
      })
      .finally(() => {
        kept.refreshing = null;
      });
  }

  /** One consistent read of the event's sessions, each with the hash of its current vectors. */
  private read(eventId: string, version: number, now: number): Indexed {
    return this.ctx.db.transaction((): Indexed => {
      const sessions = analysedSessions(this.ctx, eventId);
      const stored = this.ctx.embeddings.hashes(eventId);
      const key = createHash('sha256');
      const listed = sessions.map((s): IndexedSession => {
        const hash = textHash(s);
        const vectorHash = stored.get(s.id) === hash ? hash : null;
        key.update(`${s.id}\u0000${s.title}\u0000${s.notes}\u0000${vectorHash ?? ''}\u0001`);
        return { id: s.id, title: s.title, notes: s.notes, vectorHash };
      });
      return {
        version: this.ctx.events.find(eventId)?.version ?? version,
        readAt: now,
        sessions: listed,
        unembedded: listed.filter((s) => s.vectorHash === null).length,
        key: key.digest('base64url'),
      };
    })();
  }
}
