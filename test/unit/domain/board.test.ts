import { buildGrid, describePlacement, minutesOf, occupantOf, reorder, slotTimesValid } from '../../../server/domain/board';
import type { Board, Room, Session, Slot } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const room = (id: string, position: number): Room => ({ id, eventId: 'e', name: `Room ${id}`, capacity: null, position });
const slot = (id: string, position: number, startsAt = '10:00', endsAt = '10:45'): Slot => ({
  id,
  eventId: 'e',
  label: `Slot ${id}`,
  startsAt,
  endsAt,
  position,
});
const session = (id: string, roomId: string | null, slotId: string | null, createdAt = '2026-01-01T09:00:00.000Z'): Session =>
  sessionOf(id, { roomId, slotId, createdAt, updatedAt: createdAt });
const board = (sessions: Session[]): Board => ({
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    timeZone: 'UTC',
    listed: false,
    version: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  rooms: [room('b', 1), room('a', 0)],
  slots: [slot('2', 1, '11:00', '11:45'), slot('1', 0)],
  sessions,
  links: [],
});

describe('buildGrid', () => {
  test('lays rooms across and slots down in their display order', () => {
    const grid = buildGrid(board([]));
    expect(grid.rooms.map((r) => r.id)).toEqual(['a', 'b']);
    expect(grid.rows.map((r) => r.slot.id)).toEqual(['1', '2']);
    expect(grid.rows[0]?.cells.map((c) => c.room.id)).toEqual(['a', 'b']);
  });

  test('puts each scheduled session in its cell and the rest in unscheduled, oldest first', () => {
    const grid = buildGrid(
      board([
        session('x', 'b', '2'),
        session('late', null, null, '2026-01-01T10:00:00.000Z'),
        session('early', null, null, '2026-01-01T08:00:00.000Z'),
      ]),
    );
    expect(grid.rows[1]?.cells[1]?.session?.id).toBe('x');
    expect(grid.rows[0]?.cells.every((c) => c.session === null)).toBe(true);
    expect(grid.unscheduled.map((s) => s.id)).toEqual(['early', 'late']);
  });
});

describe('reorder', () => {
  const items = [
    { id: 'a', position: 0 },
    { id: 'b', position: 1 },
    { id: 'c', position: 2 },
  ];

  test('moves an item and returns only the positions that change', () => {
    expect(reorder(items, 'c', 0)).toEqual([
      { id: 'c', position: 0 },
      { id: 'a', position: 1 },
      { id: 'b', position: 2 },
    ]);
    expect(reorder(items, 'a', 1)).toEqual([
      { id: 'b', position: 0 },
      { id: 'a', position: 1 },
    ]);
  });

  test('clamps a target beyond the end and ignores an unknown id', () => {
    expect(reorder(items, 'a', 99)).toEqual([
      { id: 'b', position: 0 },
      { id: 'c', position: 1 },
      { id: 'a', position: 2 },
    ]);
    expect(reorder(items, 'zzz', 0)).toEqual([]);
  });

  test('moving an item to where it already is changes nothing', () => {
    expect(reorder(items, 'b', 1)).toEqual([]);
  });
});

describe('slot times', () => {
  test('minutesOf() counts from midnight', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('13:45')).toBe(825);
  });

  test('a slot must end after it starts', () => {
    expect(slotTimesValid('10:00', '10:45')).toBe(true);
    expect(slotTimesValid('10:45', '10:00')).toBe(false);
    expect(slotTimesValid('10:00', '10:00')).toBe(false);
  });
});

describe('occupantOf', () => {
  test('finds another session in the cell but not the session itself', () => {
    const sessions = [session('x', 'a', '1'), session('y', null, null)];
    expect(occupantOf(sessions, 'a', '1', 'y')?.id).toBe('x');
    expect(occupantOf(sessions, 'a', '1', 'x')).toBeNull();
    expect(occupantOf(sessions, 'b', '1', 'y')).toBeNull();
  });
});

describe('describePlacement', () => {
  test('names the room and time, or says the session is not scheduled', () => {
    const b = board([]);
    expect(describePlacement(session('x', 'a', '2'), b.rooms, b.slots)).toBe('Room a, Slot 2 (11:00–11:45)');
    expect(describePlacement(session('y', null, null), b.rooms, b.slots)).toBe('Not scheduled yet');
    const unlabelled = b.slots.map((slot) => ({ ...slot, label: '' }));
    expect(describePlacement(session('x', 'a', '2'), b.rooms, unlabelled)).toBe('Room a, 11:00–11:45');
  });
});
