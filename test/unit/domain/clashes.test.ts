import {
  clashesIn,
  clashesOf,
  clashIndex,
  clashNews,
  clashPairs,
  clashText,
  freeGrid,
  MAX_WANT_BOTH_CLASHES,
  gridLookup,
  nextFreeCell,
  NO_RULES,
  type ClashPair,
  type NextFreeRules,
} from '../../../server/domain/clashes';
import type { Board, Room, Session, Slot } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const room = (id: string, name: string, position: number): Room => ({ id, eventId: 'e', name, capacity: null, position });
const slot = (id: string, startsAt: string, position: number): Slot => ({
  id,
  eventId: 'e',
  label: '',
  startsAt,
  endsAt: '23:00',
  position,
});

/** Library and Attic at 10:00, 11:00 and 12:00 (listed out of time order: 12:00 is shown first). */
function boardOf(sessions: Session[], links: Board['links'] = []): Board {
  return {
    event: { id: 'e', name: 'Camp', date: '2026-06-20', venue: '', timeZone: 'Europe/London', listed: false, version: 1, createdAt: '' },
    rooms: [room('attic', 'Attic', 1), room('lib', 'Library', 0)],
    slots: [slot('s12', '12:00', 0), slot('s10', '10:00', 1), slot('s11', '11:00', 2)],
    sessions,
    links,
  };
}

const at = (id: string, title: string, roomId: string | null, slotId: string | null) => sessionOf(id, { title, roomId, slotId });
const lowCode: ClashPair = { sessions: ['a', 'b'], why: 'both about low-code and platforms' };

describe('clashPairs', () => {
  test('pairs every two sessions of a detector overlap, with its shared words as the reason', () => {
    const pairs = clashPairs({
      found: [{ sessions: ['a', 'b', 'c'], sharedTerms: ['open', 'data'], semantic: false }],
      wantBoth: [],
      decisions: [],
    });
    expect(pairs).toEqual([
      { sessions: ['a', 'b'], why: 'both about open and data' },
      { sessions: ['a', 'c'], why: 'both about open and data' },
      { sessions: ['b', 'c'], why: 'both about open and data' },
    ]);
  });

  test('says "similar in meaning" for an overlap found by meaning alone', () => {
    const [pair] = clashPairs({ found: [{ sessions: ['x', 'y'], sharedTerms: [], semantic: true }], wantBoth: [], decisions: [] });
    expect(pair?.why).toBe('similar in meaning');
  });

  test('adds pairs people want both of, joined with the words when both apply', () => {
    const pairs = clashPairs({
      found: [{ sessions: ['a', 'b'], sharedTerms: ['maps'], semantic: false }],
      wantBoth: [
        { pair: ['b', 'a'], browsers: 12, share: 0.5 },
        { pair: ['c', 'd'], browsers: 3, share: 0.4 },
      ],
      decisions: [],
    });
    expect(pairs).toEqual([
      { sessions: ['a', 'b'], why: 'both about maps; 12 people want both' },
      { sessions: ['c', 'd'], why: '3 people want both' },
    ]);
  });

  test('leaves out every pair a facilitator decided about (a dismissed pair never warns)', () => {
    const pairs = clashPairs({
      found: [{ sessions: ['a', 'b'], sharedTerms: ['maps'], semantic: false }],
      wantBoth: [{ pair: ['a', 'c'], browsers: 5, share: 1 }],
      decisions: [{ pair: ['b', 'a'] }, { pair: ['c', 'a'] }],
    });
    expect(pairs).toEqual([]);
  });
});

