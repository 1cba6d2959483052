/**
 * Draws the board from state, with the same markup the server renders for the first paint, plus
 * what only the live board knows: overlaps, links and co-hosts. All user text goes in through
 * textContent, never as HTML.
 */
import type { Board, Room, Session, Slot } from '../server/domain/types';
import type { Suggestion } from '../server/protocol/events';
import { sizeBoard, type SizingHint } from '../server/domain/room-sizing';

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

export const slotName = (slot: Slot): string => slot.label || `${slot.startsAt}–${slot.endsAt}`;

const byPosition = <T extends { position: number; id: string }>(a: T, b: T) => a.position - b.position || a.id.localeCompare(b.id);

/** Who is looking: organisers and facilitators get move controls; everyone's "I'd go" shows as pressed. */
export interface Viewer {
  organiser: boolean;
  facilitator: boolean;
  interested: ReadonlySet<string>;
}

export interface View {
  board: Board;
  viewer: Viewer;
  suggestions: readonly Suggestion[];
  /** Room sizing hints by session id; `renderBoard` works them out from the board when left out. */
  sizing?: ReadonlyMap<string, SizingHint>;
}

/** "Library at 11:00", or "not scheduled yet". */
export function placeOf(session: Session, board: Board): string {
  const room = board.rooms.find((r) => r.id === session.roomId);
  const slot = board.slots.find((s) => s.id === session.slotId);
  return room && slot ? `${room.name} at ${slot.startsAt}` : 'not scheduled yet';
}

/** Links and overlaps in separate rooms, as short lines under a card. */
function connections(session: Session, view: View): HTMLElement[] {
  const byId = new Map(view.board.sessions.map((s) => [s.id, s]));
  const lines: HTMLElement[] = [];
  for (const [a, b] of view.board.links) {
    const other = byId.get(a === session.id ? b : b === session.id ? a : '');
    if (other) lines.push(el('p', 'marker linked', `↔ Linked: “${other.title}”, ${placeOf(other, view.board)}`));
  }
  for (const suggestion of view.suggestions) {
    if (!suggestion.sessions.includes(session.id)) continue;
    for (const id of suggestion.sessions) {
      const other = byId.get(id);
      if (!other || other.id === session.id || (other.roomId !== null && other.roomId === session.roomId)) continue;
      lines.push(el('p', 'marker overlap', `⚑ Same ground as “${other.title}”, ${placeOf(other, view.board)}`));
    }
  }
  return lines;
}

export function sessionCard(session: Session, view: View): HTMLElement {
  const { viewer } = view;
  const card = el('article', 'session-card');
  card.id = `session-${session.id}`;
  card.dataset.sessionId = session.id;
  card.dataset.version = String(session.version);
  const heading = el('h3');
  const link = el('a', undefined, session.title);
  link.href = `/e/${session.eventId}/s/${session.id}`;
  heading.append(link);
  const hosts = [session.pitcher, ...session.cohosts].join(', ');
  const meta = el('p', 'meta', `by ${hosts} · `);
  meta.append(el('span', 'interest', `${session.interest} would go`));
  if (session.cohosts.length) card.classList.add('merged');
  const going = viewer.interested.has(session.id);
  const toggle = el('button', `small secondary interest-toggle${going ? ' pressed' : ''}`, going ? '✓ I’d go' : 'I’d go');
  toggle.type = 'button';
  toggle.dataset.sessionId = session.id;
  toggle.setAttribute('aria-pressed', String(going));
  toggle.setAttribute('aria-label', `I’d go to “${session.title}”`);
  const hint = view.sizing?.get(session.id);
  const sizing = hint ? sizingLines(hint) : [];
  if (hint?.level === 'overflow') card.classList.add('likely-full');
  const marks = [...sizing, ...connections(session, view)];
  if (marks.some((m) => m.classList.contains('overlap'))) card.classList.add('overlapping');
  card.append(heading, meta, ...marks, toggle);
  if (viewer.organiser || viewer.facilitator) {
    const move = el('button', 'small secondary move-button', 'Move…');
    move.type = 'button';
    move.dataset.sessionId = session.id;
    move.setAttribute('aria-label', `Move “${session.title}”`);
    card.append(move);
    if (hint?.move) {
      const here = el('button', 'small move-here-button', `Move to ${hint.move.roomName}`);
      here.type = 'button';
      here.dataset.sessionId = session.id;
      here.dataset.roomId = hint.move.roomId;
      here.dataset.slotId = hint.move.slotId;
      here.setAttribute('aria-label', `Move “${session.title}” to ${hint.move.roomName}`);
      card.append(here);
    }
    if (hint?.swap) {
      const swap = el('button', 'small swap-button', 'Swap rooms');
      swap.type = 'button';
      swap.dataset.sessionId = session.id;
      swap.dataset.withSessionId = hint.swap.withSessionId;
      swap.setAttribute('aria-label', `Swap rooms: “${session.title}” with “${hint.swap.withTitle}”`);
      card.append(swap);
    }
  }
  return card;
}

