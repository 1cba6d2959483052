/**
 * Clashes on the grid (issue 16.5): a session in a slot where a similar or "wanted both" session
 * runs in another room. Moving there is allowed; the card says so and offers the next free slot.
 *
 * What counts as similar, for everyone who may edit the board (organisers and facilitators, whose
 * boards may be on a projector): the detector's overlaps (the public marks), pairs that people
 * want both of (an aggregate count, which facilitators' list already shows), and linked sessions
 * (meant to be followed one after the other). Never attendees' "same as…" flags, which are private,
 * and never a pair a facilitator dismissed. Pure: no I/O, no clock.
 */
import type { Decided, WantBoth } from './evidence';
import { joinNames } from './suggestion';
import type { SessionPlanning } from './schedule/types';
import type { Board, Room, Session, Slot } from './types';

/** Two sessions that should not run at the same time, and why, in words a card shows after "Clashes with …:". */
export interface ClashPair {
  sessions: [string, string];
  why: string;
}

/** A detector overlap as the suggestion engine keeps it (analysis FoundOverlap, the parts used here). */
export interface OverlapFound {
  sessions: readonly string[];
  sharedTerms: readonly string[];
  semantic: boolean;
}

const key = (a: string, b: string): string => (a < b ? `${a}+${b}` : `${b}+${a}`);

const wordsOf = (found: OverlapFound): string =>
  found.sharedTerms.length
    ? `both about ${joinNames(found.sharedTerms.slice(0, 3))}`
    : found.semantic
      ? 'similar in meaning'
      : 'on the same ground';

/**
 * "People want both" pairs that warn, strongest first: a few browsers saying "I'd go" to every
 * session would otherwise make every pair a clash (and a message of megabytes to each facilitator).
 * As many as the suggestions the panel lists.
 */
export const MAX_WANT_BOTH_CLASHES = 500;

const wanted = (browsers: number): string => (browsers === 1 ? '1 person wants both' : `${browsers} people want both`);

/**
 * The pairs that warn when they share a slot: every pair inside each detector overlap, and each
 * "people want both" pair, joined per pair ("both about open data; 12 people want both"). Pairs a
 * facilitator decided about are left out: dismissed ones must not warn, linked ones come from the
 * board's links (`clashIndex`) and merged ones are one session.
 */
export function clashPairs(input: {
  found: readonly OverlapFound[];
  wantBoth: readonly WantBoth[];
  decisions: readonly Pick<Decided, 'pair'>[];
}): ClashPair[] {
  const decided = new Set(input.decisions.map((d) => key(d.pair[0], d.pair[1])));
  const reasons = new Map<string, { pair: [string, string]; why: string[] }>();
  const add = (a: string, b: string, why: string) => {
    const k = key(a, b);
    if (a === b || decided.has(k)) return;
    const known = reasons.get(k);
    if (known) {
      if (!known.why.includes(why)) known.why.push(why);
    } else reasons.set(k, { pair: a < b ? [a, b] : [b, a], why: [why] });
  };
  for (const found of input.found) {
    const why = wordsOf(found);
    for (let i = 0; i < found.sessions.length; i++) {
      for (let j = i + 1; j < found.sessions.length; j++) add(found.sessions[i] as string, found.sessions[j] as string, why);
    }
  }
  const strongest = [...input.wantBoth]
    .sort((x, y) => y.browsers - x.browsers || y.share - x.share || (key(...x.pair) < key(...y.pair) ? -1 : 1))
    .slice(0, MAX_WANT_BOTH_CLASHES);
  for (const want of strongest) add(want.pair[0], want.pair[1], wanted(want.browsers));
  return [...reasons].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, { pair, why }]) => ({ sessions: pair, why: why.join('; ') }));
}

/** Per session, the sessions it should not share a slot with, and why. */
export type ClashIndex = ReadonlyMap<string, readonly { other: string; why: string }[]>;

