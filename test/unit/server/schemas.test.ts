import { EventInput, PitchInput, RoomInput, SlotInput } from '../../../server/protocol/schemas';
import { parse } from '../../../server/http/validate';
import { DomainError } from '../../../server/domain/errors';

const problem = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('PitchInput', () => {
  test('trims text, defaults notes and strips unknown keys', () => {
    expect(parse(PitchInput, { title: '  Open data  ', pitcher: ' Ann ', admin: true })).toEqual({
      title: 'Open data',
      notes: '',
      pitcher: 'Ann',
    });
  });

  test('rejects a missing or overlong title with a message per field', () => {
    const missing = problem(() => parse(PitchInput, { title: '   ', pitcher: 'Ann' }));
    expect(missing.code).toBe('invalid_payload');
    expect(missing.details).toEqual({ fields: { title: 'Title is required.' } });
    const long = problem(() => parse(PitchInput, { title: 'x'.repeat(121), pitcher: 'Ann' }));
    expect(long.message).toBe('Title must be at most 120 characters.');
    expect(parse(PitchInput, { title: 'x'.repeat(120), pitcher: 'Ann' }).title).toHaveLength(120);
  });

  test('rejects notes over 2,000 characters and non-text values', () => {
    expect(problem(() => parse(PitchInput, { title: 'T', pitcher: 'A', notes: 'n'.repeat(2001) })).message).toMatch(/2000/);
    expect(problem(() => parse(PitchInput, { title: 42, pitcher: 'A' })).message).toBe('Title must be text.');
  });
});

describe('EventInput', () => {
  test('accepts a real date and rejects an impossible one', () => {
    expect(parse(EventInput, { name: 'Camp', date: '2028-02-29' }).date).toBe('2028-02-29');
    expect(problem(() => parse(EventInput, { name: 'Camp', date: '2026-02-30' })).message).toBe('Date is not a real calendar date.');
    expect(problem(() => parse(EventInput, { name: 'Camp', date: '30/01/2026' })).message).toBe('Date must look like 2026-11-29.');
  });
});

describe('RoomInput', () => {
  test('reads an empty capacity from a form as "unknown" and a number string as a number', () => {
    expect(parse(RoomInput, { name: 'Hall', capacity: '' }).capacity).toBeNull();
    expect(parse(RoomInput, { name: 'Hall', capacity: '40' }).capacity).toBe(40);
    expect(problem(() => parse(RoomInput, { name: 'Hall', capacity: '2.5' })).message).toBe('Capacity must be a whole number.');
    expect(problem(() => parse(RoomInput, { name: 'Hall', capacity: '0' })).message).toBe('Capacity must be at least 1.');
  });
});

describe('SlotInput', () => {
  test('needs 24-hour times and an end after the start', () => {
    expect(parse(SlotInput, { startsAt: '09:30', endsAt: '10:15' })).toEqual({ label: '', startsAt: '09:30', endsAt: '10:15' });
    expect(problem(() => parse(SlotInput, { startsAt: '25:00', endsAt: '26:00' })).code).toBe('invalid_payload');
    expect(problem(() => parse(SlotInput, { startsAt: '11:00', endsAt: '10:00' })).details).toEqual({
      fields: { endsAt: 'End time must be after the start time.' },
    });
  });
});

describe('text made only of invisible characters', () => {
  const INVISIBLE = [
    ['NUL characters', '\u0000\u0000\u0000'],
    ['zero-width spaces', '\u200B\u200B'],
    ['a zero-width joiner and non-joiner', '\u200D\u200C'],
    ['byte-order marks and word joiners', '\uFEFF\u2060'],
    ['direction marks and overrides', '\u200E\u200F\u202E\u2066'],
    ['a soft hyphen', '\u00AD'],
    ['Hangul fillers', '\u3164\u115F'],
    ['a blank braille pattern', '\u2800'],
    ['tag characters', '\u{E0041}\u{E0042}'],
    ['invisible characters between spaces and line breaks', ' \u200B\n\u00A0\u2028\t'],
  ];

  test.each(INVISIBLE)('%s is refused as an empty title, name, room or event name', (_, value) => {
    expect(problem(() => parse(PitchInput, { title: value, pitcher: 'Ann' })).details).toEqual({ fields: { title: 'Title is required.' } });
    expect(problem(() => parse(PitchInput, { title: 'Open data', pitcher: value })).details).toEqual({
      fields: { pitcher: 'Your name is required.' },
    });
    expect(problem(() => parse(RoomInput, { name: value })).details).toEqual({ fields: { name: 'Room name is required.' } });
    expect(problem(() => parse(EventInput, { name: value, date: '2026-06-20' })).details).toEqual({
      fields: { name: 'Event name is required.' },
    });
  });

  test.each(INVISIBLE)('%s is left out of optional text as empty', (_, value) => {
    expect(parse(PitchInput, { title: 'Open data', pitcher: 'Ann', notes: value }).notes).toBe('');
  });

  test('control characters are taken out of text; visible text keeps its joiners, marks and line breaks', () => {
    expect(parse(PitchInput, { title: 'Open\u0000 data\u0007', pitcher: 'Ann' }).title).toBe('Open data');
    const kept = { title: 'Coders 👩‍💻 and می‌خواهم', pitcher: 'Zoë', notes: 'Line one\nLine two\twith a tab' };
    expect(parse(PitchInput, kept)).toEqual(kept);
  });
});
