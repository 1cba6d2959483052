import {
  agendaSessions,
  dismissAllNotices,
  dismissNotice,
  emptyAgenda,
  loadAgenda,
  missingFrom,
  reconcile,
  saveAgenda,
  toggleStar,
  type Agenda,
} from '../../../client/agenda';
import type { Board, Session } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';
import { noticesModel, noticesSummary } from '../../../views/shared/agenda';

const session = (id: string, roomId: string | null = null, slotId: string | null = null, title = `Session ${id}`): Session =>
  sessionOf(id, { roomId, slotId, title, createdAt: `2026-01-01T09:00:0${id.length}.000Z` });

const board = (sessions: Session[]): Board => ({
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
  rooms: [
    { id: 'hall', eventId: 'e', name: 'Hall', capacity: null, position: 0 },
    { id: 'lib', eventId: 'e', name: 'Library', capacity: null, position: 1 },
  ],
  slots: [
    { id: 'late', eventId: 'e', label: '', startsAt: '11:00', endsAt: '11:45', position: 0 },
    { id: 'early', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 1 },
  ],
  sessions,
  links: [],
});

const starredOn = (b: Board, ...ids: string[]): Agenda =>
  ids.reduce((agenda, id) => toggleStar(agenda, b.sessions.find((s) => s.id === id) as Session, b), emptyAgenda());

const texts = (agenda: Agenda) => agenda.notices.map((n) => n.text);

describe('reconcile', () => {
  const before = board([session('a', 'hall', 'early', 'Open data'), session('b'), session('c', 'lib', 'late')]);

  test('nothing changed: no notice, and the agenda stays as it was', () => {
    const agenda = starredOn(before, 'a', 'b');
    const { agenda: next, added } = reconcile(agenda, before);
    expect(added).toEqual([]);
    expect(next).toEqual(agenda);
  });

  test('a move, an unscheduling, a first scheduling and a rename each give a clear notice', () => {
    const agenda = starredOn(before, 'a', 'b', 'c');
    const after = board([session('a', 'lib', 'late', 'Open data'), session('b', 'hall', 'early'), session('c', null, null, 'Renamed c')]);
    const { agenda: next, added } = reconcile(agenda, after);
    expect(added.map((n) => [n.sessionId, n.text])).toEqual([
      ['a', '“Open data” moved from Hall, 10:00–10:45 to Library, 11:00–11:45.'],
      ['b', '“Session b” is now scheduled: Hall, 10:00–10:45.'],
      ['c', '“Session c” is now called “Renamed c”.'],
      ['c', '“Renamed c” was taken off the schedule (it was in Library, 11:00–11:45).'],
    ]);
    // Seen now: comparing again says nothing new, and the notices stay until dismissed.
    const again = reconcile(next, after);
    expect(again.added).toEqual([]);
    expect(texts(again.agenda)).toHaveLength(4);
    expect(texts(dismissNotice(again.agenda, added[0]?.id ?? ''))).toHaveLength(3);
    expect(added.map((n) => [n.kind, n.title])).toEqual([
      ['moved', 'Open data'],
      ['scheduled', 'Session b'],
      ['renamed', 'Renamed c'],
      ['unscheduled', 'Renamed c'],
    ]);
    expect(dismissAllNotices(again.agenda)).toEqual({ ...again.agenda, notices: [] });
  });

  test('a slot moved to another time moves its sessions; a renamed room does not', () => {
    const agenda = starredOn(before, 'a');
    const retimed = board(before.sessions);
    retimed.slots = retimed.slots.map((s) => (s.id === 'early' ? { ...s, startsAt: '09:30' } : s));
    expect(reconcile(agenda, retimed).added.map((n) => n.text)).toEqual(['“Open data” moved from Hall, 10:00–10:45 to Hall, 09:30–10:45.']);
    const renamedRoom = board(before.sessions);
    renamedRoom.rooms = renamedRoom.rooms.map((r) => ({ ...r, name: `${r.name} 2` }));
    expect(reconcile(agenda, renamedRoom).added).toEqual([]);
  });

  test('a merged session is followed to the session it became: the star moves there', () => {
    const agenda = starredOn(before, 'a');
    const after = board([session('b', 'lib', 'late', 'Data, together'), session('c', 'lib', 'late')]);
    expect(missingFrom(agenda, after)).toEqual(['a']);
    // Until the server says where it went, the star and what was seen are kept.
    expect(reconcile(agenda, after)).toEqual({ agenda, added: [] });
    const { agenda: next, added } = reconcile(agenda, after, { a: 'b' });
    expect(added.map((n) => [n.sessionId, n.text])).toEqual([
      ['b', '“Open data” was merged into “Data, together”, Library, 11:00–11:45. Your star moved to it.'],
    ]);
    expect(next.starred).toEqual(['b']);
    expect(Object.keys(next.seen)).toEqual(['b']);
  });

  test('merged into a session already starred: one star, no duplicate', () => {
    const agenda = starredOn(before, 'b', 'a');
    const after = board([session('b'), session('c', 'lib', 'late')]);
    const { agenda: next } = reconcile(agenda, after, { a: 'b' });
    expect(next.starred).toEqual(['b']);
  });

  test('a session that is gone is unstarred with a notice', () => {
    const agenda = starredOn(before, 'a', 'c');
    const { agenda: next, added } = reconcile(agenda, board([session('c', 'lib', 'late')]), { a: null });
    expect(added.map((n) => [n.sessionId, n.text])).toEqual([
      [null, '“Open data” is no longer on the board: it was withdrawn or removed.'],
    ]);
    expect(next.starred).toEqual(['c']);
  });
});

