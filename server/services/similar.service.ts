import { createHash } from 'node:crypto';
import type { SimilarCandidate } from '../../analysis';
import { describePlacement } from '../domain/board';
import { DomainError, notFound } from '../domain/errors';
import type { IndexedSession } from './analysis.jobs';
import { analysedSessions, storedVectors, textHash } from './analysis.snapshot';
import { AnalysisBusyError, type AnalysisRunner } from './analysis.thread';
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
 * A board of at least SIMILAR_THROTTLE_FROM sessions that changed is read again (and its index
 * rebuilt) at most every SIMILAR_REFRESH_MS. During a flood of pitches into a large event a list may
 * miss the pitches of the last two seconds, but a keystroke never pays for reading 1,000 sessions
 * and rebuilding their index, and this thread never reads them per keystroke. Smaller boards cost
 * little to read: they are read again after every change.
 */
export const SIMILAR_REFRESH_MS = 2000;
export const SIMILAR_THROTTLE_FROM = 200;

/**
 * "Which sessions already pitched look like this?" for the pitch form: `similarSessions`
 * (analysis/similar.ts, the function `npm run analyze -- FILE --similar 3` runs) on the
 * interactive lane of the analysis workers, so it never waits behind a full analysis. The worker
 * keeps an index of the event per key; this side reads the event's sessions again only when its
 * version moved or vectors were missing (a large one at most every SIMILAR_REFRESH_MS), and sends them only when the worker lacks the
 * index for that key. The sessions listed are read afresh (title, room and time as they are now).
 */
export class SimilarService {
  private readonly indexed = new Map<string, Indexed>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: AnalysisRunner,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Up to three sessions of the event that look like the typed title and notes, best first. */
  async similar(eventId: string, title: string, notes = ''): Promise<SimilarShown[]> {
    const candidates = await this.rank(eventId, this.read(eventId), title, notes);
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

  private async rank(eventId: string, indexed: Indexed, title: string, notes: string): Promise<SimilarCandidate[]> {
    const input = { eventId, key: indexed.key, title, notes };
    try {
      const held = await this.runner.run('similar', { ...input, sessions: null }, { lane: 'interactive' });
      if ('candidates' in held) return held.candidates;
      const needs: VectorNeed[] = indexed.sessions.flatMap((s) => (s.vectorHash ? [[s.id, s.vectorHash] as const] : []));
      const built = await this.runner.run(
        'similar',
        { ...input, sessions: indexed.sessions },
        { lane: 'interactive', vectors: { needs: { eventId, sessions: needs }, load: (ids) => storedVectors(this.ctx, ids) } },
      );
      if ('candidates' in built) return built.candidates;
      throw new Error('the analysis thread built no similar-sessions index');
    } catch (error) {
      if (error instanceof AnalysisBusyError) throw new DomainError('busy', 'Too many people are pitching at once. Try again in a moment.');
      throw error;
    }
  }

  /** The event's sessions as the index reads them: read again when the event changed, at most every SIMILAR_REFRESH_MS. */
  private read(eventId: string): Indexed {
    const event = this.ctx.events.find(eventId);
    if (!event) throw notFound('That event');
    let indexed = this.indexed.get(eventId);
    const now = this.now();
    const changed = indexed && (indexed.version !== event.version || (this.runner.embeds && indexed.unembedded > 0));
    const due = indexed && (indexed.sessions.length < SIMILAR_THROTTLE_FROM || now - indexed.readAt >= SIMILAR_REFRESH_MS);
    if (!indexed || (changed && due)) {
      indexed = this.ctx.db.transaction((): Indexed => {
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
          version: this.ctx.events.find(eventId)?.version ?? event.version,
          readAt: now,
          sessions: listed,
          unembedded: listed.filter((s) => s.vectorHash === null).length,
          key: key.digest('base64url'),
        };
      })();
    }
    this.indexed.delete(eventId);
    this.indexed.set(eventId, indexed);
    for (const id of this.indexed.keys()) {
      if (this.indexed.size <= KEPT_EVENTS) break;
      this.indexed.delete(id);
    }
    return indexed;
  }
}
