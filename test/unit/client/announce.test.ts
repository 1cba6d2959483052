import { Announcer, analysisDone, describeChanges, describeNewSuggestions } from '../../../client/announce';
import type { Suggestion } from '../../../server/protocol/events';
import type { Board, Session } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const session = (id: string, title: string, place: [string, string] | null = null, more: Partial<Session> = {}): Session =>
  sessionOf(id, { title, roomId: place?.[0] ?? null, slotId: place?.[1] ?? null, ...more });

const board = (version: number, sessions: Session[], links: [string, string][] = []): Board => ({
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
  rooms: [
    { id: 'hall', eventId: 'e', name: 'Hall', capacity: null, position: 0 },
    { id: 'lib', eventId: 'e', name: 'Library', capacity: 20, position: 1 },
  ],
  slots: [
    { id: 's10', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 0 },
    { id: 's11', eventId: 'e', label: 'After coffee', startsAt: '11:00', endsAt: '11:45', position: 1 },
  ],
  sessions,
  links,
});

const openData = session('a', 'Open data');
const wellbeing = session('b', 'Wellbeing', ['lib', 's10']);

describe('describeChanges', () => {
  test('names a session moved to a cell by room and start time, and one moved back', () => {
    const before = board(1, [openData, wellbeing]);
    const after = board(2, [session('a', 'Open data', ['hall', 's11']), session('b', 'Wellbeing')]);
    expect(describeChanges(before, after)).toEqual(['“Open data” moved to Hall, 11:00.', '“Wellbeing” moved back to unscheduled.']);
  });

  test('counts the sessions a merge brought together, without calling the merged-away ones withdrawn', () => {
    const other = session('c', 'Open data again', null, { pitcher: 'Tom' });
    const before = board(1, [openData, other, wellbeing]);
    const merged = session('a', 'Open data: what now?', null, { cohosts: ['Tom'] });
    expect(describeChanges(before, board(2, [merged, wellbeing]))).toEqual(['2 sessions merged into “Open data: what now?”.']);
  });

  test('an undone merge says which sessions are separate again, not that they are new pitches', () => {
    const merged = session('a', 'Open data: what now?', null, { cohosts: ['Tom'] });
    const back = session('c', 'Open data again');
    expect(describeChanges(board(2, [merged]), board(3, [openData, back]))).toEqual([
      'Merge undone: “Open data” and “Open data again” are separate again.',
    ]);
  });

  test('new pitches, withdrawn pitches, renames, links and grid changes', () => {
    expect(describeChanges(board(1, [openData]), board(2, [openData, wellbeing]))).toEqual(['New pitch: “Wellbeing”, Library, 10:00.']);
    expect(describeChanges(board(1, [openData, wellbeing]), board(2, [wellbeing]))).toEqual(['“Open data” was taken off the board.']);
    expect(describeChanges(board(1, [openData]), board(2, [session('a', 'Open data 2')]))).toEqual([
      '“Open data” is now called “Open data 2”.',
    ]);
    expect(describeChanges(board(1, [openData, wellbeing]), board(2, [openData, wellbeing], [['b', 'a']]))).toEqual([
      '“Wellbeing” and “Open data” linked.',
    ]);
    const renamedRoom = { ...board(2, [openData]), rooms: [{ id: 'hall', eventId: 'e', name: 'Great Hall', capacity: null, position: 0 }] };
    expect(describeChanges(board(1, [openData]), renamedRoom)).toEqual(['The rooms and times were changed.']);
  });

  test('says nothing when only interest counts or versions changed', () => {
    expect(describeChanges(board(1, [openData]), board(2, [{ ...openData, interest: 5, version: 2 }]))).toEqual([]);
  });

  test('sums up many changes at once instead of reading them all', () => {
    const before = board(1, [openData]);
    const after = board(2, [openData, ...['p', 'q', 'r', 's'].map((id) => session(id, `Pitch ${id}`))]);
    expect(describeChanges(before, after)).toEqual(['New pitch: “Pitch p”.', 'New pitch: “Pitch q”.', '…and 2 more changes.']);
  });
});

describe('analysisDone', () => {
  test('says the first analysis is done and how many suggestions the panel lists', () => {
    expect([0, 1, 4].map(analysisDone)).toEqual([
      'Overlap analysis done: no overlaps found so far.',
      'Overlap analysis done: 1 suggestion in the panel.',
      'Overlap analysis done: 4 suggestions in the panel.',
    ]);
  });
});

describe('describeNewSuggestions', () => {
  const overlap = (ids: string[]): Suggestion => ({
    id: ids.join('+'),
    sessions: ids,
    score: 0.8,
    tier: 'same',
    relation: 'unscheduled',
    suggestion: 'merge',
    reason: 'Both are about open data.',
    evidence: [],
    flags: 0,
    reopened: false,
    sharedTerms: ['open', 'data'],
    where: 'Both unscheduled.',
  });

  test('names only the overlaps that are new, by their sessions’ titles', () => {
    const b = board(3, [openData, wellbeing, session('c', 'Open data again')]);
    expect(describeNewSuggestions([overlap(['a', 'b'])], [overlap(['a', 'b']), overlap(['a', 'c'])], b)).toEqual([
      'New overlap suggestion: “Open data” and “Open data again”.',
    ]);
    expect(describeNewSuggestions([overlap(['a', 'c'])], [], b)).toEqual([]);
  });
});

describe('Announcer', () => {
  const make = () => {
    const said: string[] = [];
    return { said, announcer: new Announcer((text) => said.push(text)) };
  };

  test('announces what others change at once', () => {
    const { said, announcer } = make();
    announcer.changed(4, ['“Open data” moved to Hall, 11:00.']);
    announcer.changed(5, []);
    expect(said).toEqual(['“Open data” moved to Hall, 11:00.']);
  });

  test('our own change is told once, in our words, even when its broadcast arrives before the answer', () => {
    const { said, announcer } = make();
    announcer.sent();
    announcer.changed(7, ['“Open data” moved to Hall, 11:00.']);
    announcer.answered(7, 'You moved “Open data” to Hall, 11:00.');
    announcer.changed(7, ['“Open data” moved to Hall, 11:00.']);
    expect(said).toEqual(['You moved “Open data” to Hall, 11:00.']);
  });

  test('news from others that arrived while our command was on its way follows our status', () => {
    const { said, announcer } = make();
    announcer.sent();
    announcer.changed(8, ['New pitch: “Plain English”.']);
    announcer.changed(9, ['2 sessions merged into “Open data”.']);
    announcer.answered(9, 'Merged.');
    expect(said).toEqual(['Merged. New pitch: “Plain English”.']);
  });

  test('news outside the board’s versions is never mistaken for our own', () => {
    const { said, announcer } = make();
    announcer.sent();
    announcer.changed(null, ['New overlap suggestion: “A” and “B”.']);
    announcer.answered(4, 'Moved.');
    expect(said).toEqual(['Moved. New overlap suggestion: “A” and “B”.']);
  });

  test('after a lost connection it no longer waits for answers that will never come', () => {
    const { said, announcer } = make();
    announcer.sent();
    announcer.reset();
    announcer.changed(5, ['New pitch: “Plain English”.']);
    expect(said).toEqual(['New pitch: “Plain English”.']);
  });

  test('a refused command says why and lets held news through', () => {
    const { said, announcer } = make();
    announcer.sent();
    announcer.changed(3, ['New pitch: “Plain English”.']);
    announcer.answered(null, 'That cell is taken.');
    expect(said).toEqual(['That cell is taken. New pitch: “Plain English”.']);
  });
});
