/**
 * Draws the board from state, with the same markup the server renders for the first paint, plus
 * what only the live board knows: overlaps, links and co-hosts. All user text goes in through
 * textContent, never as HTML.
 */
import type { Board, Room, Session, Slot } from '../server/domain/types';
import type { OverlapMark } from '../server/protocol/events';
import { cardContext, cardModel, type CardContext, type Viewer } from '../views/shared/card';
import { renderCard } from './templates';
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

export type { Viewer };

export interface View {
  board: Board;
  viewer: Viewer;
  suggestions: readonly OverlapMark[];
  /** This browser's personal agenda: cards get a star button. Left out where nobody stars (the wall). */
  starred?: ReadonlySet<string>;
  /**
   * Which page draws the cards: the board has every control, "My agenda" only links and stars,
   * and the wall display (a projector) nothing that could be pressed.
   */
  mode?: 'board' | 'agenda' | 'wall';
}

/** The card markup of views/shared/session-card.ejs, as an element. */
export function sessionCard(session: Session, ctx: CardContext, anchor = true): HTMLElement {
  const holder = document.createElement('template');
  holder.innerHTML = renderCard(cardModel(session, ctx, anchor));
  return holder.content.firstElementChild as HTMLElement;
}

const contextOf = (view: View): CardContext =>
  cardContext({
    board: view.board,
    viewer: view.viewer,
    marks: view.suggestions,
    mode: view.mode ?? 'board',
    live: true,
    starred: view.starred,
  });

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

function gridTable(ctx: CardContext, rooms: Room[], slots: Slot[]): HTMLTableElement {
  const placed = new Map(ctx.view.board.sessions.filter((s) => s.roomId && s.slotId).map((s) => [`${s.roomId}:${s.slotId}`, s]));
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
      if (session) td.append(sessionCard(session, ctx));
      row.append(td);
    }
    body.append(row);
  }
  table.append(headerRow(rooms), body);
  return table;
}

/** Rebuilds the grid table and the unscheduled list inside the board's containers. */
export function renderBoard(root: HTMLElement, view: View): void {
  const ctx = contextOf(view);
  const rooms = [...view.board.rooms].sort(byPosition);
  const slots = [...view.board.slots].sort(byPosition);
  const gridWrap = root.querySelector<HTMLElement>('.grid-wrap');
  if (gridWrap) {
    const empty = rooms.length === 0 || slots.length === 0;
    gridWrap.replaceChildren(empty ? el('p', 'empty', 'The grid is not set up yet.') : gridTable(ctx, rooms, slots));
  }
  const unscheduled = view.board.sessions
    .filter((s) => !s.roomId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  list?.replaceChildren(...(unscheduled.length ? unscheduled.map((s) => sessionCard(s, ctx)) : [el('p', 'empty', 'No pitches waiting.')]));
  const count = root.querySelector<HTMLElement>('[data-unscheduled-count]');
  if (count) count.textContent = String(unscheduled.length);
}

function slotGroup(group: SlotGroup, ctx: CardContext): HTMLElement {
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
    item.append(el('p', 'room-name', room.name), sessionCard(session, ctx, false));
    list.append(item);
  }
  wrap.append(list);
  return wrap;
}

function timeSection(key: string, title: string, groups: SlotGroup[], ctx: CardContext, note: string | null): HTMLElement {
  const section = el('section', `time-group ${key}`);
  section.setAttribute('aria-labelledby', `when-${key}`);
  const heading = el('h2', undefined, title);
  heading.id = `when-${key}`;
  section.append(heading);
  if (note) section.append(el('p', 'phase-note', note));
  section.append(...groups.map((g) => slotGroup(g, ctx)));
  return section;
}

/**
 * The phone board: Now, Next and Later by room, and what already ran under "Earlier" (folded
 * away, never gone). Same markup as views/partials/now-next.ejs, which paints it first.
 */
export function renderTimeGroups(container: HTMLElement, view: View, groups: TimeGroups, at: WallTime): void {
  const ctx = contextOf(view);
  const sections: HTMLElement[] = [timeSection('now', 'Now', groups.now, ctx, phaseNote(groups, view.board.event.date, at))];
  if (groups.phase !== 'after' && groups.phase !== 'unplanned') {
    sections.push(timeSection('next', 'Next', groups.next, ctx, groups.next.length ? null : 'Nothing after this.'));
  }
  if (groups.later.length) sections.push(timeSection('later', 'Later', groups.later, ctx, null));
  if (groups.earlier.length) {
    const details = el('details', 'time-group earlier');
    details.open = groups.phase === 'after';
    details.append(el('summary', undefined, `Earlier (${groups.earlier.length} ${groups.earlier.length === 1 ? 'slot' : 'slots'})`));
    details.append(...groups.earlier.map((g) => slotGroup(g, ctx)));
    sections.push(details);
  }
  container.replaceChildren(...sections);
}

function wallCell(entry: { slot: Slot; session: Session } | null, ctx: CardContext, when: 'now' | 'next'): HTMLTableCellElement {
  const td = el('td', `wall-${when}`);
  if (!entry) {
    td.append(el('p', 'empty', when === 'now' ? 'Free' : 'Nothing more today'));
    return td;
  }
  const time = when === 'now' ? `Until ${entry.slot.endsAt}` : `${entry.slot.startsAt}–${entry.slot.endsAt}`;
  td.append(el('p', 'wall-time', time), sessionCard(entry.session, ctx, false));
  return td;
}

/** The wall display: one row per room with what is on now and what is next there. */
export function renderWall(container: HTMLElement, view: View, wall: { rooms: RoomNowNext[] }): void {
  const ctx = contextOf(view);
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
    row.append(th, wallCell(entry.now, ctx, 'now'), wallCell(entry.next, ctx, 'next'));
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
  const ctx = contextOf(view);
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
    item.append(el('p', 'room-name', when), sessionCard(session, ctx, false));
    list.append(item);
  }
  container.replaceChildren(list);
}
