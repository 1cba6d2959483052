import { createHash } from 'node:crypto';
import { embeddingText, titleEmbeddingText, type AnalysisSession } from '../../analysis';
import { withNoteEntries, type NoteEntry } from '../domain/notes';
import type { Room, Session, Slot } from '../domain/types';
import type { Decision } from '../persistence/facilitation.repository';
import type { ServiceContext } from './context';

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

/** One consistent read of what an analysis of the event depends on. */
export interface EventSnapshot {
  sessions: Session[];
  rooms: Room[];
  slots: Slot[];
  decisions: Decision[];
  /** Sessions a decision was about that have left the board (merged away): their words still count as feedback. */
  decidedAway: AnalysisSession[];
  /**
   * What the detector's result depends on: every session's id and text, and the decisions. Not the
   * grid: the same key with the sessions elsewhere needs only their overlaps explained again.
   */
  key: string;
}

function contentKey(sessions: readonly Session[], decisions: readonly Decision[], decidedAway: readonly AnalysisSession[]): string {
  const hash = createHash('sha256');
  const texts = (s: { id: string; title: string; notes?: string }) => `${s.id}\u0000${s.title}\u0000${s.notes ?? ''}\u0001`;
  for (const s of [...sessions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(texts(s));
  hash.update('\u0002');
  for (const d of decisions) hash.update(`${d.kind}\u0000${d.pair[0]}\u0000${d.pair[1]}\u0001`);
  hash.update('\u0002');
  for (const s of decidedAway) hash.update(texts(s));
  return hash.digest('base64url');
}

/** The event as its analysis reads it, in one transaction; null when the event is gone. */
export function readSnapshot(ctx: ServiceContext, eventId: string): EventSnapshot | null {
  return ctx.db.transaction((): EventSnapshot | null => {
    if (!ctx.events.find(eventId)) return null;
    const sessions = analysedSessions(ctx, eventId);
    const decisions = ctx.facilitation.decisions(eventId);
    // A merge is a decision about a session that has left the board: its words still say what the
    // facilitator confirmed, so the feedback is given decided sessions that are no longer on the board too.
    const onBoard = new Set(sessions.map((s) => s.id));
    const decidedAway = [...new Set(decisions.flatMap((d) => d.pair))]
      .filter((id) => !onBoard.has(id))
      .sort()
      .flatMap((id) => {
        const row = ctx.sessions.stored(id);
        return row ? [{ id, title: row.title, notes: row.notes }] : [];
      });
    return {
      sessions,
      rooms: ctx.grid.listRooms(eventId),
      slots: ctx.grid.listSlots(eventId),
      decisions,
      decidedAway,
      key: contentKey(sessions, decisions, decidedAway),
    };
  })();
}