describe('the summary of several notices', () => {
  const notice = (sessionId: string | null, kind: string, title: string, id = `${sessionId}:${kind}`) => ({
    id,
    sessionId,
    text: `${title} ${kind}`,
    kind,
    title,
  });

  test('three sessions scheduled by an organiser are one line naming them', () => {
    const before = board([session('a'), session('b'), session('c'), session('d')]);
    const after = board([session('a', 'hall', 'early'), session('b', 'lib', 'early'), session('c', 'hall', 'late'), session('d')]);
    const { added } = reconcile(starredOn(before, 'a', 'b', 'c', 'd'), after);
    expect(noticesSummary(added)).toBe('3 sessions you starred were scheduled: “Session a”, “Session b” and “Session c”.');
  });

  test('different changes are "changed"; a session with two notices is counted once; more than three titles end "and N more"', () => {
    expect(noticesSummary([notice('a', 'moved', 'A'), notice('b', 'renamed', 'B')])).toBe('2 sessions you starred changed: “A” and “B”.');
    expect(noticesSummary([notice('a', 'renamed', 'A'), notice('a', 'unscheduled', 'A')])).toBe('A session you starred changed: “A”.');
    expect(noticesSummary([notice('a', 'moved', 'A', '1'), notice('a', 'moved', 'A', '2')])).toBe('A session you starred moved: “A”.');
    const five = ['A', 'B', 'C', 'D', 'E'].map((t) => notice(t, 'unscheduled', t));
    expect(noticesSummary(five)).toBe('5 sessions you starred were taken off the schedule: “A”, “B”, “C” and 2 more.');
    expect(noticesSummary([notice(null, 'gone', 'A', 'x'), notice(null, 'gone', 'B', 'y')])).toBe(
      '2 sessions you starred are no longer on the board: “A” and “B”.',
    );
  });

  test('notices kept by an older version (no kind, no title) are summed up without names', () => {
    const store = new Map([
      [
        'unsilo:agenda:e',
        JSON.stringify({
          starred: [],
          notices: [
            { id: '1', sessionId: 'a', text: 'x' },
            { id: '2', sessionId: 'b', text: 'y' },
          ],
        }),
      ],
    ]);
    const { notices } = loadAgenda({ getItem: (k: string) => store.get(k) ?? null }, 'e');
    expect(notices.map((n) => [n.kind, n.title])).toEqual([
      ['changed', ''],
      ['changed', ''],
    ]);
    expect(noticesSummary(notices)).toBe('2 sessions you starred changed.');
  });

  test('one notice is shown as it is; two or more get the summary, its list folded unless the reader opened it', () => {
    expect(noticesModel('e', [notice('a', 'moved', 'A')]).summary).toBeNull();
    const two = [notice('a', 'moved', 'A'), notice('b', 'moved', 'B')];
    expect(noticesModel('e', two).summary).toEqual({ text: '2 sessions you starred moved: “A” and “B”.', open: false });
    expect(noticesModel('e', two, true).summary?.open).toBe(true);
  });
});

describe('toggleStar', () => {
  test('unstarring forgets the session and its notices', () => {
    const b = board([session('a', 'hall', 'early')]);
    const moved = board([session('a', 'lib', 'early')]);
    const { agenda } = reconcile(starredOn(b, 'a'), moved);
    expect(agenda.notices).toHaveLength(1);
    expect(toggleStar(agenda, moved.sessions[0] as Session, moved)).toEqual(emptyAgenda());
  });
});

describe('agendaSessions', () => {
  test('lists starred sessions by start time, then room order, with unscheduled ones last', () => {
    const b = board([session('a', 'lib', 'late'), session('b'), session('c', 'lib', 'early'), session('d', 'hall', 'late'), session('e')]);
    expect(agendaSessions(starredOn(b, 'b', 'a', 'c', 'd'), b).map((s) => s.id)).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('loadAgenda and saveAgenda', () => {
  test('round-trip per event, and anything unreadable reads as an empty agenda', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const b = board([session('a')]);
    const agenda = starredOn(b, 'a');
    expect(saveAgenda(storage, 'e', agenda)).toBe(true);
    expect(loadAgenda(storage, 'e')).toEqual(agenda);
    expect(loadAgenda(storage, 'other')).toEqual(emptyAgenda());
    store.set('unsilo:agenda:e', '{not json');
    expect(loadAgenda(storage, 'e')).toEqual(emptyAgenda());
    store.set('unsilo:agenda:e', JSON.stringify({ starred: ['a', 7], notices: [{ nope: 1 }] }));
    expect(loadAgenda(storage, 'e')).toEqual({ starred: ['a'], seen: {}, notices: [] });
  });

  test('a browser that refuses to store says so', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(saveAgenda(full, 'e', emptyAgenda())).toBe(false);
    expect(saveAgenda(null, 'e', emptyAgenda())).toBe(false);
  });
});
