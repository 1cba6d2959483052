/**
 * What the board's pieces show, for both renderers: the grid (views/shared/board-grid.ejs), the
 * unscheduled list (unscheduled.ejs), the phone's Now / Next / Later (now-next.ejs) and the wall
 * display's rooms (wall-rooms.ejs). Pure: the caller brings its clock as a `WallTime`.
 */
import { buildGrid, slotTimes } from '../../server/domain/board';
import { groupByTime, phaseNote, roomsNowNext, wallDensity, type SlotGroup, type WallTime } from '../../server/domain/now-next';
import type { Slot } from '../../server/domain/types';
import { cardModel, type CardContext, type CardModel } from './card';

export { slotTimes, slotWithTimes } from '../../server/domain/board';

/** A slot's name: its label, or its times when it has none. */
export const slotName = (slot: Slot): string => slot.label || slotTimes(slot);

/**
 * A slot named with its start: "After coffee (11:00)", or just "11:00–11:45" when it has no label
 * (the times are then its name: never "11:00–11:45 (11:00)").
 */
export const slotAt = (slot: Slot): string => (slot.label ? `${slot.label} (${slot.startsAt})` : slotTimes(slot));

export interface GridModel {
  eventId: string;
  organiser: boolean;
  rooms: { name: string; capacity: number | null }[];
  rows: {
    name: string;
    /** The times under a slot's label; null when the times are its name (no label), so they are not read twice. */
    times: string | null;
    cells: { roomId: string; slotId: string; label: string; card: CardModel | null }[];
  }[];
}

export interface SlotGroupModel {
  time: string;
  entries: { room: string; card: CardModel }[];
}

/** Now / Next / Later: a section is null when the page leaves it out. */
export interface TimesModel {
  now: { note: string | null; groups: SlotGroupModel[] };
  next: { note: string | null; groups: SlotGroupModel[] } | null;
  later: SlotGroupModel[] | null;
  earlier: { open: boolean; groups: SlotGroupModel[] } | null;
}

export interface BoardModel {
  grid: GridModel;
  /** Oldest pitch first. */
  unscheduled: CardModel[];
  times: TimesModel;
}

/** The wall display: per room, what is on now and what is next there. */
export interface WallModel {
  density: string;
  rooms: { id: string; name: string; now: WallEntry | null; next: WallEntry | null }[];
}

interface WallEntry {
  time: string;
  card: CardModel;
}

/** Each session's card once per drawing: the grid's copy, and one without the page anchor for lists. */
function cardsOf(ctx: CardContext): (id: string, anchor: boolean) => CardModel | null {
  const cards = new Map<string, CardModel>();
  return (id, anchor) => {
    const session = ctx.sessions.get(id);
    if (!session) return null;
    let card = cards.get(id);
    if (!card) cards.set(id, (card = cardModel(session, ctx)));
    return anchor ? card : { ...card, anchor: null };
  };
}

function gridOf(ctx: CardContext, card: ReturnType<typeof cardsOf>): Omit<BoardModel, 'times'> {
  const { board, viewer } = ctx.view;
  const grid = buildGrid(board);
  return {
    grid: {
      eventId: board.event.id,
      organiser: viewer.organiser,
      rooms: grid.rooms.map(({ name, capacity }) => ({ name, capacity })),
      rows: grid.rows.map(({ slot, cells }) => ({
        name: slotName(slot),
        times: slot.label ? slotTimes(slot) : null,
        cells: cells.map(({ room, session }) => ({
          roomId: room.id,
          slotId: slot.id,
          label: `${room.name}, ${slotName(slot)}`,
          card: session ? card(session.id, true) : null,
        })),
      })),
    },
    unscheduled: grid.unscheduled.flatMap((s) => card(s.id, true) ?? []),
  };
}

function groupsOf(groups: SlotGroup[], card: ReturnType<typeof cardsOf>): SlotGroupModel[] {
  return groups.map(({ slot, entries }) => ({
    time: `${slotTimes(slot)}${slot.label ? ` · ${slot.label}` : ''}`,
    entries: entries.flatMap(({ room, session }) => {
      const listed = card(session.id, false);
      return listed ? [{ room: room.name, card: listed }] : [];
    }),
  }));
}

function timesOf(ctx: CardContext, at: WallTime, card = cardsOf(ctx)): TimesModel {
  const { board } = ctx.view;
  const times = groupByTime(board, at);
  const over = times.phase === 'after' || times.phase === 'unplanned';
  return {
    now: { note: phaseNote(times, board.event.date, at), groups: groupsOf(times.now, card) },
    next: over ? null : { note: times.next.length ? null : 'Nothing after this.', groups: groupsOf(times.next, card) },
    later: times.later.length ? groupsOf(times.later, card) : null,
    earlier: times.earlier.length ? { open: times.phase === 'after', groups: groupsOf(times.earlier, card) } : null,
  };
}

/** The whole board as one viewer sees it at `at` (their clock places Now / Next / Later). */
export function boardModel(ctx: CardContext, at: WallTime): BoardModel {
  const card = cardsOf(ctx);
  return { ...gridOf(ctx, card), times: timesOf(ctx, at, card) };
}

/** Now / Next / Later alone: the browser re-groups them as the minutes pass. */
export const timesModel = (ctx: CardContext, at: WallTime): TimesModel => timesOf(ctx, at);

/** The wall display at `at`; `ctx` is drawn in the wall's mode. */
export function wallModel(ctx: CardContext, at: WallTime): WallModel {
  const card = cardsOf(ctx);
  const entry = (item: { slot: Slot; session: { id: string } } | null, time: (slot: Slot) => string): WallEntry | null => {
    const listed = item ? card(item.session.id, false) : null;
    return item && listed ? { time: time(item.slot), card: listed } : null;
  };
  const { rooms } = roomsNowNext(ctx.view.board, at);
  return {
    density: wallDensity(rooms.length),
    rooms: rooms.map(({ room, now, next }) => ({
      id: room.id,
      name: room.name,
      now: entry(now, (slot) => `Until ${slot.endsAt}`),
      next: entry(next, (slot) => `${slot.startsAt}–${slot.endsAt}`),
    })),
  };
}