describe('clashesIn', () => {
  const board = boardOf([at('a', 'Low-code', 'lib', 's10'), at('b', 'Platforms', 'attic', 's10'), at('c', 'Gardening', 'lib', 's11')]);
  const grid = gridLookup(board);

  test('names a partner placed in that slot in another room', () => {
    const index = clashIndex([lowCode], []);
    const clashes = clashesIn(index, grid, 'a', 's10', 'lib');
    expect(clashes.map((c) => [c.other.id, c.room.name, c.why])).toEqual([['b', 'Attic', 'both about low-code and platforms']]);
    expect(clashText(clashes[0]!)).toBe('Clashes with “Platforms” (Attic): both about low-code and platforms');
  });

  test('finds nothing in a slot the partner is not in, nor in the partner’s own cell', () => {
    const index = clashIndex([lowCode], []);
    expect(clashesIn(index, grid, 'a', 's11', 'attic')).toEqual([]);
    expect(clashesIn(index, grid, 'a', 's10', 'attic')).toEqual([]);
  });

  test('linked sessions clash too, and an unscheduled session clashes with nobody', () => {
    const index = clashIndex([], [['c', 'a']]);
    expect(clashesIn(index, grid, 'c', 's10', 'attic').map((c) => [c.other.id, c.why])).toEqual([
      ['a', 'linked: meant to follow one another'],
    ]);
    expect(clashesOf(index, grid, at('c', 'Gardening', null, null))).toEqual([]);
  });
});

describe('nextFreeCell', () => {
  const next = (board: Board, pairs: ClashPair[], id: string, rules: NextFreeRules = NO_RULES) => {
    const found = nextFreeCell(
      clashIndex(pairs, board.links),
      gridLookup(board),
      board.sessions.find((s) => s.id === id)!,
      freeGrid(board),
      rules,
    );
    return found.cell ? `${found.cell.room.name} at ${found.cell.slot.startsAt}` : null;
  };
  const why = (board: Board, pairs: ClashPair[], id: string, rules: NextFreeRules) =>
    nextFreeCell(
      clashIndex(pairs, board.links),
      gridLookup(board),
      board.sessions.find((s) => s.id === id)!,
      freeGrid(board),
      rules,
    ).why;
  const sized = (board: Board, seats: Record<string, number>): Board => ({
    ...board,
    rooms: board.rooms.map((r) => ({ ...r, capacity: seats[r.id] ?? null })),
  });
  const planned = (id: string, plan: { pinned?: boolean; hands?: number }): NextFreeRules => ({
    frozenSlotIds: new Set(),
    planning: new Map([[id, { pinned: plan.pinned ?? false, hands: plan.hands ?? null }]]),
  });

  test('takes the next slot in time order, in the session’s own room when it is free there', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's10')]);
    expect(next(board, [lowCode], 'a')).toBe('Attic at 11:00');
  });

  test('takes another free room when its own is held, in the board’s order of rooms', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's10'), at('c', 'Gardening', 'attic', 's11')]);
    expect(next(board, [lowCode], 'a')).toBe('Library at 11:00');
  });

  test('skips a slot that is full, and one where another partner runs', () => {
    const board = boardOf([
      at('a', 'Low-code', 'attic', 's10'),
      at('b', 'Platforms', 'lib', 's10'),
      at('c', 'Gardening', 'attic', 's11'),
      at('d', 'Knitting', 'lib', 's11'),
      at('e', 'No-code', 'lib', 's12'),
    ]);
    expect(next(board, [lowCode, { sessions: ['a', 'e'], why: 'both about code' }], 'a')).toBeNull();
    expect(next(board, [lowCode], 'a')).toBe('Attic at 12:00');
  });

  test('the last slot has no next one', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's12'), at('b', 'Platforms', 'lib', 's12')]);
    expect(next(board, [lowCode], 'a')).toBeNull();
  });

  test('offers no move to a pinned session, and says why', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's10')]);
    expect(next(board, [lowCode], 'a', planned('a', { pinned: true }))).toBeNull();
    expect(why(board, [lowCode], 'a', planned('a', { pinned: true }))).toBe('Pinned where it is: unpin it to move it.');
    expect(next(board, [lowCode], 'a', planned('b', { pinned: true }))).toBe('Attic at 11:00');
  });

  test('offers no move out of a slot that is running, over or next to start', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's10')]);
    const rules = { frozenSlotIds: new Set(['s10']), planning: new Map() };
    expect(next(board, [lowCode], 'a', rules)).toBeNull();
    expect(why(board, [lowCode], 'a', rules)).toBe('Its slot is running, over or next to start: it stays where it is.');
  });

  test('skips rooms too small for the people who want to go, leaving its own room when that is too small', () => {
    const board = sized(boardOf([{ ...at('a', 'Low-code', 'attic', 's10'), interest: 30 }, at('b', 'Platforms', 'lib', 's10')]), {
      attic: 20,
      lib: 40,
    });
    expect(next(board, [lowCode], 'a')).toBe('Library at 11:00');
  });

  test('counts the hands at the pitch when more than said "I’d go", and says when no free room seats them', () => {
    const board = sized(
      boardOf([
        { ...at('a', 'Low-code', 'attic', 's10'), interest: 10 },
        at('b', 'Platforms', 'lib', 's10'),
        at('c', 'Maps', 'lib', 's11'),
      ]),
      { attic: 20, lib: 40 },
    );
    expect(next(board, [lowCode], 'a')).toBe('Attic at 11:00');
    expect(next(board, [lowCode], 'a', planned('a', { hands: 30 }))).toBe('Library at 12:00');
    expect(next(board, [lowCode], 'a', planned('a', { hands: 50 }))).toBeNull();
    expect(why(board, [lowCode], 'a', planned('a', { hands: 50 }))).toBe(
      'No later slot has a free room seating its 50 people without a clash.',
    );
  });

  test('a room of unknown size fits any audience', () => {
    const board = boardOf([{ ...at('a', 'Low-code', 'attic', 's10'), interest: 500 }, at('b', 'Platforms', 'lib', 's10')]);
    expect(next(board, [lowCode], 'a')).toBe('Attic at 11:00');
  });
});

