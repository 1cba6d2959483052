import type { Services } from '../../server/services';

/** The event's day in the tests' own time zone: slot times are the venue's wall clock. */
export const DAY = { year: 2026, month: 6, day: 20 };
/** The same day as an event's date. */
export const EVENT_DATE = '2026-06-20';
export const at = (hhmm: string): Date => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(DAY.year, DAY.month - 1, DAY.day, h, m);
};

/** A clock the server reads for its first paint; tests move it. */
export const settableClock = (start: Date) => {
  let now = start;
  return { now: () => now, set: (next: Date) => void (now = next) };
};

export interface DayCamp {
  eventId: string;
  adminToken: string;
  rooms: { hall: string; library: string; attic: string };
  slots: { ten: string; eleven: string; one: string };
  ids: Record<string, string>;
}

/**
 * Three rooms and three slots (10:00, 11:00, 13:00) on 2026-06-20. Sessions: two at 10:00, one at
 * 11:00 in the Hall, none at 13:00, and one unscheduled.
 */
export function seedDayCamp(services: Services): DayCamp {
  const created = services.events.create({ name: 'Day Camp', date: EVENT_DATE, venue: 'Town Hall' });
  const eventId = created.event.id;
  const room = (name: string) => services.grid.addRoom(eventId, { name, capacity: null }).value.id;
  const slot = (startsAt: string, endsAt: string) => services.grid.addSlot(eventId, { label: '', startsAt, endsAt }).value.id;
  const rooms = { hall: room('Main Hall'), library: room('Library'), attic: room('Attic') };
  const slots = { ten: slot('10:00', '10:45'), eleven: slot('11:00', '11:45'), one: slot('13:00', '13:45') };
  const ids: Record<string, string> = {};
  const pitch = (key: string, title: string, place?: { roomId: string; slotId: string }) => {
    ids[key] = services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Priya' }).value.id;
    if (place) services.sessions.place(eventId, ids[key], place);
  };
  pitch('code', 'Why can’t councils share code?', { roomId: rooms.hall, slotId: slots.ten });
  pitch('data', 'Open data nobody uses', { roomId: rooms.library, slotId: slots.ten });
  pitch('letters', 'Plain English letters', { roomId: rooms.hall, slotId: slots.eleven });
  pitch('rural', 'Digital inclusion in rural areas');
  return { eventId, adminToken: created.adminToken, rooms, slots, ids };
}
