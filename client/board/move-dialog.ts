/** The keyboard way to move: "Move…" on a card opens a dialog to choose the room and slot. */
import { clashesIn, clashIndex, gridLookup, type ClashPair } from '../../server/domain/clashes';
import type { Board, Session } from '../../server/domain/types';
import { slotAt } from '../../views/shared/board';
import { focusHeading } from '../focus';
import { occupant } from '../state';
import type { Cell } from './commands';

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/**
 * "Unscheduled", then every cell in time order. A cell another session holds offers a swap when
 * this session has a cell to give in return (asked about before it is made, see swap.ts);
 * otherwise it is named and disabled. A cell where the session would clash says with whom, in
 * words (allowed, but known before it is chosen).
 */
function fillCells(select: HTMLSelectElement, board: Board, session: Session, clashes: readonly ClashPair[]): void {
  select.replaceChildren(new Option('Unscheduled', '', false, !session.roomId));
  const rooms = [...board.rooms].sort(byPosition);
  const placed = Boolean(session.roomId && session.slotId);
  const index = clashIndex(clashes, board.links);
  const grid = gridLookup(board);
  for (const slot of [...board.slots].sort(byPosition)) {
    for (const room of rooms) {
      const taken = occupant(board, room.id, slot.id);
      const other = taken && taken.id !== session.id ? taken : null;
      const note = other ? (placed ? ` — swap with ${other.title}` : ` — taken by ${other.title}`) : '';
      const clash = clashesIn(index, grid, session.id, slot.id, room.id)
        .map((c) => ` (clashes with “${c.other.title}”)`)
        .join('');
      const option = new Option(`${slotAt(slot)} · ${room.name}${note}${clash}`, `${room.id}:${slot.id}`, false, taken?.id === session.id);
      option.disabled = Boolean(other) && !placed;
      select.add(option);
    }
  }
}

/**
 * The card may have been redrawn meanwhile: return focus to its Move button as it is now (live
 * redraws keep it there when the move lands), or to the board's heading if it is gone.
 */
export function returnFocus(root: HTMLElement, sessionId: string): void {
  requestAnimationFrame(() => {
    const button = root.querySelector<HTMLElement>(`.move-button[data-session-id="${CSS.escape(sessionId)}"]`);
    if (button) button.focus();
    else focusHeading(document.querySelector<HTMLElement>('.board-head h1'));
  });
}

export function setUpMoveDialog(
  root: HTMLElement,
  board: () => Board | null,
  clashes: () => readonly ClashPair[],
  moveTo: (sessionId: string, target: Cell | null) => void,
): void {
  const dialog = document.querySelector<HTMLDialogElement>('#move-dialog');
  const select = dialog?.querySelector<HTMLSelectElement>('select');
  const title = dialog?.querySelector<HTMLElement>('[data-move-title]');
  if (!dialog || !select || !title) return;
  let sessionId = '';

  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.move-button');
    const now = board();
    const session = now?.sessions.find((s) => s.id === button?.dataset.sessionId);
    if (!now || !session) return;
    sessionId = session.id;
    title.textContent = session.title;
    fillCells(select, now, session, clashes());
    dialog.showModal();
    select.focus();
  });

  dialog.addEventListener('close', () => {
    const moving = dialog.returnValue === 'move' ? sessionId : '';
    dialog.returnValue = '';
    returnFocus(root, sessionId);
    if (!moving) return;
    const [roomId, slotId] = select.value.split(':');
    // After this dialog has closed: a taken cell opens the swap dialog.
    moveTo(moving, roomId && slotId ? { roomId, slotId } : null);
  });
}
