/**
 * A session sent to a cell another session holds, by a drop or by "Move…": two sessions that both
 * have a room and time may swap, once the organiser confirms it in a dialog; an unscheduled one is
 * refused with the reason and what to do instead. A free cell (or the unscheduled list) is a move.
 */
import type { Board } from '../../server/domain/types';
import { cellName } from '../announce';
import { occupant } from '../state';
import type { Cell } from './commands';

export interface Placing {
  board(): Board | null;
  move(sessionId: string, target: Cell | null): void;
  swap(sessionId: string, withSessionId: string): void;
  say(message: string): void;
  /** Where the focus goes once the dialog closes (the card's Move button, or the board). */
  refocus(sessionId: string): void;
}

export function placer(on: Placing): (sessionId: string, target: Cell | null) => void {
  const dialog = document.querySelector<HTMLDialogElement>('#swap-dialog');
  const question = dialog?.querySelector<HTMLElement>('[data-swap-question]');
  let pending: { sessionId: string; withSessionId: string } | null = null;
  dialog?.addEventListener('close', () => {
    const chosen = pending;
    pending = null;
    if (chosen && dialog.returnValue === 'swap') on.swap(chosen.sessionId, chosen.withSessionId);
    else if (chosen) on.say('Nothing moved.');
    dialog.returnValue = '';
    if (chosen) on.refocus(chosen.sessionId);
  });

  return (sessionId, target) => {
    const board = on.board();
    const mine = board?.sessions.find((s) => s.id === sessionId);
    const other = board && target ? occupant(board, target.roomId, target.slotId) : undefined;
    if (!board || !mine || !other || other.id === sessionId) return on.move(sessionId, target);
    if (!mine.roomId || !mine.slotId) {
      on.say(
        `Not moved: “${other.title}” is already in ${cellName(board, other)}. Drop “${mine.title}” on a free cell, or move “${other.title}” first.`,
      );
      return;
    }
    if (!dialog || !question) return on.say(`Not moved: “${other.title}” is already in ${cellName(board, other)}.`);
    pending = { sessionId, withSessionId: other.id };
    question.textContent = `“${other.title}” is already in ${cellName(board, other)}. Swap it with “${mine.title}” (${cellName(board, mine)})?`;
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('button[value="swap"]')?.focus();
  };
}
