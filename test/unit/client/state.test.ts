import { applyInterest, applySessionsChanged, occupant, replaceBoard } from '../../../client/state';
import type { Board, Session } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const session = (id: string, roomId: string | null = null, slotId: string | null = null, interest = 0): Session =>
  sessionOf(id, { roomId, slotId, interest });

const board = (version: number, sessions: Session[] = [session('a'), session('b')]): Board => ({
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    timeZone: 'UTC',
    listed: false,
    version,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  rooms: [{ id: 'r', eventId: 'e', name: 'Hall', capacity: null, position: 0 }],
  slots: [{ id: 's', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 0 }],
  sessions,
  links: [],
});

describe('applySessionsChanged', () => {
  test('applies the next version: updates a known session and adds a new one', () => {
    const moved = { ...session('a', 'r', 's'), version: 2 };
    const { board: next, resync } = applySessionsChanged(board(5), { version: 6, sessions: [moved, session('c')] });
    expect(resync).toBe(false);
    expect(next.event.version).toBe(6);
    expect(next.sessions.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(next.sessions[0]).toEqual(moved);
  });

  test('ignores a change already seen, such as a broadcast of our own acknowledged move', () => {
    const before = board(6);
    const result = applySessionsChanged(before, { version: 6, sessions: [session('z')] });
    expect(result).toEqual({ board: before, resync: false });
  });

  test('asks for a fresh snapshot when a version was missed, and keeps the board as it was', () => {
    const before = board(6);
    expect(applySessionsChanged(before, { version: 8, sessions: [session('z')] })).toEqual({ board: before, resync: true });
  });
});

describe('replaceBoard', () => {
  test('takes a newer or equal snapshot, and any snapshot of another event', () => {
    const other = { ...board(1), event: { ...board(1).event, id: 'x' } };
    expect(replaceBoard(null, board(3))).toEqual(board(3));
    expect(replaceBoard(board(3), board(4)).event.version).toBe(4);
    expect(replaceBoard(board(3), other).event.id).toBe('x');
  });

  test('keeps ours when the snapshot is older than what we already applied', () => {
    expect(replaceBoard(board(9), board(7)).event.version).toBe(9);
  });
});

describe('applyInterest', () => {
  test('sets the counts it names and leaves the rest, without touching the version', () => {
    const next = applyInterest(board(4), { b: 3, unknown: 9 });
    expect(next.sessions.map((s) => s.interest)).toEqual([0, 3]);
    expect(next.event.version).toBe(4);
  });
});

describe('occupant', () => {
  test('finds the session in a cell', () => {
    const b = board(1, [session('a', 'r', 's'), session('b')]);
    expect(occupant(b, 'r', 's')?.id).toBe('a');
    expect(occupant(b, 'r', 'other')).toBeUndefined();
  });
});
