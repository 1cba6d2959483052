import { buildGrid, describePlacement } from '../domain/board';
import { clockText, groupByTime, phaseNote, roomsNowNext, wallDensity, wallTimeOf } from '../domain/now-next';
import type { Board, Clock, Room, Session, Slot } from '../domain/types';
import { zonedParts } from '../domain/time-zone';

export const slotName = (slot: Slot): string => slot.label || `${slot.startsAt}–${slot.endsAt}`;

/** A cell an organiser can choose when placing a session, with who holds it now. */
export interface CellChoice {
  value: string;
  label: string;
  takenBy: string | null;
}

const cellLabel = (room: Room, slot: Slot): string => `${slot.label ? `${slot.label} (${slot.startsAt})` : slotName(slot)} · ${room.name}`;

/** Cells are offered as "roomId:slotId" so one <select> chooses both. */
export const cellValue = (roomId: string, slotId: string): string => `${roomId}:${slotId}`;

export function cellChoices(board: Board, forSession: Session): CellChoice[] {
  const grid = buildGrid(board);
  return grid.rows.flatMap((row) =>
    row.cells.map(({ room, session }) => ({
      value: cellValue(room.id, row.slot.id),
      label: cellLabel(room, row.slot),
      takenBy: session && session.id !== forSession.id ? session.title : null,
    })),
  );
}

export function boardView(board: Board) {
  const grid = buildGrid(board);
  const freeCells = grid.rows.flatMap((row) =>
    row.cells
      .filter((cell) => !cell.session)
      .map(({ room }) => ({ value: cellValue(room.id, row.slot.id), label: cellLabel(room, row.slot) })),
  );
  return { grid, freeCells, slotName };
}

export function sessionView(board: Board, session: Session) {
  const room: Room | undefined = board.rooms.find((r) => r.id === session.roomId);
  const slot: Slot | undefined = board.slots.find((s) => s.id === session.slotId);
  return {
    room: room ?? null,
    slot: slot ?? null,
    placement: describePlacement(session, board.rooms, board.slots),
    cells: cellChoices(board, session),
    current: room && slot ? cellValue(room.id, slot.id) : '',
  };
}

/** Now / Next / Later for the first paint, by the server's clock read in the event's time zone. */
export function timeView(board: Board, clock: Clock) {
  const at = wallTimeOf(clock.now(), board.event.timeZone);
  const times = groupByTime(board, at);
  return { times, timeNote: phaseNote(times, board.event.date, at) };
}

/** The wall display's first paint: each room's now and next, by the server's clock in the event's zone. */
export function wallView(board: Board, clock: Clock) {
  const at = wallTimeOf(clock.now(), board.event.timeZone);
  const wall = roomsNowNext(board, at);
  return {
    wall,
    density: wallDensity(wall.rooms.length),
    timeNote: phaseNote(groupByTime(board, at), board.event.date, at),
    clockText: clockText(at.minutes),
  };
}

let zones: string[] | null = null;

/** Every IANA zone this server's Intl knows, for the time zone menus (read once). */
export const timeZoneChoices = (): string[] => (zones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort());

const two = (n: number): string => String(n).padStart(2, '0');

/** "2026-06-20 14:05": a stored UTC timestamp on the venue's clock, for histories. */
export function venueTime(iso: string, timeZone: string): string {
  const { date, hours, minutes } = zonedParts(new Date(iso), timeZone);
  return `${date} ${two(hours)}:${two(minutes)}`;
}
