import { createHash } from 'node:crypto';
import type { SimilarCandidate } from '../../analysis';
import { describePlacement } from '../domain/board';
import { DomainError, notFound } from '../domain/errors';
import type { Room, Session, Slot } from '../domain/types';
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

/** What this thread keeps of an event between keystrokes: its sessions as of one version. */
interface Board {
  version: number;
  sessions: Session[];
  /** Each session's text hash: its stored vectors count only when they carry it. */
  hashes: string[];
  /** Names every session's id and full text (the index's words read all the notes). */
  content: string;
  rooms: Room[];
  slots: Slot[];
}

/** Events whose sessions are kept between calls; the least recently asked is dropped past it. */
const KEPT_EVENTS = 16;

/**
 * "Which sessions already pitched look like this?" for the pitch form: `similarSessions`
 * (analysis/similar.ts, the function `npm run analyze -- FILE --similar 3` runs) on the
 * interactive lane of the analysis workers, so it never waits behind a full analysis. The worker
 * keeps an index of the event per board content; this side reads the event again only when its
 * version moved, and sends the sessions only when the worker says it lacks that index.
 */
export class SimilarService {
  private readonly boards = new Map<string, Board>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly runner: AnalysisRunner,
  ) {}

  /** Up to three sessions of the event that look like the typed title and notes, best first. */
  async similar(eventId: string, title: string, notes = ''): Promise<SimilarShown[]> {
    const board = this.board(eventId);
    const candidates = await this.rank(eventId, board, title, notes);
    const byId = new Map(board.sessions.map((s) => [s.id, s]));
    return candidates.flatMap((c) => {
      const session = byId.get(c.id);
      return session
        ? [
            {
              id: c.id,
              title: session.title,
              pitcher: session.pitcher,
              where: describePlacement(session, board.rooms, board.slots),
              reason: c.reason,
            },
          ]
        : [];
    });
  }

  private async rank(eventId: string, board: Board, title: string, notes: string): Promise<SimilarCandidate[]> {
    const stored = this.ctx.embeddings.hashes(eventId);
    const sessions: IndexedSession[] = board.sessions.map((s, k) => {
      const hash = board.hashes[k] as string;
      return { id: s.id, title: s.title, notes: s.notes, vectorHash: stored.get(s.id) === hash ? hash : null };
    });
    const key = createHash('sha256').update(board.content);
    for (const s of sessions) key.update(`${s.vectorHash ?? ''}\u0001`);
    const input = { eventId, key: key.digest('base64url'), title, notes };
    try {
      const held = await this.runner.run('similar', { ...input, sessions: null }, { lane: 'interactive' });
      if ('candidates' in held) return held.candidates;
      const needs: VectorNeed[] = sessions.flatMap((s) => (s.vectorHash ? [[s.id, s.vectorHash] as const] : []));
      const built = await this.runner.run(
        'similar',
        { ...input, sessions },
        { lane: 'interactive', vectors: { needs: { eventId, sessions: needs }, load: (ids) => storedVectors(this.ctx, ids) } },
      );
      if ('candidates' in built) return built.candidates;
      throw new Error('the analysis thread built no similar-sessions index');
    } catch (error) {
      if (error instanceof AnalysisBusyError) throw new DomainError('busy', 'Too many people are pitching at once. Try again in a moment.');
      throw error;
    }
  }

  /** The event's sessions, read again only when the event's version moved (any change to its board). */
  private board(eventId: string): Board {
    const event = this.ctx.events.find(eventId);
    if (!event) throw notFound('That event');
    let board = this.boards.get(eventId);
    if (board?.version !== event.version) {
      board = this.ctx.db.transaction((): Board => {
        const sessions = analysedSessions(this.ctx, eventId);
        const content = createHash('sha256');
        for (const s of sessions) content.update(`${s.id}\u0000${s.title}\u0000${s.notes}\u0001`);
        return {
          version: this.ctx.events.find(eventId)?.version ?? event.version,
          sessions,
          hashes: sessions.map(textHash),
          content: content.digest('base64url'),
          rooms: this.ctx.grid.listRooms(eventId),
          slots: this.ctx.grid.listSlots(eventId),
        };
      })();
    }
    this.boards.delete(eventId);
    this.boards.set(eventId, board);
    for (const id of this.boards.keys()) {
      if (this.boards.size <= KEPT_EVENTS) break;
      this.boards.delete(id);
    }
    return board;
  }
}