/** The index the board is drawn with: the pairs, and the board's links ("linked"). Built once per drawing. */
export function clashIndex(pairs: readonly ClashPair[], links: Board['links']): ClashIndex {
  const index = new Map<string, { other: string; why: string }[]>();
  const add = (a: string, b: string, why: string) => {
    const list = index.get(a);
    const known = list?.find((c) => c.other === b);
    if (known) known.why = `${known.why}; ${why}`;
    else if (list) list.push({ other: b, why });
    else index.set(a, [{ other: b, why }]);
  };
  for (const {
    sessions: [a, b],
    why,
  } of pairs) {
    add(a, b, why);
    add(b, a, why);
  }
  for (const [a, b] of links) {
    add(a, b, 'linked: meant to follow one another');
    add(b, a, 'linked: meant to follow one another');
  }
  return index;
}

/** A session that `sessionId` would clash with, where it runs. */
export interface Clash {
  other: Session;
  room: Room;
  why: string;
}

/** What the clash functions read of a board: lookups built once per drawing. */
export interface GridLookup {
  sessions: ReadonlyMap<string, Session>;
  rooms: ReadonlyMap<string, Room>;
  slots: ReadonlyMap<string, Slot>;
}

export function gridLookup(board: Pick<Board, 'sessions' | 'rooms' | 'slots'>): GridLookup {
  return {
    sessions: new Map(board.sessions.map((s) => [s.id, s])),
    rooms: new Map(board.rooms.map((r) => [r.id, r])),
    slots: new Map(board.slots.map((s) => [s.id, s])),
  };
}

/**
 * Who `sessionId` would clash with in `slotId` if it ran in `roomId`: its partners placed in that
 * slot in another room. Reads only its own partners: the cost is theirs, not the board's.
 */
export function clashesIn(index: ClashIndex, grid: GridLookup, sessionId: string, slotId: string, roomId: string): Clash[] {
  return (index.get(sessionId) ?? []).flatMap(({ other, why }) => {
    const session = grid.sessions.get(other);
    const room = session?.roomId ? grid.rooms.get(session.roomId) : undefined;
    return session && room && session.slotId === slotId && session.roomId !== roomId ? [{ other: session, room, why }] : [];
  });
}

/** Who a placed session clashes with where it is now (none when unscheduled). */
export function clashesOf(index: ClashIndex, grid: GridLookup, session: Session): Clash[] {
  return session.roomId && session.slotId ? clashesIn(index, grid, session.id, session.slotId, session.roomId) : [];
}

/** "Clashes with “Low-code platforms” (Library): both about low-code and platforms". */
export const clashText = (clash: Clash): string => `Clashes with “${clash.other.title}” (${clash.room.name}): ${clash.why}`;

/** Slots in time order (start, then the board's order). */
export const slotsInTime = (slots: Iterable<Slot>): Slot[] =>
  [...slots].sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.position - b.position));

export interface FreeCell {
  room: Room;
  slot: Slot;
}

/** Slots in time order, each with its free rooms in the board's order: built once per drawing. */
export interface FreeGrid {
  slots: readonly Slot[];
  free: ReadonlyMap<string, readonly Room[]>;
}

export function freeGrid(board: Pick<Board, 'sessions' | 'rooms' | 'slots'>): FreeGrid {
  const taken = new Set(board.sessions.flatMap((s) => (s.roomId && s.slotId ? [`${s.roomId}:${s.slotId}`] : [])));
  const rooms = [...board.rooms].sort((a, b) => a.position - b.position);
  const slots = slotsInTime(board.slots);
  return { slots, free: new Map(slots.map((slot) => [slot.id, rooms.filter((r) => !taken.has(`${r.id}:${slot.id}`))])) };
}

/**
 * What the next free cell must respect besides clashes, as the schedule assistant does
 * (server/domain/schedule): slots running, past or next to start (`frozenSlots`), the organiser's
 * pins, and the expected audience (the larger of "I'd go" and the hands counted at the pitch).
 */
