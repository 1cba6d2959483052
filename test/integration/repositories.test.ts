import type { EventInfo, Room, Session, Slot } from '../../server/domain/types';
import { openDatabase, type Db } from '../../server/persistence/database';
import { EventRepository } from '../../server/persistence/event.repository';
import { GridRepository } from '../../server/persistence/grid.repository';
import { SessionRepository, isUniqueViolation } from '../../server/persistence/session.repository';
import { PairLabelRepository } from '../../server/persistence/pair-label.repository';
import { DECISION_KINDS } from '../../server/persistence/facilitation.repository';

const T0 = '2026-11-29T09:00:00.000Z';
const T1 = '2026-11-29T09:05:00.000Z';

const eventFixture = (id: string, overrides: Partial<EventInfo> = {}): EventInfo => ({
  id,
  name: `Event ${id}`,
  date: '2026-06-20',
  venue: 'Town Hall',
  timeZone: 'Europe/London',
  listed: false,
  version: 0,
  createdAt: T0,
  ...overrides,
});

const room = (id: string, eventId: string, position: number, overrides: Partial<Room> = {}): Room => ({
  id,
  eventId,
  name: `Room ${id}`,
  capacity: null,
  position,
  ...overrides,
});

const slot = (id: string, eventId: string, position: number, startsAt = '10:00', endsAt = '10:45'): Slot => ({
  id,
  eventId,
  label: `Slot ${id}`,
  startsAt,
  endsAt,
  position,
});

const session = (id: string, eventId: string, overrides: Partial<Session> = {}): Session => ({
  id,
  eventId,
  title: `Session ${id}`,
  notes: '',
  cohosts: [],
  pitcher: 'Priya',
  roomId: null,
  slotId: null,
  version: 1,
  interest: 0,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

let db: Db;
let events: EventRepository;
let grid: GridRepository;
let sessions: SessionRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  events = new EventRepository(db, 'UTC');
  grid = new GridRepository(db);
  sessions = new SessionRepository(db);
});

afterEach(() => db.close());

