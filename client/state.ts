/**
 * The browser's copy of a board, changed only through these pure functions. Versions decide:
 * a change that is exactly the next version applies; an old one is ignored (already seen); a
 * gap means something was missed, and the caller must fetch a fresh snapshot.
 */
import type { Board, Session } from '../server/domain/types';
import type { SessionsChanged } from '../server/protocol/events';

export type Applied = { board: Board; resync: false } | { board: Board; resync: true };

export function applySessionsChanged(board: Board, change: SessionsChanged): Applied {
  const current = board.event.version;
  if (change.version <= current) return { board, resync: false };
  if (change.version > current + 1) return { board, resync: true };
  const byId = new Map(board.sessions.map((s) => [s.id, s]));
  for (const session of change.sessions) byId.set(session.id, session);
  return {
    board: { ...board, event: { ...board.event, version: change.version }, sessions: [...byId.values()] },
    resync: false,
  };
}

/** A full snapshot replaces ours unless it is older (a late answer overtaken by newer changes). */
export function replaceBoard(board: Board | null, next: Board): Board {
  return board && board.event.id === next.event.id && next.event.version < board.event.version ? board : next;
}

export function applyInterest(board: Board, counts: Record<string, number>): Board {
  const sessions = board.sessions.map((s): Session => {
    const interest = counts[s.id];
    return interest === undefined || interest === s.interest ? s : { ...s, interest };
  });
  return { ...board, sessions };
}

/** The session in a cell, if any. */
export const occupant = (board: Board, roomId: string, slotId: string): Session | undefined =>
  board.sessions.find((s) => s.roomId === roomId && s.slotId === slotId);