/** "Likely full" or "Nearly full", and the suggested swap or move, as on the server-rendered card. */
function sizingLines(hint: SizingHint): HTMLElement[] {
  const line = el('p', `marker sizing ${hint.level}`);
  const symbol = el('span', undefined, hint.level === 'overflow' ? '▲' : '△');
  symbol.setAttribute('aria-hidden', 'true');
  line.append(symbol, ` ${hint.message}`);
  const lines = [line];
  if (hint.swap) lines.push(el('p', 'marker sizing-swap', `Swap rooms: ${hint.swap.explanation}`));
  if (hint.move) lines.push(el('p', 'marker sizing-swap', `Move: ${hint.move.explanation}`));
  return lines;
}

function headerRow(rooms: Room[]): HTMLTableSectionElement {
  const head = el('thead');
  const row = el('tr');
  const corner = el('th', 'corner', 'Time');
  corner.scope = 'col';
  row.append(corner);
  for (const room of rooms) {
    const th = el('th', undefined, room.name);
    th.scope = 'col';
    if (room.capacity) th.append(el('span', 'meta', ` · ${room.capacity} seats`));
    row.append(th);
  }
  head.append(row);
  return head;
}

function gridTable(view: View, rooms: Room[], slots: Slot[]): HTMLTableElement {
  const placed = new Map(view.board.sessions.filter((s) => s.roomId && s.slotId).map((s) => [`${s.roomId}:${s.slotId}`, s]));
  const table = el('table', 'grid');
  const body = el('tbody');
  for (const slot of slots) {
    const row = el('tr');
    const th = el('th');
    th.scope = 'row';
    th.append(el('span', 'slot-label', slotName(slot)), el('span', 'meta', `${slot.startsAt}–${slot.endsAt}`));
    row.append(th);
    for (const room of rooms) {
      const td = el('td');
      td.dataset.roomId = room.id;
      td.dataset.slotId = slot.id;
      td.setAttribute('aria-label', `${room.name}, ${slotName(slot)}`);
      const session = placed.get(`${room.id}:${slot.id}`);
      if (session) td.append(sessionCard(session, view));
      row.append(td);
    }
    body.append(row);
  }
  table.append(headerRow(rooms), body);
  return table;
}

/** Rebuilds the grid table and the unscheduled list inside the board's containers. */
export function renderBoard(root: HTMLElement, given: View): void {
  const view: View = given.sizing ? given : { ...given, sizing: sizeBoard(given.board) };
  const rooms = [...view.board.rooms].sort(byPosition);
  const slots = [...view.board.slots].sort(byPosition);
  const gridWrap = root.querySelector<HTMLElement>('.grid-wrap');
  if (gridWrap) {
    const empty = rooms.length === 0 || slots.length === 0;
    gridWrap.replaceChildren(empty ? el('p', 'empty', 'The grid is not set up yet.') : gridTable(view, rooms, slots));
  }
  const unscheduled = view.board.sessions
    .filter((s) => !s.roomId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  list?.replaceChildren(
    ...(unscheduled.length ? unscheduled.map((s) => sessionCard(s, view)) : [el('p', 'empty', 'No pitches waiting.')]),
  );
  const count = root.querySelector<HTMLElement>('[data-unscheduled-count]');
  if (count) count.textContent = String(unscheduled.length);
}
