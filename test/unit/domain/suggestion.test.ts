import { gridMeaning, joinNames, suggestionId } from '../../../server/domain/suggestion';
import type { Room, Session, Slot } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const rooms: Room[] = [
  { id: 'r1', eventId: 'e', name: 'Room 2', capacity: null, position: 0 },
  { id: 'r2', eventId: 'e', name: 'Library', capacity: 40, position: 1 },
  { id: 'r3', eventId: 'e', name: 'Room 3', capacity: null, position: 2 },
];
const slots: Slot[] = [
  { id: 's14', eventId: 'e', label: 'After lunch', startsAt: '14:00', endsAt: '14:45', position: 2 },
  { id: 's10', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 0 },
  { id: 's11', eventId: 'e', label: '', startsAt: '11:00', endsAt: '11:45', position: 1 },
];
const session = (id: string, roomId: string | null = null, slotId: string | null = null): Session => sessionOf(id, { roomId, slotId });

describe('gridMeaning', () => {
  test('two sessions in the same slot in different rooms are a clash: people must choose', () => {
    expect(gridMeaning([session('a', 'r1', 's11'), session('b', 'r2', 's11')], rooms, slots)).toBe(
      'They run at the same time (11:00) in Room 2 and Library, so people must choose.',
    );
  });

  test('a clash is named even when a third session of the group runs at another time', () => {
    const group = [session('a', 'r3', 's10'), session('b', 'r1', 's14'), session('c', 'r2', 's14')];
    expect(gridMeaning(group, rooms, slots)).toBe('They run at the same time (14:00) in Room 2 and Library, so people must choose.');
  });

  test('sessions at different times are told to link, in the order of the day, with their rooms', () => {
    expect(gridMeaning([session('a', 'r3', 's14'), session('b', 'r1', 's10')], rooms, slots)).toBe(
      'They run at 10:00 (Room 2) and 14:00 (Room 3): link them so people can follow the thread.',
    );
  });

  test('unscheduled sessions are told to merge or be placed apart', () => {
    expect(gridMeaning([session('a'), session('b')], rooms, slots)).toBe(
      'Not scheduled yet: merge them, or place them so they do not clash.',
    );
    expect(gridMeaning([session('a', 'r1', 's10'), session('b')], rooms, slots)).toBe(
      'Not all scheduled yet: place the rest away from the others, or merge.',
    );
  });

  test('a room that no longer exists is named as unknown rather than failing', () => {
    expect(gridMeaning([session('a', 'gone', 's10'), session('b', 'r1', 's10')], rooms, slots)).toBe(
      'They run at the same time (10:00) in an unknown room and Room 2, so people must choose.',
    );
  });
});

describe('joinNames', () => {
  test('joins none, one, two and three names as a sentence would', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['Room 2'])).toBe('Room 2');
    expect(joinNames(['Room 2', 'Library'])).toBe('Room 2 and Library');
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('suggestionId', () => {
  test('is the same whatever order the sessions come in, and does not reorder its input', () => {
    const ids = ['id-3', 'id-1', 'id-2'];
    expect(suggestionId(ids)).toBe('id-1+id-2+id-3');
    expect(suggestionId(['id-2', 'id-3', 'id-1'])).toBe(suggestionId(ids));
    expect(ids).toEqual(['id-3', 'id-1', 'id-2']);
  });
});
