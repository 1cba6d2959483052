import {
  agendaSessions,
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
