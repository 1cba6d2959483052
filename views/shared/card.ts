/**
 * What a session card shows, worked out once for both renderers: the server's pages include
 * views/shared/session-card.ejs with it, and the browser runs the same template compiled into its
 * bundle (scripts/ejs-module.mjs). Pure: no DOM, no I/O, no clock.
 */
import type { Board, Room, Session, Slot } from '../../server/domain/types';
import type { OverlapMark } from '../../server/protocol/events';
import { sizeBoard, type MoveSuggestion, type SizingHint } from '../../server/domain/room-sizing';
import {
  clashesOf,
  clashIndex,
  clashText,
  freeGrid,
  gridLookup,
  nextFreeCell,
  type Clash,
  type ClashIndex,
  type ClashPair,
  type FreeCell,
  type FreeGrid,
  type NextFree,
  type NextFreeRules,
} from '../../server/domain/clashes';
import type { CardPlan } from './schedule';

/** Who is looking: organisers and facilitators get move controls; everyone's "I'd go" shows as pressed. */
export interface Viewer {
  organiser: boolean;
  facilitator: boolean;
  interested: ReadonlySet<string>;
}

/** Everything one drawing of a board's cards shares. */
export interface CardView {
  board: Board;
  viewer: Viewer;
  /** Which sessions overlap (whole suggestions for facilitators are marks too). */
  marks: readonly OverlapMark[];
  /**
   * Which page draws the cards: the board has every control, "My agenda" only links and stars,
   * and the wall display (a projector) nothing that could be pressed.
   */
  mode: 'board' | 'agenda' | 'wall';
  /**
   * Drawn by a page's script: buttons that send socket commands, and stars (this browser's agenda).
   * Otherwise the server's first paint, readable with scripts blocked: forms that post.
   */
  live: boolean;
  /** This browser's agenda: which cards have their star pressed (live drawings only). */
  starred?: ReadonlySet<string>;
  /** The CSRF token the forms carry (server drawings only). */
  csrf?: string;
  /** The organiser's pins and planning, and a proposal previewed on the grid (organisers' live board only). */
  plan?: CardPlan;
  /**
   * Pairs that should not share a slot (server/domain/clashes.ts), for those who may move sessions:
   * their cards say when one does and offer the next free slot. Never attendees' flags.
   */
  clashes?: readonly ClashPair[];
  /**
   * Slots running, past or next to start (views/shared/schedule.ts `frozenOf`): nothing moves into
   * or out of them, so a clashing card there offers no next free slot, and the organiser's pin
   * shows as always on. None when not given (a board drawn with no clock).
   */
  frozenSlotIds?: ReadonlySet<string>;
}

/** A line under a card: room sizing, a link, an overlap. `kind` is its CSS class after "marker". */
export interface CardLine {
  kind: string;
  symbol: string | null;
  text: string;
}

export interface CardControls {
  live: boolean;
  csrf: string;
  /** "I'd go" pressed or not; null where it is not offered ("My agenda"). */
  going: boolean | null;
  /** The star, pressed or not; null where there is none (a server drawing). */
  starred: boolean | null;
  /** Organisers and facilitators: Move… (live), or Unschedule and Place (forms). */
  mover: boolean;
  moveHere: MoveSuggestion | null;
  swap: { withSessionId: string; withTitle: string; withVersion: number } | null;
  /** A clashing card: the next free cell that clashes with nothing ("Move to the next free slot"). */
  nextFree: { roomId: string; slotId: string; place: string } | null;
  /**
   * "Place…", a link to the session page's schedule form, on an unscheduled card (forms only): one
   * link per card rather than a menu of every free cell keeps a large board's page small.
   */
  place: boolean;
  /** The board: "Same as…", to the session page's "Same conversation as…" (anyone may say so; it stays private). */
  sameAs: string | null;
  /** The organiser's pin (a button on the live board): `always` in a slot running, past or next (it cannot be unpinned). */
  pin: { pinned: boolean; always: boolean } | null;
  /** The organiser's "Hands & time…" (hands count and the pitcher's availability). */
  plan: boolean;
}

