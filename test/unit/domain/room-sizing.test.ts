import { chooseFreeRoom, chooseSwap, sizeBoard, sizingLevel } from '../../../server/domain/room-sizing';
import type { Room, Session } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const room = (id: string, name: string, capacity: number | null, position = 0): Room => ({ id, eventId: 'e', name, capacity, position });
const session = (
  id: string,
  title: string,
  interest: number,
  roomId: string | null,
  slotId: string | null = roomId ? 's1' : null,
): Session => sessionOf(id, { title, interest, roomId, slotId });

describe('sizingLevel', () => {
  test('says nothing for a room whose capacity is unknown', () => {
    expect(sizingLevel(500, null)).toBeNull();
  });

  test('flags interest above the seats as overflow, and exactly full as nearly full', () => {
    expect(sizingLevel(21, 20)).toBe('overflow');
    expect(sizingLevel(20, 20)).toBe('nearly-full');
  });

  test('nearly full starts at 80% of the seats, rounded up', () => {
    expect(sizingLevel(16, 20)).toBe('nearly-full');
    expect(sizingLevel(15, 20)).toBeNull();
    expect(sizingLevel(4, 5)).toBe('nearly-full');
    expect(sizingLevel(3, 5)).toBeNull();
  });
});

describe('sizeBoard', () => {
  const rooms = [room('b', 'Room B', 20, 0), room('hall', 'Hall', 80, 1), room('lib', 'Library', null, 2)];

  test('flags an overflowing session and suggests the swap with the larger room of its slot, explained', () => {
    const hints = sizeBoard({
      rooms,
      sessions: [session('ethics', 'Data ethics', 42, 'b'), session('garden', 'Gardening', 8, 'hall')],
    });
    expect(hints.get('ethics')).toEqual({
      sessionId: 'ethics',
      level: 'overflow',
      interest: 42,
      capacity: 20,
      roomName: 'Room B',
      message: 'Likely full: 42 want to go, Room B seats 20',
      swap: {
        withSessionId: 'garden',
        withTitle: 'Gardening',
        explanation: '“Data ethics” (42 want to go, Room B seats 20) ↔ “Gardening” (8, Hall seats 80)',
        stillOver: 0,
      },
      move: null,
    });
    expect(hints.has('garden')).toBe(false);
  });

  test('offers no swap when the larger room’s session would not fit the smaller room', () => {
    const hints = sizeBoard({ rooms, sessions: [session('ethics', 'Data ethics', 42, 'b'), session('big', 'Big talk', 21, 'hall')] });
    expect(hints.get('ethics')?.swap).toBeNull();
  });

  test('never swaps across slots, nor with a room of unknown size', () => {
    const hints = sizeBoard({
      rooms,
      sessions: [
        session('ethics', 'Data ethics', 42, 'b', 's1'),
        session('garden', 'Gardening', 8, 'hall', 's2'),
        session('quiet', 'Quiet', 1, 'lib', 's1'),
      ],
    });
    expect(hints.get('ethics')?.swap).toBeNull();
  });

  test('suggests moving to a free larger room of the slot instead of a swap that seats no more', () => {
    const hints = sizeBoard({
      rooms: [...rooms, room('annexe', 'Annexe', 50, 3)],
      sessions: [session('ethics', 'Data ethics', 42, 'b'), session('garden', 'Gardening', 8, 'hall')],
    });
    expect(hints.get('ethics')).toMatchObject({
      swap: null,
      move: {
        roomId: 'annexe',
        slotId: 's1',
        roomName: 'Annexe',
        explanation: '“Data ethics” (42 want to go, Room B seats 20) → Annexe (free, seats 50)',
        stillOver: 0,
      },
    });
  });

  test('keeps the swap when it seats more people than the free room', () => {
    const hints = sizeBoard({
      rooms: [...rooms, room('annexe', 'Annexe', 30, 3)],
      sessions: [session('ethics', 'Data ethics', 42, 'b'), session('garden', 'Gardening', 8, 'hall')],
    });
    expect(hints.get('ethics')).toMatchObject({ swap: { withSessionId: 'garden' }, move: null });
  });

  test('a larger room is free only at the slots where nothing is in it', () => {
    const hints = sizeBoard({
      rooms: [room('b', 'Room B', 20, 0), room('hall', 'Hall', 80, 1)],
      sessions: [session('ethics', 'Data ethics', 42, 'b', 's1'), session('other', 'Other slot', 1, 'hall', 's2')],
    });
    expect(hints.get('ethics')).toMatchObject({ move: { roomId: 'hall', slotId: 's1' } });
    const taken = sizeBoard({
      rooms: [room('b', 'Room B', 20, 0), room('hall', 'Hall', 80, 1)],
      sessions: [session('ethics', 'Data ethics', 42, 'b', 's1'), session('here', 'Here', 90, 'hall', 's1')],
    });
    expect(taken.get('ethics')).toMatchObject({ move: null, swap: null });
  });

  test('ignores unscheduled sessions and rooms without a capacity', () => {
    expect(sizeBoard({ rooms, sessions: [session('u', 'Unscheduled', 99, null), session('l', 'In the library', 99, 'lib')] }).size).toBe(0);
  });

  test('marks a nearly full session without suggesting a swap', () => {
    const hint = sizeBoard({ rooms, sessions: [session('a', 'Almost', 18, 'b'), session('g', 'Gardening', 2, 'hall')] }).get('a');
    expect(hint).toMatchObject({ level: 'nearly-full', message: 'Nearly full: 18 of 20 seats wanted in Room B', swap: null });
  });
});