export interface NextFreeRules {
  frozenSlotIds: ReadonlySet<string>;
  /** The organiser's planning per session; empty for those who do not see it (facilitators). */
  planning: ReadonlyMap<string, Pick<SessionPlanning, 'pinned' | 'hands'>>;
}

export const NO_RULES: NextFreeRules = { frozenSlotIds: new Set(), planning: new Map() };

/** Where "Move to the next free slot" takes a session, or why it offers no move. */
export type NextFree = { cell: FreeCell; why: null } | { cell: null; why: string };

const none = (why: string): NextFree => ({ cell: null, why });

/** People expected, as the schedule assistant counts them (server/domain/schedule/problem.ts). */
const audienceOf = (session: Session, rules: NextFreeRules): number =>
  Math.max(session.interest, rules.planning.get(session.id)?.hands ?? 0);

/** A room seats the audience when its capacity is unknown or large enough (an unknown room never counts anyone as over). */
const seats = (room: Room, audience: number): boolean => room.capacity === null || room.capacity >= audience;

/**
 * The next free cell for a clashing session: the first slot after its own, in time order, with a
 * free room that seats its audience and none of its partners (a partner in a slot clashes whatever
 * room it takes); its own room if it qualifies, otherwise the first one in the board's order.
 * A pinned session, or one in a slot running, past or next, is never moved: the answer says why.
 * Every slot after an unfrozen one is unfrozen too (frozen = started or next to start), so the
 * later slots need no check of their own. Reads its own partners and the later slots only.
 */
export function nextFreeCell(index: ClashIndex, grid: GridLookup, session: Session, cells: FreeGrid, rules: NextFreeRules): NextFree {
  if (rules.planning.get(session.id)?.pinned) return none('Pinned where it is: unpin it to move it.');
  if (session.slotId && rules.frozenSlotIds.has(session.slotId))
    return none('Its slot is running, over or next to start: it stays where it is.');
  const partnerSlots = new Set((index.get(session.id) ?? []).flatMap(({ other }) => grid.sessions.get(other)?.slotId ?? []));
  const audience = audienceOf(session, rules);
  let tooSmall = false;
  const from = cells.slots.findIndex((s) => s.id === session.slotId);
  for (let i = from + 1; i < cells.slots.length; i++) {
    const slot = cells.slots[i] as Slot;
    const free = cells.free.get(slot.id) ?? [];
    if (partnerSlots.has(slot.id) || !free.length) continue;
    const rooms = free.filter((r) => seats(r, audience));
    tooSmall ||= rooms.length < free.length;
    if (rooms.length) return { cell: { room: rooms.find((r) => r.id === session.roomId) ?? (rooms[0] as Room), slot }, why: null };
  }
  return none(
    tooSmall
      ? `No later slot has a free room seating its ${audience} people without a clash.`
      : 'No later slot has a free room without a clash.',
  );
}

/**
 * What the status line says after sessions landed in a clash: for each that clashes, whom with and
 * where it could go instead ("Move to the next free slot" is on its card). Builds its lookups once
 * per call (one call per change said, not per drawing), so an applied schedule costs one pass.
 */
export function clashNews(board: Board, pairs: readonly ClashPair[], sessionIds: readonly string[], rules: NextFreeRules): string[] {
  const grid = gridLookup(board);
  const index = clashIndex(pairs, board.links);
  let cells: FreeGrid | null = null;
  return sessionIds.flatMap((id) => {
    const session = grid.sessions.get(id);
    const clashes = session ? clashesOf(index, grid, session) : [];
    if (!session || !clashes.length) return [];
    const more = clashes.length > 1 ? ` and ${clashes.length - 1} more` : '';
    const next = nextFreeCell(index, grid, session, (cells ??= freeGrid(board)), rules);
    const fix = next.cell
      ? `“Move to the next free slot” on its card moves it to ${next.cell.room.name} at ${next.cell.slot.startsAt}.`
      : next.why;
    return [`“${session.title}” ${clashText(clashes[0] as Clash).replace(/^Clashes/, 'clashes')}${more}. ${fix}`];
  });
}
