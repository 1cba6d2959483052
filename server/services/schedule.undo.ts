import type { Cell } from '../domain/schedule/types';
import { DomainError } from '../domain/errors';
import type { HistoryItem } from '../protocol/events';
import type { ServiceContext } from './context';

/** What an applied proposal's history entry keeps: where each changed session was and went. */
export interface SchedulePayload {
  placements: { id: string; before: Cell | null; after: Cell | null; version: number }[];
}

export const scheduleEntry = (id: number, summary: string, createdAt: string): HistoryItem => ({
  id,
  action: 'schedule',
  summary,
  createdAt,
  undoable: true,
});

const sameCell = (a: { roomId: string | null; slotId: string | null }, b: Cell | null): boolean =>
  b ? a.roomId === b.roomId && a.slotId === b.slotId : a.roomId === null && a.slotId === null;

/**
 * Puts every session an applied proposal changed back where it was, in one step (inside the undo's
 * transaction). Refused, changing nothing, when that would lose a later change: a session moved
 * again, merged away or withdrawn since, or another session now in a cell one of them must go back to.
 * A session whose old room or slot was deleted since goes back to unscheduled. Each version goes up
 * (an undo is a new change).
 */
export function undoSchedule(ctx: ServiceContext, eventId: string, payload: SchedulePayload): void {
  const ids = new Set(payload.placements.map((p) => p.id));
  const board = ctx.sessions.list(eventId);
  // A room or slot deleted since the proposal was applied is gone: its session goes back unscheduled.
  const placements = payload.placements.map((p) => ({
    ...p,
    before: p.before && ctx.grid.hasCell(eventId, p.before.roomId, p.before.slotId) ? p.before : null,
  }));
  for (const placement of placements) {
    const session = board.find((s) => s.id === placement.id);
    const title = ctx.sessions.stored(placement.id)?.title ?? 'A session';
    if (!session)
      throw new DomainError(
        'conflict',
        `“${title}” has left the board since the proposal was applied, so it cannot go back. Nothing was changed.`,
      );
    if (!sameCell(session, placement.after)) {
      throw new DomainError(
        'conflict',
        `“${title}” was moved again after the proposal was applied; undoing would lose that move. Nothing was changed.`,
      );
    }
    const before = placement.before;
    const holder = before && board.find((s) => s.roomId === before.roomId && s.slotId === before.slotId && !ids.has(s.id));
    if (holder) {
      throw new DomainError(
        'conflict',
        `“${title}” cannot go back to its old room and time: “${holder.title}” is there now. Move it first, then undo.`,
      );
    }
  }
  const now = ctx.clock.now().toISOString();
  for (const p of placements) ctx.sessions.place(p.id, null, null, now);
  for (const p of placements) if (p.before) ctx.sessions.place(p.id, p.before.roomId, p.before.slotId, now);
}
