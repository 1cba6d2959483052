/** Core records of an unconference. Plain data: no behaviour, no I/O. */

export interface EventInfo {
  id: string;
  name: string;
  /** Calendar date of the event, `YYYY-MM-DD`. */
  date: string;
  venue: string;
  /** The venue's IANA time zone ('Europe/London'): slot times are wall-clock times there. */
  timeZone: string;
  /** Whether the home page lists the event; otherwise only people given its link find it. */
  listed: boolean;
  /** Bumped by every change to anything in the event; lets viewers spot missed updates. */
  version: number;
  createdAt: string;
}

export interface Room {
  id: string;
  eventId: string;
  name: string;
  /** Seats, when the organiser knows them. */
  capacity: number | null;
  /** 0-based display order, left to right. */
  position: number;
}

export interface Slot {
  id: string;
  eventId: string;
  label: string;
  /** `HH:MM`, 24-hour clock, local to the venue. */
  startsAt: string;
  endsAt: string;
  /** 0-based display order, top to bottom. */
  position: number;
}

export interface Session {
  id: string;
  eventId: string;
  title: string;
  notes: string;
  pitcher: string;
  /** Pitchers of sessions merged into this one: they host it together. */
  cohosts: string[];
  /** Both set (scheduled in a cell) or both null (unscheduled): never one without the other. */
  roomId: string | null;
  slotId: string | null;
  /** Bumped by every change to this session; a command naming an older version is stale. */
  version: number;
  /** Number of distinct browsers that said "I'd go". */
  interest: number;
  createdAt: string;
  updatedAt: string;
}

/** Two sessions a facilitator linked: they stay separate, and each card points to the other. */
export type Link = [string, string];

/** Everything a viewer needs to draw an event's board. */
export interface Board {
  event: EventInfo;
  rooms: Room[];
  slots: Slot[];
  sessions: Session[];
  links: Link[];
}

export interface Clock {
  now(): Date;
}

export type IdGenerator = () => string;
