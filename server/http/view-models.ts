import { buildGrid, describePlacement } from '../domain/board';
import type { Board, Room, Session, Slot } from '../domain/types';
import { zonedParts } from '../domain/time-zone';
import { slotAt, slotName } from '../../views/shared/board';

/** A cell an organiser can choose when placing a session, with who holds it now. */
export interface CellChoice {
  value: string;
  label: string;
  takenBy: string | null;
}

const cellLabel = (room: Room, slot: Slot): string => `${slotAt(slot)} · ${room.name}`;

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
  return { grid: buildGrid(board), slotName };
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

let zones: string[] | null = null;

/** Every IANA zone this server's Intl knows, for the time zone menus (read once). */
export const timeZoneChoices = (): string[] => (zones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort());

const two = (n: number): string => String(n).padStart(2, '0');

/** "2026-06-20 14:05": a stored UTC timestamp on the venue's clock, for histories. */
export function venueTime(iso: string, timeZone: string): string {
  const { date, hours, minutes } = zonedParts(new Date(iso), timeZone);
  return `${date} ${two(hours)}:${two(minutes)}`;
}
