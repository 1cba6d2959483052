/** The schedule assistant's models: the proposal's preview board, what moved cards say, and the panel's figures and rules. */
import { frozenOf, previewBoard, previewMarks, schedulePanelModel } from '../../../views/shared/schedule';
import type { Board } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';
import { proposalOf } from '../../helpers/proposals';

const board: Board = {
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    version: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    timeZone: 'UTC',
    listed: false,
  },
  rooms: [
    { id: 'hall', eventId: 'e', name: 'Hall', capacity: 10, position: 0 },
    { id: 'attic', eventId: 'e', name: 'Attic', capacity: 80, position: 1 },
  ],
  slots: [
    { id: 's10', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 0 },
    { id: 's11', eventId: 'e', label: '', startsAt: '11:00', endsAt: '11:45', position: 1 },
  ],
  sessions: [
    sessionOf('crowded', { title: 'Crowded', roomId: 'hall', slotId: 's10' }),
    sessionOf('linked', { title: 'Linked', roomId: 'attic', slotId: 's11' }),
    sessionOf('waiting', { title: 'Waiting' }),
  ],
  links: [],
};

const draft = { kind: 'apart' as const, a: '', b: '' };

test('the preview board puts every session in its proposed cell and leaves the real board alone', () => {
  const preview = previewBoard(board, proposalOf(board));
  expect(preview.sessions.find((s) => s.id === 'waiting')).toMatchObject({ roomId: 'attic', slotId: 's10' });
  expect(preview.sessions.find((s) => s.id === 'crowded')).toMatchObject({ roomId: 'hall', slotId: 's10' });
  expect(board.sessions.find((s) => s.id === 'waiting')).toMatchObject({ roomId: null, slotId: null });
});

test('only changed sessions are marked, with where they were, where they go and why', () => {
  expect([...previewMarks(board, proposalOf(board))]).toEqual([
    ['waiting', { change: 'unscheduled → Attic at 10:00', explanation: 'Scheduled in Attic at 10:00 (80 seats, 0 expected).' }],
  ]);
});

test('the panel lists the changes, the figures with a word for their trend, the tracks and the rules', () => {
  const rules = [
    { id: 1, kind: 'apart' as const, a: 'crowded', b: 'linked', createdAt: 't' },
    { id: 2, kind: 'back-to-back' as const, a: 'crowded', b: 'waiting', createdAt: 't' },
    { id: 3, kind: 'apart' as const, a: 'crowded', b: 'gone', createdAt: 't' },
  ];
  const model = schedulePanelModel({ board, live: true, moveExisting: false, busy: false, proposal: proposalOf(board), rules, draft });
  expect(model.proposal?.heading).toBe('Proposal: 1 change (preview)');
  expect(model.proposal?.changes).toEqual([
    {
      sessionId: 'waiting',
      title: 'Waiting',
      change: 'unscheduled → Attic at 10:00',
      explanation: 'Scheduled in Attic at 10:00 (80 seats, 0 expected).',
    },
  ]);
  const trend = Object.fromEntries(model.proposal?.figures.map((f) => [f.label, f.trend]) ?? []);
  expect(trend).toMatchObject({
    'Sessions without a room and time': 'better',
    'People over room capacity': 'same',
    'Sessions people lose to a clash': 'worse',
  });
  expect(model.proposal?.tracks).toEqual(['Talk · more (Attic): 2 sessions']);
  expect(model.rules).toEqual([
    { id: 1, text: '“Crowded” and “Linked”: never at the same time' },
    { id: 2, text: '“Waiting” right after “Crowded”, in the same room' },
  ]);
  expect(model.draft.a.map((o) => o.label)).toEqual(['Choose a session…', 'Crowded', 'Linked', 'Waiting']);
});

test('a proposal that changes nothing says so', () => {
  const unchanged = { ...proposalOf(board), placements: proposalOf(board).placements.map((p) => ({ ...p, changed: false, to: p.from })) };
  expect(
    schedulePanelModel({ board, live: true, moveExisting: true, busy: false, proposal: unchanged, rules: [], draft }).proposal?.heading,
  ).toBe('Proposal: no change needed');
});

test('the slots a card counts as always pinned: running or past, and next, on the day only', () => {
  expect(frozenOf(board, { date: '2026-06-19', minutes: 600 })).toEqual(new Set());
  expect(frozenOf(board, { date: '2026-06-20', minutes: 9 * 60 })).toEqual(new Set(['s10']));
  expect(frozenOf(board, { date: '2026-06-20', minutes: 10 * 60 + 50 })).toEqual(new Set(['s10', 's11']));
});
