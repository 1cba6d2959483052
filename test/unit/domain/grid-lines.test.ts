import { parseRoomLines, parseSlotLines, readClock } from '../../../server/domain/grid-lines';

const limits = { name: 60, label: 40, capacity: 100_000 };

describe('parseRoomLines', () => {
  test.each([
    ['Main Hall, 80', { name: 'Main Hall', capacity: 80 }],
    ['Main Hall\t80', { name: 'Main Hall', capacity: 80 }],
    ['Main Hall; 80', { name: 'Main Hall', capacity: 80 }],
    ['Main Hall (80 seats)', { name: 'Main Hall', capacity: 80 }],
    ['Atrium, 1,200', { name: 'Atrium', capacity: 1200 }],
    ['Committee Room 1', { name: 'Committee Room 1', capacity: null }],
    ['Committee Room 1, 20', { name: 'Committee Room 1', capacity: 20 }],
    ['Room A, B, 30', { name: 'Room A, B', capacity: 30 }],
    ['  Library  ', { name: 'Library', capacity: null }],
  ])('%j', (line, room) => {
    expect(parseRoomLines(line, limits)).toEqual({ ok: true, items: [room] });
  });

  test('skips blank lines but numbers lines as an editor does, and reports every problem', () => {
    expect(parseRoomLines(`Hall\n\n, 4\nHall 2, 0\n${'x'.repeat(61)}`, limits)).toEqual({
      ok: false,
      problems: [
        { line: 3, message: 'Line 3 (“, 4”): the room needs a name before its seats.' },
        { line: 4, message: 'Line 4 (“Hall 2, 0”): seats must be a whole number from 1 to 100000.' },
        { line: 5, message: `Line 5 (“${'x'.repeat(39)}…”): a room name must be at most 60 characters.` },
      ],
    });
  });

  test('an empty list is a problem, not nothing added', () => {
    expect(parseRoomLines(' \n \n', limits)).toEqual({ ok: false, problems: [{ line: 1, message: 'Paste at least one line.' }] });
  });
});

describe('parseSlotLines', () => {
  test.each([
    ['09:45-10:30', { label: '', startsAt: '09:45', endsAt: '10:30' }],
    ['9:45 - 10:30 Keynote', { label: 'Keynote', startsAt: '09:45', endsAt: '10:30' }],
    ['13:30–14:15, After lunch', { label: 'After lunch', startsAt: '13:30', endsAt: '14:15' }],
    ['9.00 to 9.30\tWelcome', { label: 'Welcome', startsAt: '09:00', endsAt: '09:30' }],
  ])('%j', (line, slot) => {
    expect(parseSlotLines(line, limits)).toEqual({ ok: true, items: [slot] });
  });

  test('refuses backwards times, impossible times and lines without times', () => {
    const result = parseSlotLines('11:00-10:00\n24:00-25:00\nLunch\n10:00-10:30 ' + 'L'.repeat(41), limits);
    expect(result.ok ? [] : result.problems.map((p) => p.line)).toEqual([1, 2, 3, 4]);
  });
});

describe('readClock', () => {
  test('reads 24-hour times with a colon or a dot', () => {
    expect(['9:05', '09.05', '23:59', '24:00', '9:5', 'noon'].map(readClock)).toEqual(['09:05', '09:05', '23:59', null, null, null]);
  });
});
