import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
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
 * The instant the venue's clock shows `time` on `date` in the event's IANA zone (luxon knows every
 * zone's summer-time rules). Written in UTC ("Z"), so every calendar app, anywhere, shows the
 * session at the right moment in its own zone. A time that does not exist (skipped by a clock
 * change) is read as the first moment after it.
 */
export function venueInstant(date: string, time: string, timeZone: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone: timeZone }).toJSDate();
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
 * An iCalendar file (docs/export-format.md): one VEVENT per scheduled session. Times are in UTC,
 * worked out from the event's time zone; SEQUENCE is the event's version (it rises with every change, including a
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
      start: venueInstant(event.date, entry.slot.startsAt, event.timeZone),
      end: venueInstant(event.date, entry.slot.endsAt, event.timeZone),
      summary: entry.session.title,
      location: event.venue ? `${entry.room.name}, ${event.venue}` : entry.room.name,
      description: description(entry, url),
      url,
    });
  }
  return calendar.toString();
}
