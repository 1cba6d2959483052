/**
 * The card controls of the live board, by delegation on the board (cards are redrawn all the
 * time): "I'd go", the star, room sizing's "Move to …" and "Swap rooms", and a clash's "Move to the
 * next free slot". Focus stays on the pressed control, in the same list (the grid or Now / Next /
 * Later) it was pressed in.
 */
import { onNoticeClick, type AgendaKeeper } from '../agenda-keeper';
import type { BoardCommands } from './commands';
import type { BoardPage } from './page';

/**
 * Puts the focus back on the control of `kind` for the same session after the redraw its press
 * causes, in the list it was pressed in (the grid or Now / Next / Later): asked before the press
 * takes effect, while the control is still on the page.
 */
function focusAgain(root: HTMLElement, pressed: HTMLElement, kind: string, sessionId: string): () => void {
  const scope = pressed.closest('[data-now-next]') ? '[data-now-next] ' : '';
  return () => root.querySelector<HTMLElement>(`${scope}.${kind}[data-session-id="${CSS.escape(sessionId)}"]`)?.focus();
}

const pressed = (event: Event, kind: string): HTMLElement | null => (event.target as HTMLElement).closest<HTMLElement>(`.${kind}`);

export function wireCardControls(page: BoardPage, commands: BoardCommands, agenda: AgendaKeeper): void {
  const { root } = page;
  root.addEventListener('click', (event) => {
    const button = pressed(event, 'interest-toggle');
    const sessionId = button?.dataset.sessionId;
    if (button && sessionId) commands.interest(sessionId, focusAgain(root, button, 'interest-toggle', sessionId));
  });
  root.addEventListener('click', (event) => {
    const { sessionId, roomId, slotId } = pressed(event, 'move-here-button')?.dataset ?? {};
    if (sessionId && roomId && slotId) commands.move(sessionId, { roomId, slotId });
  });
  root.addEventListener('click', (event) => {
    const { sessionId, roomId, slotId } = pressed(event, 'next-free-button')?.dataset ?? {};
    if (sessionId && roomId && slotId) commands.move(sessionId, { roomId, slotId });
  });
  root.addEventListener('click', (event) => {
    const { sessionId, withSessionId } = pressed(event, 'swap-button')?.dataset ?? {};
    if (sessionId && withSessionId) commands.swap(sessionId, withSessionId);
  });
  root.addEventListener('click', (event) => {
    const star = pressed(event, 'star-toggle');
    const board = commands.board();
    const session = board?.sessions.find((s) => s.id === star?.dataset.sessionId);
    if (!star || !board || !session) return;
    const refocus = focusAgain(root, star, 'star-toggle', session.id);
    agenda.toggle(session, board);
    refocus();
  });
  page.notices?.addEventListener('click', (event) => onNoticeClick(event, agenda));
}
