import { sessionUid, venueInstant } from '../../../server/services/calendar.ics';
import {
  CSV_COLUMNS,
  DEFAULT_PITCHER,
  escapeCell,
  gridCsvRows,
  readHeader,
  readRow,
  readTime,
  unescapeCell,
  type Field,
} from '../../../server/services/grid-csv';
import type { Board, Room, Session, Slot } from '../../../server/domain/types';

const room = (id: string, name: string, position: number, capacity: number | null = null): Room => ({
  id,
  eventId: 'e',
  name,
  capacity,
  position,
});
const slot = (id: string, startsAt: string, endsAt: string, position: number, label = ''): Slot => ({
  id,
  eventId: 'e',
  label,
  startsAt,
  endsAt,
  position,
});
const session = (id: string, title: string, cell: [string, string] | null, extra: Partial<Session> = {}): Session => ({
  id,
  eventId: 'e',
  title,
  notes: '',
  pitcher: 'Priya',
  cohosts: [],
  roomId: cell?.[0] ?? null,
  slotId: cell?.[1] ?? null,
  version: 1,
  interest: 0,
  createdAt: `2026-06-01T09:00:0${id.slice(-1)}.000Z`,
  updatedAt: '2026-06-01T09:00:00.000Z',
  ...extra,
});
const board = (rooms: Room[], slots: Slot[], sessions: Session[]): Board => ({
  event: { id: 'e', name: 'Camp', date: '2026-06-20', venue: '', timeZone: 'UTC', listed: false, version: 3, createdAt: '' },
  rooms,
  slots,
  sessions,
  links: [],
});

describe('escapeCell / unescapeCell (spreadsheet formula injection)', () => {
  test.each(['=SUM(A1:A9)', '+44 20 7946 0000', '-1 for tabs', '@mention', '\tindented', '\rreturn', "'=already quoted", "''+twice"])(
    'escapeCell(%j) starts with an apostrophe and reads back unchanged',
    (value) => {
      const escaped = escapeCell(value);
      expect(escaped).toBe(`'${value}`);
      expect(unescapeCell(escaped)).toBe(value);
    },
  );

  test.each(['Plain title', "It's fine", "'quoted but harmless", '10:00', '', 'a=b', 'email@example.org'])(
    'escapeCell(%j) leaves safe text alone',
    (value) => {
      expect(escapeCell(value)).toBe(value);
      expect(unescapeCell(value)).toBe(value);
    },
  );
});

describe('gridCsvRows', () => {
  const rooms = [room('r2', 'Library', 1), room('r1', 'Main Hall', 0, 120)];
  const slots = [slot('t1', '10:00', '10:45', 0, 'Session 1'), slot('t2', '11:00', '11:45', 1)];

  test('lists every cell slot by slot, rooms left to right, then the unscheduled oldest first', () => {
    const rows = gridCsvRows(
      board(rooms, slots, [
        session('s2', 'Unscheduled later', null),
        session('s3', 'In the library', ['r2', 't2'], { cohosts: ['Aisha', 'Tom'], interest: 4, notes: 'Bring\nlaptops' }),
        session('s1', 'Unscheduled first', null),
      ]),
    );
    expect(rows).toEqual([
      [...CSV_COLUMNS],
      ['empty', 'Session 1', '2026-06-20', '10:00', '10:45', 'Main Hall', '120', '', '', '', '', ''],
      ['empty', 'Session 1', '2026-06-20', '10:00', '10:45', 'Library', '', '', '', '', '', ''],
      ['empty', '', '2026-06-20', '11:00', '11:45', 'Main Hall', '120', '', '', '', '', ''],
      ['scheduled', '', '2026-06-20', '11:00', '11:45', 'Library', '', 'In the library', 'Bring\nlaptops', 'Priya', 'Aisha; Tom', '4'],
      ['unscheduled', '', '', '', '', '', '', 'Unscheduled first', '', 'Priya', '', '0'],
      ['unscheduled', '', '', '', '', '', '', 'Unscheduled later', '', 'Priya', '', '0'],
    ]);
  });

  test('keeps rooms when there are no slots yet, and slots when there are no rooms', () => {
    expect(
      gridCsvRows(board(rooms, [], []))
        .slice(1)
        .map((r) => r[5]),
    ).toEqual(['Main Hall', 'Library']);
    expect(
      gridCsvRows(board([], slots, []))
        .slice(1)
        .map((r) => r[3]),
    ).toEqual(['10:00', '11:00']);
  });

  test('escapes text cells that a spreadsheet would run as a formula', () => {
    const rows = gridCsvRows(
      board(rooms, slots, [session('s1', '=HYPERLINK("http://evil")', ['r1', 't1'], { pitcher: '@admin', notes: '+1' })]),
    );
    expect(rows[1]?.slice(7, 10)).toEqual(['\'=HYPERLINK("http://evil")', "'+1", "'@admin"]);
  });
});

describe('readHeader', () => {
  test('matches names in any case and spacing, and aliases', () => {
    const read = readHeader(['ROOM name', ' start time', 'Ends', 'Session title', 'Seats', 'Whatever']);
    expect(read).toEqual({ columns: ['room', 'start', 'end', 'title', 'capacity', null] });
  });

  test('reads the export header', () => {
    expect(readHeader([...CSV_COLUMNS])).toEqual({
      columns: ['status', 'slot', 'date', 'start', 'end', 'room', 'capacity', 'title', 'notes', 'pitcher', 'cohosts', 'interest'],
    });
  });

  test('names the missing columns of the minimal set', () => {
    expect(readHeader(['Room', 'Title'])).toEqual({
      problem: { row: 1, message: 'Row 1: the header must name the columns Room, Start, End and Title; missing: Start, End.' },
    });
  });

  test('refuses two columns read as the same field', () => {
    expect(readHeader(['Room', 'Room name', 'Start', 'End', 'Title'])).toEqual({
      problem: { row: 1, message: 'Row 1: the column “Room name” repeats another column (room).' },
    });
  });
});