export interface CardModel {
  id: string;
  eventId: string;
  version: number;
  title: string;
  /** The session's page; null on the wall, where nothing is pressed. */
  href: string | null;
  /** The grid's copy carries the page anchor (`session-<id>`); copies listed elsewhere do not. */
  anchor: string | null;
  classes: string;
  /** The pitcher and any co-hosts. */
  hosts: string;
  interest: number;
  scheduled: boolean;
  lines: CardLine[];
  /** Null on the wall. */
  controls: CardControls | null;
}

/** The first sessions on the same ground as one (the detector's best first), and how many there are. */
interface Overlaps {
  first: Session[];
  total: number;
}

/** Lookups for drawing many cards of one board: built once per drawing, not once per card. */
export interface CardContext {
  view: CardView;
  sessions: ReadonlyMap<string, Session>;
  rooms: ReadonlyMap<string, Room>;
  slots: ReadonlyMap<string, Slot>;
  links: ReadonlyMap<string, string[]>;
  /** Per session, who else is on the same ground in another room (or in none yet). */
  overlaps: ReadonlyMap<string, Overlaps>;
  sizing: ReadonlyMap<string, SizingHint>;
  /** Who should not share a slot with whom: on the boards of those who may move sessions only. */
  clashes: ClashIndex | null;
  /** The free rooms of each slot, for the next free cell: built on the first clashing card. */
  free: () => FreeGrid;
  nextFreeRules: NextFreeRules;
}

/**
 * Lines a card shows before summing up the rest ("…and 4 more on the same ground"): on the wall
 * all its links and overlaps, read from across a hall; on the board its overlaps, the detector's
 * best first. A session on the same ground as a dozen others needs a facilitator, not a dozen lines.
 */
const WALL_LINES = 3;
const BOARD_OVERLAPS = 3;
const SHOWN_OVERLAPS = Math.max(WALL_LINES, BOARD_OVERLAPS);

