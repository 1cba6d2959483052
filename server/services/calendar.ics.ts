import ical, { ICalCalendarMethod } from 'ical-generator';
import type { EventInfo, Room, Session, Slot } from '../domain/types';

/** One scheduled session with the room and slot it runs in. */
export interface CalendarEntry {
  session: Session;
  room: Room;
  slot: Slot;
}

export interface CalendarInput {
  event: EventInfo;
  /** The calendar's name as calendar apps show it. */
  name: string;
  entries: CalendarEntry[];
  /** The session's page, added to each entry so a calendar links back to it. */
  sessionUrl: (sessionId: string) => string;
  /** DTSTAMP: when this file was made. */
  now: Date;
}

/**
 * A floating date-time (RFC 5545 §3.3.5, form #1: no "Z", no TZID): the event's date at a slot's
 * venue-local `HH:MM`. Built in UTC only because ical-generator writes a floating Date's UTC
 * fields, so the server's own time zone never shifts it.
 */
export function floatingTime(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0));
}

/** The UID of a session's calendar entry: the same in the whole-event file and in every agenda, so re-importing updates. */
export const sessionUid = (sessionId: string): string => `session-${sessionId}@unsilo`;

const hosts = (session: Session): string => [session.pitcher, ...session.cohosts].join(', ');

function description(entry: CalendarEntry, url: string): string {
  const parts = [`Hosted by ${hosts(entry.session)}`];
  if (entry.session.notes) parts.push(entry.session.notes);
  parts.push(url);
  return parts.join('\n\n');
}

/**
 * An iCalendar file (docs/export-format.md): one VEVENT per scheduled session. Times float (venue
 * local, no time zone), SEQUENCE is the event's version (it rises with every change, including a
 * slot's new time or a room's new name, which do not touch the session's own version) and
 * LAST-MODIFIED is the session's last change.
 */
export function buildCalendar(input: CalendarInput): string {
  const { event } = input;
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Unsilo', product: 'Unsilo', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // A calendar subscribed to by address (rather than imported once) is fetched again hourly.
    ttl: 60 * 60,
  });
  for (const entry of input.entries) {
    const url = input.sessionUrl(entry.session.id);
    calendar.createEvent({
      id: sessionUid(entry.session.id),
      sequence: event.version,
      stamp: input.now,
      lastModified: new Date(entry.session.updatedAt),
      floating: true,
      start: floatingTime(event.date, entry.slot.startsAt),
      end: floatingTime(event.date, entry.slot.endsAt),
      summary: entry.session.title,
      location: event.venue ? `${entry.room.name}, ${event.venue}` : entry.room.name,
      description: description(entry, url),
      url,
    });
  }
  return calendar.toString();
}