describe('readTime', () => {
  test.each([
    ['09:30', '09:30'],
    ['9:30', '09:30'],
    ['09:30:00', '09:30'],
    ['23:59', '23:59'],
    ['24:00', null],
    ['9.30', null],
    ['09:60', null],
    ['9am', null],
  ])('%j → %j', (input, expected) => expect(readTime(input)).toBe(expected));
});

describe('readRow', () => {
  const columns: Field[] = ['room', 'start', 'end', 'title', 'slot', 'capacity', 'notes', 'pitcher', 'cohosts'];
  const row = (cells: Partial<Record<Field, string>>, n = 7) =>
    readRow(
      columns,
      columns.map((c) => cells[c] ?? ''),
      n,
    );

  test('a scheduled session: room, slot and session, the pitcher defaulting when left empty', () => {
    expect(row({ room: ' Main Hall ', start: '9:00', end: '09:45', title: 'Open data', capacity: '80', cohosts: 'Aisha; Tom;' })).toEqual({
      row: 7,
      room: { name: 'Main Hall', capacity: 80 },
      slot: { label: '', startsAt: '09:00', endsAt: '09:45' },
      session: { title: 'Open data', notes: '', pitcher: DEFAULT_PITCHER, cohosts: ['Aisha', 'Tom'] },
    });
  });

  test('an unscheduled session, and a row that only declares a room or a slot', () => {
    expect(row({ title: 'Later', pitcher: 'Tom' })).toMatchObject({ room: null, slot: null, session: { title: 'Later', pitcher: 'Tom' } });
    expect(row({ room: 'Garden' })).toMatchObject({ room: { name: 'Garden' }, slot: null, session: null });
    expect(row({ start: '14:00', end: '15:00', slot: 'Lunch talks' })).toMatchObject({ slot: { label: 'Lunch talks' }, session: null });
  });

  test('reads escaped formula cells back as their text', () => {
    expect(row({ title: "'=1+1", pitcher: "'@someone" })).toMatchObject({ session: { title: '=1+1', pitcher: '@someone' } });
  });

  test('a blank row, or one with only unknown or information columns filled, is skipped', () => {
    expect(readRow(columns, ['', ' ', ''], 3)).toBeNull();
    expect(readRow([...columns, null], [...columns.map(() => ''), 'a comment'], 3)).toBeNull();
    expect(readRow(['status', 'date', 'interest', 'title'], ['unscheduled', '2026-06-20', '4', ''], 3)).toBeNull();
  });

  test.each([
    [{ room: 'A', start: '11:00', end: '10:00', title: 'x' }, 'Row 7: end time 10:00 is not after the start time 11:00.'],
    [{ room: 'A', start: '10:00', title: 'x' }, 'Row 7: a time slot needs both a start and an end time (got “10:00” only).'],
    [{ room: 'A', start: 'ten', end: '11:00', title: 'x' }, 'Row 7: start time “ten” is not a 24-hour time such as 09:30.'],
    [{ room: 'A', start: '10:00', end: '25:00', title: 'x' }, 'Row 7: end time “25:00” is not a 24-hour time such as 09:30.'],
    [
      { room: 'A', title: 'x' },
      'Row 7: “x” has a room but no start and end time: give both to schedule it, or neither to leave it unscheduled.',
    ],
    [
      { start: '10:00', end: '11:00', title: 'x' },
      'Row 7: “x” has a time but no room: give both to schedule it, or neither to leave it unscheduled.',
    ],
    [{ room: 'A', capacity: 'lots' }, 'Row 7: capacity “lots” must be a whole number from 1 to 100000.'],
    [{ room: 'A', capacity: '0' }, 'Row 7: capacity “0” must be a whole number from 1 to 100000.'],
    [{ capacity: '10' }, 'Row 7: a capacity (10) is given but no room.'],
    [{ slot: 'Lunch' }, 'Row 7: the slot “Lunch” needs a start and an end time.'],
    [{ room: 'A', notes: 'orphan notes' }, 'Row 7: notes, pitcher or co-hosts are given but no title.'],
    [{ title: 'x'.repeat(121) }, 'Row 7: Title must be at most 120 characters.'],
    [{ room: 'R'.repeat(61) }, 'Row 7: Room name must be at most 60 characters.'],
  ])('%j → %j', (cells, message) => {
    expect(row(cells)).toEqual({ row: 7, message });
  });
});

describe('calendar times', () => {
  test('venueInstant is the moment the venue’s clock shows that time, whatever the server’s zone', () => {
    expect(venueInstant('2026-06-20', '10:00', 'Europe/London').toISOString()).toBe('2026-06-20T09:00:00.000Z');
    expect(venueInstant('2026-01-20', '10:00', 'Europe/London').toISOString()).toBe('2026-01-20T10:00:00.000Z');
    // 01:30 does not exist in London on the night the clocks go forward: the first moment after it.
    expect(venueInstant('2026-03-29', '01:30', 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  test('sessionUid is stable for a session', () => {
    expect(sessionUid('abc')).toBe('session-abc@unsilo');
  });
});
