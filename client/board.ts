/**
 * The live board: keeps the server-rendered board current over Socket.IO, gives organisers and
 * facilitators drag-and-drop (SortableJS) and a keyboard "Move…" dialog, and facilitators the
 * overlap suggestions panel. Loaded on the board page only; the parts are in client/board/.
 */
import { startBoard } from './board/start';

const root = document.querySelector<HTMLElement>('[data-live-board]');
if (root) startBoard(root);