/** Runs a write expected to fail and returns SQLite's error. */
function sqliteError(write: () => void): Error & { code?: string } {
  try {
    write();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the database to refuse the write');
}

describe('EventRepository', () => {
  test('insert() then find() returns the same event, and an unknown id finds nothing', () => {
    events.insert(eventFixture('e1'));
    expect(events.find('e1')).toEqual(eventFixture('e1'));
    expect(events.find('nope')).toBeNull();
  });

  test('listed() lists only listed events, the latest dates first, and honours the limit', () => {
    events.insert(eventFixture('old', { date: '2025-01-01', listed: true }));
    events.insert(eventFixture('new', { date: '2026-09-01', listed: true }));
    events.insert(eventFixture('mid', { date: '2026-01-01', listed: true }));
    events.insert(eventFixture('private', { date: '2026-10-01' }));
    expect(events.listed(10).map((e) => e.id)).toEqual(['new', 'mid', 'old']);
    expect(events.listed(2).map((e) => e.id)).toEqual(['new', 'mid']);
    expect(events.total()).toBe(4);
    events.setListed('private', true);
    expect(events.listed(1).map((e) => e.id)).toEqual(['private']);
  });

  test('update() changes name, date, venue and time zone but not the version', () => {
    events.insert(eventFixture('e1'));
    events.update('e1', { name: 'Renamed', date: '2026-07-01', venue: '', timeZone: 'Asia/Tokyo' });
    expect(events.find('e1')).toEqual(eventFixture('e1', { name: 'Renamed', date: '2026-07-01', venue: '', timeZone: 'Asia/Tokyo' }));
  });

  test('an event stored without a time zone (made before zones existed) reads as the default zone', () => {
    events.insert(eventFixture('e1'));
    db.prepare('UPDATE events SET time_zone = NULL').run();
    expect(events.find('e1')?.timeZone).toBe('UTC');
  });

  test('bumpVersion() counts up one at a time and refuses an unknown event', () => {
    events.insert(eventFixture('e1'));
    expect(events.bumpVersion('e1')).toBe(1);
    expect(events.bumpVersion('e1')).toBe(2);
    expect(events.find('e1')?.version).toBe(2);
    expect(() => events.bumpVersion('nope')).toThrow(/no event nope/);
  });

  test('insert() refuses a second event with the same id', () => {
    events.insert(eventFixture('e1'));
    expect(sqliteError(() => events.insert(eventFixture('e1'))).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
  });
});

describe('GridRepository', () => {
  beforeEach(() => {
    events.insert(eventFixture('e1'));
    events.insert(eventFixture('e2'));
  });

  test('rooms are listed per event in position order and found only within their own event', () => {
    grid.insertRoom(room('r-b', 'e1', 1, { capacity: 40 }));
    grid.insertRoom(room('r-a', 'e1', 0));
    grid.insertRoom(room('r-other', 'e2', 0));
    expect(grid.listRooms('e1')).toEqual([room('r-a', 'e1', 0), room('r-b', 'e1', 1, { capacity: 40 })]);
    expect(grid.findRoom('e1', 'r-b')?.capacity).toBe(40);
    expect(grid.findRoom('e1', 'r-other')).toBeNull();
    expect(grid.roomExists('r-other')).toBe(true);
    expect(grid.roomExists('missing')).toBe(false);
  });

  test('updateRoom(), setRoomPositions() and deleteRoom() change exactly what they name', () => {
    grid.insertRoom(room('r1', 'e1', 0));
    grid.insertRoom(room('r2', 'e1', 1));
    grid.updateRoom({ id: 'r1', name: 'Main Hall', capacity: 120 });
    grid.setRoomPositions([
      { id: 'r1', position: 1 },
      { id: 'r2', position: 0 },
    ]);
    expect(grid.listRooms('e1').map((r) => [r.id, r.name, r.capacity, r.position])).toEqual([
      ['r2', 'Room r2', null, 0],
      ['r1', 'Main Hall', 120, 1],
    ]);
    grid.deleteRoom('r2');
    expect(grid.listRooms('e1').map((r) => r.id)).toEqual(['r1']);
  });

  test('a room capacity must be positive', () => {
    expect(sqliteError(() => grid.insertRoom(room('r1', 'e1', 0, { capacity: 0 }))).code).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  test('slots are listed per event in position order, updated and deleted', () => {
    grid.insertSlot(slot('s2', 'e1', 1, '11:00', '11:45'));
    grid.insertSlot(slot('s1', 'e1', 0));
    grid.insertSlot(slot('s-other', 'e2', 0));
    expect(grid.listSlots('e1').map((s) => s.id)).toEqual(['s1', 's2']);
    expect(grid.findSlot('e1', 's-other')).toBeNull();
    expect(grid.slotExists('s-other')).toBe(true);
    grid.updateSlot({ id: 's1', label: 'Opening', startsAt: '09:30', endsAt: '10:15' });
    expect(grid.findSlot('e1', 's1')).toEqual({ ...slot('s1', 'e1', 0), label: 'Opening', startsAt: '09:30', endsAt: '10:15' });
    grid.setSlotPositions([{ id: 's1', position: 5 }]);
    expect(grid.listSlots('e1').map((s) => s.id)).toEqual(['s2', 's1']);
    grid.deleteSlot('s2');
    expect(grid.listSlots('e1').map((s) => s.id)).toEqual(['s1']);
  });

  test('the database refuses a slot that ends before it starts', () => {
    expect(sqliteError(() => grid.insertSlot(slot('s1', 'e1', 0, '11:00', '10:00'))).code).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  test('a room or slot for an event that does not exist is refused', () => {
    expect(sqliteError(() => grid.insertRoom(room('r1', 'ghost', 0))).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(sqliteError(() => grid.insertSlot(slot('s1', 'ghost', 0))).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });
});

describe('SessionRepository', () => {
  beforeEach(() => {
    events.insert(eventFixture('e1'));
    events.insert(eventFixture('e2'));
    grid.insertRoom(room('r1', 'e1', 0));
    grid.insertRoom(room('r2', 'e1', 1));
    grid.insertSlot(slot('s1', 'e1', 0));
    grid.insertRoom(room('r-e2', 'e2', 0));
    grid.insertSlot(slot('s-e2', 'e2', 0));
  });

  test('insert() then find() and list() return the session with no interest yet', () => {
    sessions.insert(session('b', 'e1', { notes: 'Some notes' }));
    sessions.insert(session('a', 'e1'));
    sessions.insert(session('z', 'e2'));
    expect(sessions.find('e1', 'b')).toEqual(session('b', 'e1', { notes: 'Some notes' }));
    expect(sessions.list('e1').map((s) => s.id)).toEqual(['a', 'b']);
    expect(sessions.find('e1', 'z')).toBeNull();
    expect(sessions.exists('z')).toBe(true);
    expect(sessions.exists('missing')).toBe(false);
  });

  test('list() orders by creation time before id', () => {
    sessions.insert(session('a', 'e1', { createdAt: T1, updatedAt: T1 }));
    sessions.insert(session('b', 'e1'));
    expect(sessions.list('e1').map((s) => s.id)).toEqual(['b', 'a']);
  });

  test('updateContent() rewrites the text and bumps the session version and updatedAt', () => {
    sessions.insert(session('a', 'e1'));
    sessions.updateContent('a', { title: 'New title', notes: 'New notes', pitcher: 'Tom' }, T1);
    expect(sessions.find('e1', 'a')).toEqual(
      session('a', 'e1', { title: 'New title', notes: 'New notes', pitcher: 'Tom', version: 2, updatedAt: T1 }),
    );
  });

  test('place() puts a session in a cell, unschedules it with nulls, and bumps the version each time', () => {
    sessions.insert(session('a', 'e1'));
    sessions.place('a', 'r1', 's1', T1);
    expect(sessions.find('e1', 'a')).toMatchObject({ roomId: 'r1', slotId: 's1', version: 2, updatedAt: T1 });
    expect(sessions.idsInRoom('r1')).toEqual(['a']);
    expect(sessions.idsInSlot('s1')).toEqual(['a']);
    sessions.place('a', null, null, T1);
    expect(sessions.find('e1', 'a')).toMatchObject({ roomId: null, slotId: null, version: 3 });
    expect(sessions.idsInRoom('r1')).toEqual([]);
  });

  test('the unique cell index rejects a second session in a cell', () => {
    sessions.insert(session('a', 'e1'));
    sessions.insert(session('b', 'e1'));
    sessions.place('a', 'r1', 's1', T1);
    const error = sqliteError(() => sessions.place('b', 'r1', 's1', T1));
    expect(error.code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(isUniqueViolation(error)).toBe(true);
    expect(sessions.find('e1', 'b')).toMatchObject({ roomId: null, slotId: null, version: 1 });
  });

  test('the unique cell index also rejects an insert straight into a taken cell', () => {
    sessions.insert(session('a', 'e1', { roomId: 'r1', slotId: 's1' }));
    expect(isUniqueViolation(sqliteError(() => sessions.insert(session('b', 'e1', { roomId: 'r1', slotId: 's1' }))))).toBe(true);
  });

  test('many sessions may be unscheduled at once (the index ignores empty cells)', () => {
    for (const id of ['a', 'b', 'c']) sessions.insert(session(id, 'e1'));
    expect(sessions.list('e1')).toHaveLength(3);
  });

  test('a room or slot from another event cannot be used (composite foreign key)', () => {
    sessions.insert(session('a', 'e1'));
    expect(sqliteError(() => sessions.place('a', 'r-e2', 's1', T1)).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(sqliteError(() => sessions.place('a', 'r1', 's-e2', T1)).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(sqliteError(() => sessions.insert(session('b', 'e1', { roomId: 'r-e2', slotId: 's-e2' }))).code).toBe(
      'SQLITE_CONSTRAINT_FOREIGNKEY',
    );
    expect(sessions.find('e1', 'a')).toMatchObject({ roomId: null, slotId: null, version: 1 });
  });

  test('a session cannot have a room without a slot', () => {
    sessions.insert(session('a', 'e1'));
    expect(sqliteError(() => sessions.place('a', 'r1', null, T1)).code).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  test('a room that still holds a session cannot be deleted behind the service’s back', () => {
    sessions.insert(session('a', 'e1', { roomId: 'r1', slotId: 's1' }));
    expect(sqliteError(() => grid.deleteRoom('r1')).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  test('interest is counted once per browser key and can be withdrawn', () => {
    sessions.insert(session('a', 'e1'));
    expect(sessions.addInterestFrom('a', 'browser-1', T1)).toBe(true);
    expect(sessions.addInterestFrom('a', 'browser-1', T1)).toBe(false);
    expect(sessions.addInterestFrom('a', 'browser-2', T1)).toBe(true);
    expect(sessions.find('e1', 'a')?.interest).toBe(2);
    expect(sessions.list('e1')[0]?.interest).toBe(2);
    expect(sessions.hasInterestFrom('a', 'browser-1')).toBe(true);
    expect(sessions.interestedBrowsers('a')).toEqual(['browser-1', 'browser-2']);

    expect(sessions.removeInterestFrom('a', 'browser-1')).toBe(true);
    expect(sessions.removeInterestFrom('a', 'browser-1')).toBe(false);
    expect(sessions.hasInterestFrom('a', 'browser-1')).toBe(false);
    expect(sessions.find('e1', 'a')?.interest).toBe(1);
  });

  test('interest in a session that does not exist is refused', () => {
    expect(sqliteError(() => sessions.addInterestFrom('ghost', 'browser-1', T1)).code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });
});

describe('PairLabelRepository', () => {
  let labels: PairLabelRepository;
  beforeEach(() => {
    labels = new PairLabelRepository(db);
    events.insert(eventFixture('e1'));
    for (const id of ['a', 'b', 'c']) sessions.insert(session(id, 'e1'));
  });

  test('one word per pair, source and browser: saying it again replaces it; (b, a) is the pair (a, b)', () => {
    labels.say('e1', 'b', 'a', { source: 'attendee', label: 'same', browserKey: 'k1', now: T0 });
    labels.say('e1', 'a', 'b', { source: 'attendee', label: 'same', browserKey: 'k2', now: T0 });
    labels.say('e1', 'a', 'b', { source: 'attendee', label: 'link', browserKey: 'k1', now: T1 });
    labels.say('e1', 'a', 'b', { source: 'pitcher', label: 'different', browserKey: 'k1', now: T1 });
    expect(labels.pair('e1', 'b', 'a').map((l) => [l.pair, l.source, l.label, l.browserKey])).toEqual([
      [['a', 'b'], 'attendee', 'same', 'k2'],
      [['a', 'b'], 'attendee', 'link', 'k1'],
      [['a', 'b'], 'pitcher', 'different', 'k1'],
    ]);
    expect(labels.all('e1')).toHaveLength(3);
  });

  test('clearing a source keeps its labels with the time, and a browser that says it again counts again', () => {
    labels.say('e1', 'a', 'c', { source: 'attendee', label: 'same', browserKey: 'k1', now: T0 });
    labels.say('e1', 'a', 'c', { source: 'pitcher', label: 'same', browserKey: 'k9', now: T0 });
    expect(labels.clear('e1', 'c', 'a', 'attendee', T1)).toBe(1);
    expect(labels.pair('e1', 'a', 'c').map((l) => [l.source, l.clearedAt])).toEqual([
      ['attendee', T1],
      ['pitcher', null],
    ]);
    labels.say('e1', 'a', 'c', { source: 'attendee', label: 'same', browserKey: 'k1', now: T1 });
    expect(labels.pair('e1', 'a', 'c').find((l) => l.source === 'attendee')?.clearedAt).toBeNull();
  });

  test("unsay takes back one browser's word; labels go with their sessions", () => {
    labels.say('e1', 'a', 'b', { source: 'attendee', label: 'same', browserKey: 'k1', now: T0 });
    expect(labels.unsay('e1', 'b', 'a', 'attendee', 'k1')).toBe(true);
    expect(labels.unsay('e1', 'b', 'a', 'attendee', 'k1')).toBe(false);
    labels.say('e1', 'a', 'b', { source: 'attendee', label: 'same', browserKey: 'k1', now: T0 });
    db.prepare("DELETE FROM sessions WHERE id = 'b'").run();
    expect(labels.all('e1')).toEqual([]);
  });

  test('the database refuses an unknown source or label', () => {
    expect(sqliteError(() => labels.say('e1', 'a', 'b', { source: 'robot' as never, label: 'same', browserKey: 'k', now: T0 })).code).toBe(
      'SQLITE_CONSTRAINT_CHECK',
    );
  });
});

describe('lists declared once', () => {
  test('the decisions table accepts exactly the decision kinds the code declares', () => {
    const db = openDatabase(':memory:');
    try {
      const table = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'decisions'").get() as { sql: string }).sql;
      const listed = /kind\s+TEXT NOT NULL CHECK \(kind IN \(([^)]*)\)\)/.exec(table)?.[1] ?? '';
      expect(listed.split(',').map((kind) => kind.trim().replace(/'/g, ''))).toEqual([...DECISION_KINDS]);
    } finally {
      db.close();
    }
  });
});