const push = <V>(map: Map<string, V[]>, key: string, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

export function cardContext(view: CardView): CardContext {
  const { board } = view;
  const links = new Map<string, string[]>();
  for (const [a, b] of board.links) {
    push(links, a, b);
    push(links, b, a);
  }
  const { sessions, rooms, slots } = gridLookup(board);
  const movers = view.mode === 'board' && (view.viewer.organiser || view.viewer.facilitator);
  let free: FreeGrid | null = null;
  return {
    view,
    sessions,
    rooms,
    slots,
    links,
    overlaps: overlapsOf(view.marks, sessions),
    sizing: view.mode === 'wall' ? new Map() : sizeBoard(board),
    clashes: movers ? clashIndex(view.clashes ?? [], board.links) : null,
    free: () => (free ??= freeGrid(board)),
    nextFreeRules: { frozenSlotIds: view.frozenSlotIds ?? new Set(), planning: view.plan?.planning ?? new Map() },
  };
}

/**
 * Who is on the same ground as whom, in one pass over the marks: not itself, and not a session in
 * its own room (the room already brings them together). A card names a few of them
 * (`SHOWN_OVERLAPS`) and counts the rest, so only those few are kept.
 */
function overlapsOf(marks: readonly OverlapMark[], sessions: ReadonlyMap<string, Session>): Map<string, Overlaps> {
  const overlaps = new Map<string, Overlaps>();
  for (const { sessions: ids } of marks) {
    for (const id of ids) {
      const session = sessions.get(id);
      if (!session) continue;
      let found = overlaps.get(id);
      for (const otherId of ids) {
        const other = otherId === id ? undefined : sessions.get(otherId);
        if (!other || (other.roomId !== null && other.roomId === session.roomId)) continue;
        if (!found) overlaps.set(id, (found = { first: [], total: 0 }));
        found.total += 1;
        if (found.first.length < SHOWN_OVERLAPS) found.first.push(other);
      }
    }
  }
  return overlaps;
}

/** "Library at 11:00", or "not scheduled yet". */
export function placeOf(session: Session, board: Pick<Board, 'rooms' | 'slots'>): string {
  const room = board.rooms.find((r) => r.id === session.roomId);
  const slot = board.slots.find((s) => s.id === session.slotId);
  return room && slot ? `${room.name} at ${slot.startsAt}` : 'not scheduled yet';
}

function placeIn(session: Session, ctx: CardContext): string {
  const room = session.roomId ? ctx.rooms.get(session.roomId) : undefined;
  const slot = session.slotId ? ctx.slots.get(session.slotId) : undefined;
  return room && slot ? `${room.name} at ${slot.startsAt}` : 'not scheduled yet';
}

/** Sessions linked to this one. */
function links(session: Session, ctx: CardContext): CardLine[] {
  return (ctx.links.get(session.id) ?? []).flatMap((id) => {
    const other = ctx.sessions.get(id);
    return other ? [{ kind: 'linked', symbol: null, text: `↔ Linked: “${other.title}”, ${placeIn(other, ctx)}` }] : [];
  });
}

const sameGround = (other: Session, ctx: CardContext): CardLine => ({
  kind: 'overlap',
  symbol: null,
  text: `⚑ Same ground as “${other.title}”, ${placeIn(other, ctx)}`,
});

/** At most `most` lines of `total`: past that, the first few and how many more there are. */
function atMost(most: number, lines: readonly CardLine[], total: number): CardLine[] {
  const more = total - most + 1;
  if (more <= 1) return lines.slice(0, most);
  return [...lines.slice(0, most - 1), { kind: 'overlap', symbol: null, text: `⚑ …and ${more} more on the same ground` }];
}

/** "Likely full" or "Nearly full", and the suggested swap or move. */
function sizingLines(hint: SizingHint | undefined): CardLine[] {
  if (!hint) return [];
  const lines: CardLine[] = [{ kind: `sizing ${hint.level}`, symbol: hint.level === 'overflow' ? '▲' : '△', text: hint.message }];
  if (hint.swap) lines.push({ kind: 'sizing-swap', symbol: null, text: `Swap rooms: ${hint.swap.explanation}` });
  if (hint.move) lines.push({ kind: 'sizing-swap', symbol: null, text: `Move: ${hint.move.explanation}` });
  return lines;
}

/**
 * Where a card clashes (organisers' and facilitators' boards): one line per session it clashes with
 * (the first two, then how many more), and the next free slot, or why there is none.
 */
function clashLines(clashes: readonly Clash[], next: NextFree | null): CardLine[] {
  if (!clashes.length) return [];
  const shown = clashes.length > 2 ? clashes.slice(0, 1) : clashes;
  const lines: CardLine[] = shown.map((clash) => ({ kind: 'clash', symbol: '⚠', text: clashText(clash) }));
  if (clashes.length > shown.length)
    lines.push({ kind: 'clash', symbol: '⚠', text: `…and ${clashes.length - shown.length} more at the same time` });
  if (next)
    lines.push({
      kind: 'clash-fix',
      symbol: null,
      text: next.cell ? `Next free slot without a clash: ${next.cell.room.name} at ${next.cell.slot.startsAt}` : next.why,
    });
  return lines;
}

function nextFreeOf(session: Session, clashes: readonly Clash[], ctx: CardContext): NextFree | null {
  if (!clashes.length || !ctx.clashes) return null;
  return nextFreeCell(ctx.clashes, ctx, session, ctx.free(), ctx.nextFreeRules);
}

function controlsOf(session: Session, hint: SizingHint | undefined, next: FreeCell | null, ctx: CardContext): CardControls | null {
  const { view } = ctx;
  if (view.mode === 'wall') return null;
  const mover = view.mode === 'board' && (view.viewer.organiser || view.viewer.facilitator);
  const partner = mover && hint?.swap ? ctx.sessions.get(hint.swap.withSessionId) : undefined;
  return {
    live: view.live,
    csrf: view.csrf ?? '',
    going: view.mode === 'board' ? view.viewer.interested.has(session.id) : null,
    starred: view.live && view.starred ? view.starred.has(session.id) : null,
    mover,
    moveHere: mover ? (hint?.move ?? null) : null,
    swap: partner ? { withSessionId: partner.id, withTitle: partner.title, withVersion: partner.version } : null,
    nextFree: mover && next ? { roomId: next.room.id, slotId: next.slot.id, place: `${next.room.name} at ${next.slot.startsAt}` } : null,
    place: mover && !view.live && !session.roomId,
    sameAs: view.mode === 'board' ? `/e/${session.eventId}/s/${session.id}#same-as` : null,
    pin: view.plan ? pinOf(session, view.plan, view.frozenSlotIds) : null,
    plan: Boolean(view.plan && view.live),
  };
}

function pinOf(session: Session, plan: CardPlan, frozenSlotIds: ReadonlySet<string> | undefined): CardControls['pin'] {
  const always = session.slotId !== null && (frozenSlotIds?.has(session.slotId) ?? false);
  return { pinned: always || (plan.planning.get(session.id)?.pinned ?? false), always };
}

/** The organiser's hands count and the pitcher's availability, when given; in a preview, what the proposal changes and why. */
function planLines(session: Session, plan: CardPlan | undefined): CardLine[] {
  if (!plan) return [];
  const mark = plan.preview?.get(session.id);
  if (mark) {
    return [
      { kind: 'proposal', symbol: '➜', text: `Proposed: ${mark.change}` },
      { kind: 'proposal-why', symbol: null, text: mark.explanation },
    ];
  }
  const { hands = null, availability = '' } = plan.planning.get(session.id) ?? {};
  const said = [hands !== null ? `${hands} hands at the pitch` : '', availability ? `Host: ${availability}` : ''].filter(Boolean);
  return said.length ? [{ kind: 'planning', symbol: null, text: said.join(' · ') }] : [];
}

/** The card of `session`; `anchor: false` for a copy listed outside the grid. */
export function cardModel(session: Session, ctx: CardContext, anchor = true): CardModel {
  const wall = ctx.view.mode === 'wall';
  const hint = ctx.sizing.get(session.id);
  const linked = links(session, ctx);
  const same = ctx.overlaps.get(session.id) ?? { first: [], total: 0 };
  const sameLines = same.first.map((other) => sameGround(other, ctx));
  const clashes = ctx.clashes ? clashesOf(ctx.clashes, ctx, session) : [];
  const next = nextFreeOf(session, clashes, ctx);
  const classes = ['session-card'];
  if (session.cohosts.length) classes.push('merged');
  if (hint?.level === 'overflow') classes.push('likely-full');
  if (same.total) classes.push('overlapping');
  if (clashes.length) classes.push('clashing');
  const plan = ctx.view.plan;
  if (plan?.preview?.has(session.id)) classes.push('proposed-move');
  return {
    id: session.id,
    eventId: session.eventId,
    version: session.version,
    title: session.title,
    href: wall ? null : `/e/${session.eventId}/s/${session.id}`,
    anchor: anchor ? `session-${session.id}` : null,
    classes: classes.join(' '),
    hosts: [session.pitcher, ...session.cohosts].join(', '),
    interest: session.interest,
    scheduled: session.roomId !== null,
    lines: wall
      ? atMost(WALL_LINES, [...linked, ...sameLines], linked.length + same.total)
      : [
          ...planLines(session, plan),
          ...clashLines(clashes, next),
          ...sizingLines(hint),
          ...linked,
          ...atMost(BOARD_OVERLAPS, sameLines, same.total),
        ],
    controls: plan?.preview ? null : controlsOf(session, hint, next?.cell ?? null, ctx),
  };
}
