import type { Board, Session } from '../../../server/domain/types';
import { cardContext, cardModel, type CardView } from '../../../views/shared/card';
import { sessionOf } from '../../helpers/sessions';

const rooms = ['a', 'b', 'c', 'd', 'e', 'f'];
const boardOf = (sessions: Session[], links: Board['links'] = []): Board => ({
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    timeZone: 'Europe/London',
    listed: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  rooms: rooms.map((id, position) => ({ id, eventId: 'e', name: `Room ${id.toUpperCase()}`, capacity: null, position })),
  slots: [{ id: 's', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 0 }],
  sessions,
  links,
});
const placed = (id: string, room: string | null) => sessionOf(id, { title: id, roomId: room, slotId: room ? 's' : null });
const view = (board: Board, marks: CardView['marks'], mode: CardView['mode'] = 'board'): CardView => ({
  board,
  marks,
  mode,
  live: true,
  viewer: { organiser: false, facilitator: false, interested: new Set() },
});
const linesOf = (v: CardView, id: string) =>
  cardModel(
    v.board.sessions.find((s) => s.id === id)!,
    cardContext(v),
  ).lines.map((l) => `${l.kind}: ${l.text}`);

describe('cardModel', () => {
  test('names up to three sessions on the same ground in other rooms, then sums up the rest', () => {
    const sessions = ['x', 'p', 'q', 'r', 's', 't'].map((id, k) => placed(id, rooms[k]!));
    const board = boardOf(sessions);
    expect(linesOf(view(board, [{ id: 'x+p+q', sessions: ['x', 'p', 'q'] }]), 'x')).toEqual([
      'overlap: ⚑ Same ground as “p”, Room B at 10:00',
      'overlap: ⚑ Same ground as “q”, Room C at 10:00',
    ]);
    const many = [
      { id: 'x+p+q', sessions: ['x', 'p', 'q'] },
      { id: 'r+s+t+x', sessions: ['r', 's', 't', 'x'] },
    ];
    expect(linesOf(view(board, many), 'x')).toEqual([
      'overlap: ⚑ Same ground as “p”, Room B at 10:00',
      'overlap: ⚑ Same ground as “q”, Room C at 10:00',
      'overlap: ⚑ …and 3 more on the same ground',
    ]);
  });

  test('leaves out sessions in the same room and sessions no longer on the board, also from the count', () => {
    const board = boardOf([placed('x', 'a'), placed('p', 'a'), placed('q', 'b'), placed('r', null), placed('s', 'c')]);
    const marks = [{ id: 'm', sessions: ['x', 'p', 'q', 'gone', 'r', 's'] }];
    expect(linesOf(view(board, marks), 'x')).toEqual([
      'overlap: ⚑ Same ground as “q”, Room B at 10:00',
      'overlap: ⚑ Same ground as “r”, not scheduled yet',
      'overlap: ⚑ Same ground as “s”, Room C at 10:00',
    ]);
    const card = cardModel(board.sessions[1]!, cardContext(view(board, [{ id: 'm', sessions: ['x', 'p'] }])));
    expect(card.classes).toBe('session-card');
    expect(card.lines).toEqual([]);
  });

  test('on the wall, links and overlaps together take three lines at most', () => {
    const sessions = ['x', 'p', 'q', 'r'].map((id, k) => placed(id, rooms[k]!));
    const board = boardOf(sessions, [['x', 'p']]);
    expect(linesOf(view(board, [{ id: 'm', sessions: ['x', 'q', 'r'] }], 'wall'), 'x')).toEqual([
      'linked: ↔ Linked: “p”, Room B at 10:00',
      'overlap: ⚑ Same ground as “q”, Room C at 10:00',
      'overlap: ⚑ Same ground as “r”, Room D at 10:00',
    ]);
    const more = boardOf([...sessions, placed('s', 'e')], [['x', 'p']]);
    expect(linesOf(view(more, [{ id: 'm', sessions: ['x', 'q', 'r', 's'] }], 'wall'), 'x')).toEqual([
      'linked: ↔ Linked: “p”, Room B at 10:00',
      'overlap: ⚑ Same ground as “q”, Room C at 10:00',
      'overlap: ⚑ …and 2 more on the same ground',
    ]);
  });
});

describe('cardModel: clashes on the grid', () => {
  const organiser = { organiser: true, facilitator: true, interested: new Set<string>() };
  const pair = (a: string, b: string) => ({ sessions: [a, b] as [string, string], why: 'both about maps' });

  test('names two clashes, then the first and how many more, and says when no later slot is free', () => {
    const board = boardOf([placed('a', 'a'), placed('b', 'b'), placed('c', 'c'), placed('d', 'd')]);
    const two: CardView = { ...view(board, []), viewer: organiser, clashes: [pair('a', 'b'), pair('a', 'c')] };
    expect(linesOf(two, 'a')).toEqual([
      'clash: Clashes with “b” (Room B): both about maps',
      'clash: Clashes with “c” (Room C): both about maps',
      'clash-fix: No later slot has a free room without a clash.',
    ]);
    const three: CardView = { ...two, clashes: [pair('a', 'b'), pair('a', 'c'), pair('a', 'd')] };
    expect(linesOf(three, 'a').slice(0, 2)).toEqual([
      'clash: Clashes with “b” (Room B): both about maps',
      'clash: …and 2 more at the same time',
    ]);
  });

  test('linked sessions in one slot clash, and a card out of the grid never does', () => {
    const board = boardOf([placed('a', 'a'), placed('b', 'b'), placed('c', null)], [['a', 'b']]);
    const v: CardView = { ...view(board, []), viewer: organiser, clashes: [pair('a', 'c')] };
    expect(linesOf(v, 'b')[0]).toBe('clash: Clashes with “a” (Room A): linked: meant to follow one another');
    expect(linesOf(v, 'c').filter((l) => l.startsWith('clash'))).toEqual([]);
  });
});
