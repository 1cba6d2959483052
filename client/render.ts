/**
 * Draws the board from state, with the same markup the server renders for the first paint.
 * All user text goes in through textContent, never as HTML.
 */
import type { Board, Room, Session, Slot } from '../server/domain/types';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

export const slotName = (slot: Slot): string => slot.label || `${slot.startsAt}–${slot.endsAt}`;

const byPosition = <T extends { position: number; id: string }>(a: T, b: T) => a.position - b.position || a.id.localeCompare(b.id);

/** Who is looking: organisers get move controls; everyone's own "I'd go" choices show as pressed. */
export interface Viewer {
  organiser: boolean;
  interested: ReadonlySet<string>;
}

export function sessionCard(session: Session, viewer: Viewer): HTMLElement {
  const card = el('article', 'session-card');
  card.id = `session-${session.id}`;
  card.dataset.sessionId = session.id;
  card.dataset.version = String(session.version);
  const heading = el('h3');
  const link = el('a', undefined, session.title);
  link.href = `/e/${session.eventId}/s/${session.id}`;
  heading.append(link);
  const meta = el('p', 'meta', `by ${session.pitcher} · `);
  meta.append(el('span', 'interest', `${session.interest} would go`));
  const going = viewer.interested.has(session.id);
  const toggle = el('button', `small secondary interest-toggle${going ? ' pressed' : ''}`, going ? '✓ I’d go' : 'I’d go');
  toggle.type = 'button';
  toggle.dataset.sessionId = session.id;
  toggle.setAttribute('aria-pressed', String(going));
  toggle.setAttribute('aria-label', `I’d go to “${session.title}”`);
  card.append(heading, meta, toggle);
  if (viewer.organiser) {
    const move = el('button', 'small secondary move-button', 'Move…');
    move.type = 'button';
    move.dataset.sessionId = session.id;
    move.setAttribute('aria-label', `Move “${session.title}”`);
    card.append(move);
  }
  return card;
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

/** Rebuilds the grid table and the unscheduled list inside the board's containers. */
export function renderBoard(root: HTMLElement, board: Board, viewer: Viewer): void {
  const rooms = [...board.rooms].sort(byPosition);
  const slots = [...board.slots].sort(byPosition);
  const placed = new Map(board.sessions.filter((s) => s.roomId && s.slotId).map((s) => [`${s.roomId}:${s.slotId}`, s]));
  const gridWrap = root.querySelector<HTMLElement>('.grid-wrap');
  if (gridWrap) {
    gridWrap.replaceChildren();
    if (rooms.length === 0 || slots.length === 0) {
      gridWrap.append(el('p', 'empty', 'The grid is not set up yet.'));
    } else {
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
          if (session) td.append(sessionCard(session, viewer));
          row.append(td);
        }
        body.append(row);
      }
      table.append(headerRow(rooms), body);
      gridWrap.append(table);
    }
  }
  const unscheduled = board.sessions
    .filter((s) => !s.roomId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  list?.replaceChildren(
    ...(unscheduled.length ? unscheduled.map((s) => sessionCard(s, viewer)) : [el('p', 'empty', 'No pitches waiting.')]),
  );
  const count = root.querySelector<HTMLElement>('[data-unscheduled-count]');
  if (count) count.textContent = String(unscheduled.length);
}
