import type { Board, Room, Session, Slot } from './types';

/** A slot's times, "11:00–11:45". */
export const slotTimes = (slot: Slot): string => `${slot.startsAt}–${slot.endsAt}`;

/** A slot named with its times: "After coffee (11:00–11:45)", or "11:00–11:45" once. */
export const slotWithTimes = (slot: Slot): string => (slot.label ? `${slot.label} (${slotTimes(slot)})` : slotTimes(slot));

/** One row of the board: a time slot and, for each room in order, the session in that cell. */
export interface GridRow {
  slot: Slot;
  cells: { room: Room; session: Session | null }[];
}

export interface Grid {
  rooms: Room[];
  rows: GridRow[];
  /** Pitches not yet given a room and slot, oldest first. */
  unscheduled: Session[];
}

const byPosition = <T extends { position: number; id: string }>(a: T, b: T): number => a.position - b.position || a.id.localeCompare(b.id);

const byCreated = (a: Session, b: Session): number => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

export const cellKey = (roomId: string, slotId: string): string => `${roomId}\u0000${slotId}`;

/** Lays a board out as rooms across and slots down; every cell holds at most one session. */
export function buildGrid(board: Board): Grid {
  const rooms = [...board.rooms].sort(byPosition);
  const slots = [...board.slots].sort(byPosition);
  const placed = new Map<string, Session>();
  const unscheduled: Session[] = [];
  for (const session of board.sessions) {
    if (session.roomId && session.slotId) placed.set(cellKey(session.roomId, session.slotId), session);
    else unscheduled.push(session);
  }
  return {
    rooms,
    rows: slots.map((slot) => ({
      slot,
      cells: rooms.map((room) => ({ room, session: placed.get(cellKey(room.id, slot.id)) ?? null })),
    })),
    unscheduled: unscheduled.sort(byCreated),
  };
}

/**
 * New 0-based positions after moving `id` to `toIndex` (clamped) in a list ordered by position.
 * Returns every item whose position changes, so callers write only those.
 */
export function reorder<T extends { id: string; position: number }>(
  items: readonly T[],
  id: string,
  toIndex: number,
): { id: string; position: number }[] {
  const ordered = [...items].sort(byPosition);
  const from = ordered.findIndex((item) => item.id === id);
  if (from < 0) return [];
  const [moving] = ordered.splice(from, 1);
  if (!moving) return [];
  const target = Math.max(0, Math.min(ordered.length, Math.trunc(toIndex)));
  ordered.splice(target, 0, moving);
  return ordered.flatMap((item, position) => (item.position === position ? [] : [{ id: item.id, position }]));
}

/** Minutes since midnight for a valid `HH:MM`. */
export const minutesOf = (time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** A slot must end after it starts; events do not run past midnight. */
export const slotTimesValid = (startsAt: string, endsAt: string): boolean => minutesOf(endsAt) > minutesOf(startsAt);

/** The session that already occupies a cell, if any, other than `sessionId` itself. */
export function occupantOf(sessions: readonly Session[], roomId: string, slotId: string, sessionId: string): Session | null {
  return sessions.find((s) => s.roomId === roomId && s.slotId === slotId && s.id !== sessionId) ?? null;
}

/** Human description of where a session runs, e.g. "Room 2, 11:00–11:45" or "Room 2, After coffee (11:00–11:45)", or "Not scheduled yet". */
export function describePlacement(session: Session, rooms: readonly Room[], slots: readonly Slot[]): string {
  const room = rooms.find((r) => r.id === session.roomId);
  const slot = slots.find((s) => s.id === session.slotId);
  if (!room || !slot) return 'Not scheduled yet';
  return `${room.name}, ${slotWithTimes(slot)}`;
}
