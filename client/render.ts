/**
 * Draws the board from state, with the same markup the server renders for the first paint, plus
 * what only the live board knows: overlaps, links and co-hosts. All user text goes in through
 * textContent, never as HTML.
 */
import type { Board, Room, Session, Slot } from '../server/domain/types';
import type { OverlapMark } from '../server/protocol/events';
import { sizeBoard, type SizingHint } from '../server/domain/room-sizing';
import { phaseNote, wallDensity, type RoomNowNext, type SlotGroup, type TimeGroups, type WallTime } from '../server/domain/now-next';
import type { AgendaNotice } from './agenda';

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
  suggestions: readonly OverlapMark[];
  /** Room sizing hints by session id; `renderBoard` works them out from the board when left out. */
  sizing?: ReadonlyMap<string, SizingHint>;
  /** This browser's personal agenda: cards get a star button. Left out where nobody stars (the wall). */
  starred?: ReadonlySet<string>;
  /**
   * Which page draws the cards: the board has every control, "My agenda" only links and stars,
   * and the wall display (a projector) nothing that could be pressed.
   */
  mode?: 'board' | 'agenda' | 'wall';
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

function starToggle(session: Session, starred: ReadonlySet<string>): HTMLButtonElement {
  const on = starred.has(session.id);
  // One name whether pressed or not (aria-pressed and the filled star tell which), and the visible
  // word is part of it: speech users say what they see.
  const star = el('button', `small secondary star-toggle${on ? ' pressed' : ''}`, on ? '★ Star' : '☆ Star');
  star.type = 'button';
  star.dataset.sessionId = session.id;
  star.setAttribute('aria-pressed', String(on));
  star.setAttribute('aria-label', `Star “${session.title}” for my agenda`);
  return star;
}

/** Connection lines a wall card shows before summing up the rest. */
const WALL_MARKS = 3;

