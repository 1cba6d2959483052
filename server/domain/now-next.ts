/**
 * "Now / Next / Later": the board as someone standing in the hall needs it, grouped by time
 * rather than laid out as a grid. Pure and shared: the server renders the first paint with it and
 * the browser (bundled from client/) re-groups with it as the clock moves and changes arrive.
 *
 * Slot times are the venue's wall-clock time (`HH:MM`) on the event's `date`, in the event's time
 * zone. The caller turns an instant into a `WallTime` in that zone (`wallTimeOf`), so a server or a
 * browser elsewhere (or set to another zone) still shows what is on at the venue.
 */
import { minutesOf } from './board';
import { zonedParts } from './time-zone';
import type { Board, Room, Session, Slot } from './types';

/** A moment as a wall clock shows it: `YYYY-MM-DD` and minutes since midnight. */
export interface WallTime {
  date: string;
  minutes: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The calendar date and time of day of `at` on the venue's clock (the event's IANA time zone);
 * without a zone, on the clock of whoever runs this.
 */
export function wallTimeOf(at: Date, timeZone?: string): WallTime {
  if (!timeZone)
    return { date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`, minutes: at.getHours() * 60 + at.getMinutes() };
  const { date, hours, minutes } = zonedParts(at, timeZone);
  return { date, minutes: hours * 60 + minutes };
}

/** `HH:MM` of minutes since midnight, as a clock on the wall shows it. */
export const clockText = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

export interface SlotEntry {
  room: Room;
  session: Session;
}

/** One slot with its sessions, in room order. */
export interface SlotGroup {
  slot: Slot;
  entries: SlotEntry[];
}

/**
 * - `before`: the event has not started (an earlier day, or before its first slot);
 * - `during`: between the first slot's start and the last slot's end (breaks included);
 * - `after`: the last slot has ended (or it is a later day);
 * - `unplanned`: there are no slots yet.
 */
export type Phase = 'before' | 'during' | 'after' | 'unplanned';

export interface TimeGroups {
  phase: Phase;
  /** Slots running at this moment (more than one only if slots overlap). */
  now: SlotGroup[];
  /** The slots that start next (all starting at the same, earliest upcoming time). */
  next: SlotGroup[];
  /** Every other slot still to come. */
  later: SlotGroup[];
  /** Slots that have ended: kept so nothing becomes unreachable. */
  earlier: SlotGroup[];
  /** When the first slot starts (`HH:MM`), for "starts at…"; null without slots. */
  firstStart: string | null;
}

const byPosition = <T extends { position: number; id: string }>(a: T, b: T): number => a.position - b.position || a.id.localeCompare(b.id);

/** Slots in time order; equal times keep the organisers' order. */
const byTime = (a: Slot, b: Slot): number =>
  minutesOf(a.startsAt) - minutesOf(b.startsAt) || minutesOf(a.endsAt) - minutesOf(b.endsAt) || byPosition(a, b);

function groupsOf(board: Board): SlotGroup[] {
  const rooms = [...board.rooms].sort(byPosition);
  const placed = new Map<string, Session>();
  for (const session of board.sessions) {
    if (session.roomId && session.slotId) placed.set(`${session.roomId}\u0000${session.slotId}`, session);
  }
  return [...board.slots].sort(byTime).map((slot) => ({
    slot,
    entries: rooms.flatMap((room) => {
      const session = placed.get(`${room.id}\u0000${slot.id}`);
      return session ? [{ room, session }] : [];
    }),
  }));
}

/** Where each slot falls relative to `at`, on the event's day. */
export function groupByTime(board: Board, at: WallTime): TimeGroups {
  const groups = groupsOf(board);
  const firstStart = groups[0]?.slot.startsAt ?? null;
  if (groups.length === 0) return { phase: 'unplanned', now: [], next: [], later: [], earlier: [], firstStart };
  // Another day is all before or all after; on the day, compare minutes.
  const t = at.date < board.event.date ? -1 : at.date > board.event.date ? 24 * 60 + 1 : at.minutes;
  const earlier = groups.filter((g) => minutesOf(g.slot.endsAt) <= t);
  const now = groups.filter((g) => minutesOf(g.slot.startsAt) <= t && t < minutesOf(g.slot.endsAt));
  const upcoming = groups.filter((g) => minutesOf(g.slot.startsAt) > t);
  const nextStart = upcoming[0]?.slot.startsAt;
  const next = upcoming.filter((g) => g.slot.startsAt === nextStart);
  const later = upcoming.filter((g) => g.slot.startsAt !== nextStart);
  const phase: Phase = earlier.length === groups.length ? 'after' : upcoming.length === groups.length ? 'before' : 'during';
  return { phase, now, next, later, earlier, firstStart };
}

/** What a wall display shows for one room: the session on now, and the room's next one. */
export interface RoomNowNext {
  room: Room;
  now: { slot: Slot; session: Session } | null;
  next: { slot: Slot; session: Session } | null;
}

/** Per room, in room order: the session running now and the next session to start there. */
export function roomsNowNext(board: Board, at: WallTime): { phase: Phase; firstStart: string | null; rooms: RoomNowNext[] } {
  const { phase, now, next, later, firstStart } = groupByTime(board, at);
  const find = (groups: SlotGroup[], room: Room) => {
    for (const group of groups) {
      const entry = group.entries.find((e) => e.room.id === room.id);
      if (entry) return { slot: group.slot, session: entry.session };
    }
    return null;
  };
  const rooms = [...board.rooms].sort(byPosition).map((room) => ({
    room,
    now: find(now, room),
    next: find([...next, ...later], room),
  }));
  return { phase, firstStart, rooms };
}

/** The line under "Now" that says where the day stands, when nothing (or not everything) is on. */
export function phaseNote(groups: TimeGroups, eventDate: string, at: WallTime): string | null {
  const first = groups.firstStart;
  if (groups.phase === 'unplanned') return 'The organisers have not set the times yet.';
  if (groups.phase === 'before') {
    return at.date < eventDate
      ? `Nothing on yet: sessions start on ${eventDate} at ${first}.`
      : `Nothing on yet: sessions start at ${first}.`;
  }
  if (groups.phase === 'after') {
    return at.date > eventDate
      ? 'This event is over. Everything that ran is listed under “Earlier”.'
      : 'That’s all for today: the last session has ended. Everything that ran is listed under “Earlier”.';
  }
  if (groups.now.length === 0) return `Break: the next sessions start at ${groups.next[0]?.slot.startsAt ?? ''}.`;
  return null;
}

/** How tightly the wall display sets its type, so every room fits one projected screen. */
export const wallDensity = (rooms: number): 'roomy' | 'dense' | 'packed' => (rooms <= 4 ? 'roomy' : rooms <= 7 ? 'dense' : 'packed');
