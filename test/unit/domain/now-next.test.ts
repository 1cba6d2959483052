import { groupByTime, phaseNote, roomsNowNext, wallDensity, wallTimeOf, type TimeGroups } from '../../../server/domain/now-next';
import type { Board, Room, Session, Slot } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const room = (id: string, position: number): Room => ({ id, eventId: 'e', name: `Room ${id}`, capacity: null, position });
const slot = (id: string, startsAt: string, endsAt: string, position: number): Slot => ({
  id,
  eventId: 'e',
  label: '',
  startsAt,
  endsAt,
  position,
});
const session = (id: string, roomId: string | null, slotId: string | null): Session => sessionOf(id, { roomId, slotId });

// Slots listed out of time order on purpose: grouping goes by the clock, not by position.
const board: Board = {
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    timeZone: 'UTC',
    listed: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  rooms: [room('b', 1), room('a', 0)],
  slots: [
    slot('s2', '11:00', '11:45', 0),
    slot('s1', '10:00', '10:45', 1),
    slot('s3', '13:00', '13:45', 2),
    slot('s4', '14:00', '14:45', 3),
  ],
  sessions: [session('x', 'b', 's1'), session('y', 'a', 's1'), session('z', 'a', 's2'), session('w', 'b', 's4'), session('u', null, null)],
  links: [],
};

const day = (hhmm: string, date = '2026-06-20') => {
  const [h, m] = hhmm.split(':').map(Number);
  return { date, minutes: (h ?? 0) * 60 + (m ?? 0) };
};

const ids = (groups: TimeGroups) => ({
  phase: groups.phase,
  now: groups.now.map((g) => g.slot.id),
  next: groups.next.map((g) => g.slot.id),
  later: groups.later.map((g) => g.slot.id),
  earlier: groups.earlier.map((g) => g.slot.id),
});

describe('groupByTime', () => {
  test('on an earlier day nothing is on now, and the first slot is next', () => {
    expect(ids(groupByTime(board, day('12:00', '2026-06-19')))).toEqual({
      phase: 'before',
      now: [],
      next: ['s1'],
      later: ['s2', 's3', 's4'],
      earlier: [],
    });
    expect(groupByTime(board, day('12:00', '2026-06-19')).firstStart).toBe('10:00');
  });

  test('on the day before the first slot it is still "before"', () => {
    expect(ids(groupByTime(board, day('09:59')))).toMatchObject({ phase: 'before', now: [], next: ['s1'] });
  });

  test('a slot is on from its start up to (not including) its end', () => {
    expect(ids(groupByTime(board, day('10:00')))).toEqual({ phase: 'during', now: ['s1'], next: ['s2'], later: ['s3', 's4'], earlier: [] });
    expect(ids(groupByTime(board, day('10:44')))).toMatchObject({ now: ['s1'] });
    expect(ids(groupByTime(board, day('10:45')))).toEqual({ phase: 'during', now: [], next: ['s2'], later: ['s3', 's4'], earlier: ['s1'] });
  });

  test('in a break, now is empty and the day is still under way', () => {
    expect(ids(groupByTime(board, day('12:30')))).toEqual({ phase: 'during', now: [], next: ['s3'], later: ['s4'], earlier: ['s1', 's2'] });
  });

  test('after the last slot, or on a later day, every slot is earlier', () => {
    const done = { phase: 'after', now: [], next: [], later: [], earlier: ['s1', 's2', 's3', 's4'] };
    expect(ids(groupByTime(board, day('14:45')))).toEqual(done);
    expect(ids(groupByTime(board, day('08:00', '2026-06-21')))).toEqual(done);
  });

  test('each slot lists its sessions in room order, and leaves out empty cells and unscheduled pitches', () => {
    const { now, next, later } = groupByTime(board, day('10:30'));
    expect(now[0]?.entries.map((e) => [e.room.id, e.session.id])).toEqual([
      ['a', 'y'],
      ['b', 'x'],
    ]);
    expect(next[0]?.entries.map((e) => e.session.id)).toEqual(['z']);
    expect(later.find((g) => g.slot.id === 's3')?.entries).toEqual([]);
  });

  test('slots starting together are all next', () => {
    const parallel = { ...board, slots: [...board.slots, slot('s5', '11:00', '11:30', 9)] };
    expect(ids(groupByTime(parallel, day('10:30'))).next).toEqual(['s5', 's2']);
  });

  test('without slots there is nothing to group', () => {
    expect(groupByTime({ ...board, slots: [] }, day('10:00'))).toEqual({
      phase: 'unplanned',
      now: [],
      next: [],
      later: [],
      earlier: [],
      firstStart: null,
    });
  });
});

describe('roomsNowNext', () => {
  test('gives each room its session on now and its own next session, skipping slots where it is empty', () => {
    const { phase, rooms } = roomsNowNext(board, day('10:15'));
    expect(phase).toBe('during');
    expect(rooms.map((r) => [r.room.id, r.now?.session.id ?? null, r.next?.session.id ?? null, r.next?.slot.startsAt ?? null])).toEqual([
      ['a', 'y', 'z', '11:00'],
      ['b', 'x', 'w', '14:00'],
    ]);
  });

  test('after the day is over no room has anything on now or next', () => {
    const { phase, rooms } = roomsNowNext(board, day('15:00'));
    expect(phase).toBe('after');
    expect(rooms.every((r) => r.now === null && r.next === null)).toBe(true);
  });
});

describe('wallTimeOf', () => {
  test('reads the local calendar date and time of day', () => {
    expect(wallTimeOf(new Date(2026, 5, 20, 9, 7, 59))).toEqual({ date: '2026-06-20', minutes: 9 * 60 + 7 });
  });

  test('reads the clock of the event’s time zone, whatever zone runs it, across summer time and midnight', () => {
    const instant = new Date('2026-06-20T23:30:00Z');
    expect(wallTimeOf(instant, 'Europe/London')).toEqual({ date: '2026-06-21', minutes: 30 });
    expect(wallTimeOf(instant, 'America/New_York')).toEqual({ date: '2026-06-20', minutes: 19 * 60 + 30 });
    expect(wallTimeOf(instant, 'Asia/Kolkata')).toEqual({ date: '2026-06-21', minutes: 5 * 60 });
    expect(wallTimeOf(new Date('2026-01-20T23:30:00Z'), 'Europe/London')).toEqual({ date: '2026-01-20', minutes: 23 * 60 + 30 });
  });
});

describe('phaseNote', () => {
  const note = (at: { date: string; minutes: number }) => phaseNote(groupByTime(board, at), board.event.date, at);
  test('says when things start, that it is a break, or that the day is over; nothing while sessions are on', () => {
    expect(note(day('08:00', '2026-06-19'))).toBe('Nothing on yet: sessions start on 2026-06-20 at 10:00.');
    expect(note(day('08:00'))).toBe('Nothing on yet: sessions start at 10:00.');
    expect(note(day('10:15'))).toBeNull();
    expect(note(day('12:00'))).toBe('Break: the next sessions start at 13:00.');
    expect(note(day('15:00'))).toMatch(/^That’s all for today/);
    expect(note(day('09:00', '2026-06-21'))).toMatch(/^This event is over/);
    expect(phaseNote(groupByTime({ ...board, slots: [] }, day('10:00')), board.event.date, day('10:00'))).toBe(
      'The organisers have not set the times yet.',
    );
  });
});

describe('wallDensity', () => {
  test('sets type tighter as rooms are added', () => {
    expect([1, 4, 5, 7, 8, 20].map(wallDensity)).toEqual(['roomy', 'roomy', 'dense', 'dense', 'packed', 'packed']);
  });
});