describe('chooseSwap', () => {
  const small = room('s', 'Small', 10, 0);
  const placed = (s: Session, r: Room) => ({ session: s, room: { ...r, capacity: r.capacity ?? 0 } });
  const over = placed(session('over', 'Crowded', 50, 's'), small);

  test('prefers the swap that seats everyone over a bigger room that still leaves people out', () => {
    const mid = placed(session('m', 'Mid', 3, 'mid'), room('mid', 'Mid room', 40, 1));
    const large = placed(session('l', 'Large', 9, 'large'), room('large', 'Large room', 60, 2));
    expect(chooseSwap(over, [over, mid, large])?.withSessionId).toBe('l');
  });

  test('among swaps that seat everyone, takes the smallest room that does, leaving the largest free', () => {
    const sixty = placed(session('a', 'A', 1, 'r60'), room('r60', 'Sixty', 60, 1));
    const hundred = placed(session('b', 'B', 1, 'r100'), room('r100', 'Hundred', 100, 2));
    expect(chooseSwap(over, [hundred, sixty, over])?.withSessionId).toBe('a');
  });

  test('between equal rooms, moves the session with the least interest', () => {
    const one = placed(session('a', 'A', 7, 'r1'), room('r1', 'One', 60, 1));
    const two = placed(session('b', 'B', 2, 'r2'), room('r2', 'Two', 60, 2));
    expect(chooseSwap(over, [one, two])?.withSessionId).toBe('b');
  });

  test('when no room seats everyone, the one that leaves the fewest out wins and says how many', () => {
    const thirty = placed(session('a', 'A', 1, 'r30'), room('r30', 'Thirty', 30, 1));
    const forty = placed(session('b', 'B', 1, 'r40'), room('r40', 'Forty', 40, 2));
    expect(chooseSwap(over, [thirty, forty])).toMatchObject({ withSessionId: 'b', stillOver: 10 });
  });

  test('chooseFreeRoom takes the smallest free room that seats everyone, and never a smaller one', () => {
    const free = [room('r100', 'Hundred', 100, 2), room('r60', 'Sixty', 60, 1), room('r5', 'Five', 5, 3)].map((r) => ({
      ...r,
      capacity: r.capacity ?? 0,
    }));
    expect(chooseFreeRoom(over, free)?.roomId).toBe('r60');
    expect(chooseFreeRoom(over, free.slice(2))).toBeNull();
  });

  test('never swaps with a smaller or equal room', () => {
    const same = placed(session('a', 'A', 1, 'r'), room('r', 'Same', 10, 1));
    expect(chooseSwap(over, [same])).toBeNull();
  });
});