describe('clashNews', () => {
  test('says whom each moved session clashes with and where the next free slot is, or that there is none', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's10')]);
    expect(clashNews(board, [lowCode], ['a'], NO_RULES)).toEqual([
      '“Low-code” clashes with “Platforms” (Library): both about low-code and platforms. “Move to the next free slot” on its card moves it to Attic at 11:00.',
    ]);
    const late = boardOf([at('a', 'Low-code', 'attic', 's12'), at('b', 'Platforms', 'lib', 's12')]);
    expect(clashNews(late, [lowCode], ['b'], NO_RULES)).toEqual([
      '“Platforms” clashes with “Low-code” (Attic): both about low-code and platforms. No later slot has a free room without a clash.',
    ]);
  });

  test('says why a pinned session is not moved', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's10')]);
    const rules = { frozenSlotIds: new Set<string>(), planning: new Map([['a', { pinned: true, hands: null }]]) };
    expect(clashNews(board, [lowCode], ['a'], rules)).toEqual([
      '“Low-code” clashes with “Platforms” (Library): both about low-code and platforms. Pinned where it is: unpin it to move it.',
    ]);
  });

  test('says nothing of sessions that clash with nobody', () => {
    const board = boardOf([at('a', 'Low-code', 'attic', 's10'), at('b', 'Platforms', 'lib', 's11'), at('c', 'Maps', null, null)]);
    expect(clashNews(board, [lowCode], ['a', 'b', 'c', 'gone'], NO_RULES)).toEqual([]);
  });
});

test('"people want both" warns for the strongest pairs only: three browsers wanting every session do not make every pair a clash', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `s${String(i).padStart(2, '0')}`);
  const wantBoth = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ pair: [a, b] as [string, string], browsers: 3, share: 1 })));
  wantBoth.push({ pair: ['s38', 's39'], browsers: 12, share: 0.8 });
  const pairs = clashPairs({ found: [], wantBoth, decisions: [] });
  expect(wantBoth.length).toBeGreaterThan(MAX_WANT_BOTH_CLASHES);
  expect(pairs).toHaveLength(MAX_WANT_BOTH_CLASHES);
  expect(pairs).toContainEqual({ sessions: ['s38', 's39'], why: '12 people want both' });
});
