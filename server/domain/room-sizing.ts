/**
 * Room sizing: does the interest in a scheduled session ("I'd go" count) fit its room? Pure: the
 * board in, hints out. Shared by the server's first paint and the live board in the browser.
 *
 * The rule, in seats (a room without a known capacity is never flagged):
 * - **likely full** (`overflow`): more people want to go than the room seats (interest > capacity);
 * - **nearly full**: interest is at least 80% of the seats (and no more than all of them);
 * - otherwise nothing is said.
 *
 * For a session likely to overflow, a swap is suggested with a session in a *larger* room in the
 * *same slot* whose interest fits the smaller room, so nobody else is pushed over. The best swap
 * leaves the fewest people without a seat; ties go to the smallest room that does it (the largest
 * rooms stay free for other swaps), then to the partner with the least interest (fewest people
 * asked to move), then to room order. When a larger room of that slot is *free*, moving there is
 * suggested instead, unless a swap would seat more people: a move disturbs nobody else.
 */
import type { Board, Room, Session } from './types';

/** Interest at or above this share of the seats counts as nearly full. */
export const NEARLY_FULL_SHARE = 0.8;

export type SizingLevel = 'overflow' | 'nearly-full';

export interface SwapSuggestion {
  /** The session in the larger room that would move into the smaller one. */
  withSessionId: string;
  withTitle: string;
  /** e.g. `“Data ethics” (42 want to go, Room B seats 20) ↔ “Gardening” (8, Hall seats 80)`. */
  explanation: string;
  /** People still without a seat after the swap (0 when the larger room holds everyone). */
  stillOver: number;
}

export interface MoveSuggestion {
  /** A larger room with nothing in it at this session's slot. */
  roomId: string;
  slotId: string;
  roomName: string;
  /** e.g. `“Data ethics” (42 want to go, Room B seats 20) → Hall (free, seats 80)`. */
  explanation: string;
  stillOver: number;
}

export interface SizingHint {
  sessionId: string;
  level: SizingLevel;
  interest: number;
  capacity: number;
  roomName: string;
  /** What the card says, e.g. "Likely full: 42 want to go, Room B seats 20". */
  message: string;
  /** Only for `overflow`, and only when a session in a larger room of the same slot fits this room. */
  swap: SwapSuggestion | null;
  /** Only for `overflow`: a free larger room of the same slot. At most one of `swap` and `move` is set. */
  move: MoveSuggestion | null;
}

/** The level for an interest count in a room of `capacity` seats; null when nothing needs saying. */
export function sizingLevel(interest: number, capacity: number | null): SizingLevel | null {
  if (capacity === null || capacity <= 0) return null;
  if (interest > capacity) return 'overflow';
  if (interest >= Math.ceil(capacity * NEARLY_FULL_SHARE)) return 'nearly-full';
  return null;
}

const people = (n: number): string => `${n} ${n === 1 ? 'wants' : 'want'} to go`;

function message(level: SizingLevel, interest: number, room: Room & { capacity: number }): string {
  return level === 'overflow'
    ? `Likely full: ${people(interest)}, ${room.name} seats ${room.capacity}`
    : `Nearly full: ${interest} of ${room.capacity} seats wanted in ${room.name}`;
}

interface Placed {
  session: Session;
  room: Room & { capacity: number };
}

/** The best swap for `over`, among sessions of its slot in larger rooms whose interest fits its room. */
export function chooseSwap(over: Placed, sameSlot: readonly Placed[]): SwapSuggestion | null {
  const small = over.room;
  const candidates = sameSlot
    .filter(
      (other) => other.session.id !== over.session.id && other.room.capacity > small.capacity && other.session.interest <= small.capacity,
    )
    .map((other) => ({ other, stillOver: Math.max(0, over.session.interest - other.room.capacity) }))
    .sort(
      (a, b) =>
        a.stillOver - b.stillOver ||
        a.other.room.capacity - b.other.room.capacity ||
        a.other.session.interest - b.other.session.interest ||
        a.other.room.position - b.other.room.position ||
        a.other.room.id.localeCompare(b.other.room.id),
    );
  const best = candidates[0];
  if (!best) return null;
  const { session: mine } = over;
  const { session: theirs, room: large } = best.other;
  return {
    withSessionId: theirs.id,
    withTitle: theirs.title,
    explanation: `“${mine.title}” (${people(mine.interest)}, ${small.name} seats ${small.capacity}) ↔ “${theirs.title}” (${theirs.interest}, ${large.name} seats ${large.capacity})`,
    stillOver: best.stillOver,
  };
}

/** The best free room for `over`: larger, empty at its slot; the smallest that seats the most. */
export function chooseFreeRoom(over: Placed, freeRooms: readonly (Room & { capacity: number })[]): MoveSuggestion | null {
  const small = over.room;
  const best = freeRooms
    .filter((room) => room.capacity > small.capacity)
    .map((room) => ({ room, stillOver: Math.max(0, over.session.interest - room.capacity) }))
    .sort(
      (a, b) =>
        a.stillOver - b.stillOver ||
        a.room.capacity - b.room.capacity ||
        a.room.position - b.room.position ||
        a.room.id.localeCompare(b.room.id),
    )[0];
  if (!best || !over.session.slotId) return null;
  const { session } = over;
  return {
    roomId: best.room.id,
    slotId: over.session.slotId,
    roomName: best.room.name,
    explanation: `“${session.title}” (${people(session.interest)}, ${small.name} seats ${small.capacity}) → ${best.room.name} (free, seats ${best.room.capacity})`,
    stillOver: best.stillOver,
  };
}

/** A free room wins over a swap that seats no more people: moving disturbs nobody else. */
function bestFix(entry: Placed, placed: readonly Placed[], free: readonly (Room & { capacity: number })[]) {
  const swap = chooseSwap(entry, placed);
  const move = chooseFreeRoom(entry, free);
  if (move && (!swap || move.stillOver <= swap.stillOver)) return { swap: null, move };
  return { swap, move: null };
}

/** Hints for every scheduled session that is likely full or nearly full, by session id. */
export function sizeBoard(board: Pick<Board, 'rooms' | 'sessions'>): Map<string, SizingHint> {
  const rooms = new Map(board.rooms.map((r) => [r.id, r]));
  const bySlot = new Map<string, Placed[]>();
  const taken = new Set(board.sessions.flatMap((s) => (s.roomId && s.slotId ? [`${s.roomId}:${s.slotId}`] : [])));
  const sized = board.rooms.flatMap((r) => (r.capacity === null ? [] : [{ ...r, capacity: r.capacity }]));
  for (const session of board.sessions) {
    const room = session.roomId ? rooms.get(session.roomId) : undefined;
    if (!room || room.capacity === null || !session.slotId) continue;
    const list = bySlot.get(session.slotId) ?? [];
    list.push({ session, room: { ...room, capacity: room.capacity } });
    bySlot.set(session.slotId, list);
  }
  const hints = new Map<string, SizingHint>();
  for (const [slotId, placed] of bySlot) {
    const free = sized.filter((r) => !taken.has(`${r.id}:${slotId}`));
    for (const entry of placed) {
      const { session, room } = entry;
      const level = sizingLevel(session.interest, room.capacity);
      if (!level) continue;
      hints.set(session.id, {
        sessionId: session.id,
        level,
        interest: session.interest,
        capacity: room.capacity,
        roomName: room.name,
        message: message(level, session.interest, room),
        ...(level === 'overflow' ? bestFix(entry, placed, free) : { swap: null, move: null }),
      });
    }
  }
  return hints;
}