export function sessionCard(session: Session, view: View): HTMLElement {
  const { viewer } = view;
  const mode = view.mode ?? 'board';
  const card = el('article', 'session-card');
  card.id = `session-${session.id}`;
  card.dataset.sessionId = session.id;
  card.dataset.version = String(session.version);
  const heading = el('h3');
  if (mode === 'wall') heading.textContent = session.title;
  else {
    const link = el('a', undefined, session.title);
    link.href = `/e/${session.eventId}/s/${session.id}`;
    heading.append(link);
  }
  const hosts = [session.pitcher, ...session.cohosts].join(', ');
  const meta = el('p', 'meta', `by ${hosts} · `);
  meta.append(el('span', 'interest', `${session.interest} would go`));
  if (session.cohosts.length) card.classList.add('merged');
  const hint = mode === 'wall' ? undefined : view.sizing?.get(session.id);
  const sizing = hint ? sizingLines(hint) : [];
  if (hint?.level === 'overflow') card.classList.add('likely-full');
  const marks = [...sizing, ...connections(session, view)];
  if (marks.some((m) => m.classList.contains('overlap'))) card.classList.add('overlapping');
  if (mode === 'wall') {
    // Read from across a hall: a few lines at most, then how many more there are.
    const more = marks.length - WALL_MARKS + 1;
    const shown =
      more > 1 ? [...marks.slice(0, WALL_MARKS - 1), el('p', 'marker overlap', `⚑ …and ${more} more on the same ground`)] : marks;
    card.append(heading, meta, ...shown);
    return card;
  }
  card.append(heading, meta, ...marks);
  if (mode === 'board') {
    const going = viewer.interested.has(session.id);
    const toggle = el('button', `small secondary interest-toggle${going ? ' pressed' : ''}`, going ? '✓ I’d go' : 'I’d go');
    toggle.type = 'button';
    toggle.dataset.sessionId = session.id;
    toggle.setAttribute('aria-pressed', String(going));
    toggle.setAttribute('aria-label', `I’d go to “${session.title}”`);
    card.append(toggle);
  }
  if (view.starred) card.append(starToggle(session, view.starred));
  if (mode === 'board' && (viewer.organiser || viewer.facilitator)) {
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
  list?.replaceChildren(...(unscheduled.length ? unscheduled.map((s) => sessionCard(s, view)) : [el('p', 'empty', 'No pitches waiting.')]));
  const count = root.querySelector<HTMLElement>('[data-unscheduled-count]');
  if (count) count.textContent = String(unscheduled.length);
}

/** The card as listed under Now / Next / Later: the grid holds the one with the page anchor. */
function listedCard(session: Session, view: View): HTMLElement {
  const card = sessionCard(session, view);
  card.removeAttribute('id');
  return card;
}

function slotGroup(group: SlotGroup, view: View): HTMLElement {
  const wrap = el('div', 'slot-group');
  wrap.append(
    el(
      'p',
      'slot-time',
      group.slot.label
        ? `${group.slot.startsAt}–${group.slot.endsAt} · ${group.slot.label}`
        : `${group.slot.startsAt}–${group.slot.endsAt}`,
    ),
  );
  if (group.entries.length === 0) {
    wrap.append(el('p', 'empty', 'Nothing scheduled in this slot yet.'));
    return wrap;
  }
  const list = el('ul', 'entries');
  for (const { room, session } of group.entries) {
    const item = el('li', 'entry');
    item.append(el('p', 'room-name', room.name), listedCard(session, view));
    list.append(item);
  }
  wrap.append(list);
  return wrap;
}

function timeSection(key: string, title: string, groups: SlotGroup[], view: View, note: string | null): HTMLElement {
  const section = el('section', `time-group ${key}`);
  section.setAttribute('aria-labelledby', `when-${key}`);
  const heading = el('h2', undefined, title);
  heading.id = `when-${key}`;
  section.append(heading);
  if (note) section.append(el('p', 'phase-note', note));
  section.append(...groups.map((g) => slotGroup(g, view)));
  return section;
}

/**
 * The phone board: Now, Next and Later by room, and what already ran under "Earlier" (folded
 * away, never gone). Same markup as views/partials/now-next.ejs, which paints it first.
 */
export function renderTimeGroups(container: HTMLElement, given: View, groups: TimeGroups, at: WallTime): void {
  const view: View = given.sizing ? given : { ...given, sizing: sizeBoard(given.board) };
  const sections: HTMLElement[] = [timeSection('now', 'Now', groups.now, view, phaseNote(groups, view.board.event.date, at))];
  if (groups.phase !== 'after' && groups.phase !== 'unplanned') {
    sections.push(timeSection('next', 'Next', groups.next, view, groups.next.length ? null : 'Nothing after this.'));
  }
  if (groups.later.length) sections.push(timeSection('later', 'Later', groups.later, view, null));
  if (groups.earlier.length) {
    const details = el('details', 'time-group earlier');
    details.open = groups.phase === 'after';
    details.append(el('summary', undefined, `Earlier (${groups.earlier.length} ${groups.earlier.length === 1 ? 'slot' : 'slots'})`));
    details.append(...groups.earlier.map((g) => slotGroup(g, view)));
    sections.push(details);
  }
  container.replaceChildren(...sections);
}

function wallCell(entry: { slot: Slot; session: Session } | null, view: View, when: 'now' | 'next'): HTMLTableCellElement {
  const td = el('td', `wall-${when}`);
  if (!entry) {
    td.append(el('p', 'empty', when === 'now' ? 'Free' : 'Nothing more today'));
    return td;
  }
  const time = when === 'now' ? `Until ${entry.slot.endsAt}` : `${entry.slot.startsAt}–${entry.slot.endsAt}`;
  td.append(el('p', 'wall-time', time), listedCard(entry.session, view));
  return td;
}

/** The wall display: one row per room with what is on now and what is next there. */
export function renderWall(container: HTMLElement, view: View, wall: { rooms: RoomNowNext[] }): void {
  if (wall.rooms.length === 0) {
    container.replaceChildren(el('p', 'empty', 'No rooms yet.'));
    return;
  }
  const table = el('table', 'wall-table');
  table.dataset.density = wallDensity(wall.rooms.length);
  const head = el('thead');
  const headRow = el('tr');
  for (const title of ['Room', 'Now', 'Next']) {
    const th = el('th', undefined, title);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const body = el('tbody');
  for (const entry of wall.rooms) {
    const row = el('tr');
    row.dataset.roomId = entry.room.id;
    const th = el('th', undefined, entry.room.name);
    th.scope = 'row';
    row.append(th, wallCell(entry.now, view, 'now'), wallCell(entry.next, view, 'next'));
    body.append(row);
  }
  table.append(head, body);
  container.replaceChildren(table);
}

/** Changes to starred sessions, each with a button to dismiss it. */
export function renderNotices(container: HTMLElement, eventId: string, notices: readonly AgendaNotice[]): void {
  container.hidden = notices.length === 0;
  if (!notices.length) {
    container.replaceChildren();
    return;
  }
  const list = el('ul', 'agenda-notice-list');
  for (const notice of notices) {
    const item = el('li', 'agenda-notice');
    const actions = el('span', 'notice-actions');
    if (notice.sessionId) {
      const link = el('a', 'button secondary small', 'See it');
      link.href = `/e/${eventId}/s/${notice.sessionId}`;
      link.setAttribute('aria-label', `See it: ${notice.text}`);
      actions.append(link);
    }
    const dismiss = el('button', 'small secondary dismiss-notice', 'Dismiss');
    dismiss.type = 'button';
    dismiss.dataset.noticeId = notice.id;
    dismiss.setAttribute('aria-label', `Dismiss: ${notice.text}`);
    actions.append(dismiss);
    item.append(el('span', undefined, notice.text), actions);
    list.append(item);
  }
  container.replaceChildren(el('h2', undefined, 'Changes to your agenda'), list);
}

/** "My agenda": starred sessions in time order, each with where and when. */
export function renderAgenda(container: HTMLElement, view: View, sessions: readonly Session[]): void {
  if (!sessions.length) {
    container.replaceChildren(el('p', 'empty', 'Nothing starred yet. Tap “☆ Star” on a session on the board to add it here.'));
    return;
  }
  const list = el('ol', 'agenda-list');
  for (const session of sessions) {
    const item = el('li', 'entry');
    const room = view.board.rooms.find((r) => r.id === session.roomId);
    const slot = view.board.slots.find((s) => s.id === session.slotId);
    const when = room && slot ? `${slot.startsAt}–${slot.endsAt} · ${room.name}` : 'Not scheduled yet';
    item.append(el('p', 'room-name', when), listedCard(session, view));
    list.append(item);
  }
  container.replaceChildren(list);
}
