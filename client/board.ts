/**
 * The live board: keeps the server-rendered board current over Socket.IO, gives organisers and
 * facilitators drag-and-drop (SortableJS) and a keyboard "Move…" dialog, and facilitators the
 * overlap suggestions panel. Loaded on the board page only.
 */
import { io, type Socket } from 'socket.io-client';
import Sortable from 'sortablejs';
import type { Board } from '../server/domain/types';
import type {
  Ack,
  ClientToServerEvents,
  FacilitationDone,
  HistoryItem,
  Joined,
  ServerToClientEvents,
  SessionsChanged,
  Suggestion,
} from '../server/protocol/events';
import { applyInterest, applySessionsChanged, occupant, replaceBoard } from './state';
import { renderBoard, slotName, type Viewer } from './render';
import { onPanelAction, renderPanel, type PanelAction } from './facilitation';
import { Announcer, cellName, describeChanges, describeNewSuggestions } from './announce';
import { focusHeading, keepFocus } from './focus';

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const root = document.querySelector<HTMLElement>('[data-live-board]');
if (root) start(root);

function start(root: HTMLElement): void {
  const eventId = root.dataset.eventId ?? '';
  const status = document.querySelector<HTMLElement>('#live-status');
  const viewers = document.querySelector<HTMLElement>('#viewers');
  const panel = document.querySelector<HTMLElement>('[data-suggestions]');
  const socket: BoardSocket = io({ transports: ['websocket', 'polling'] });
  let board: Board | null = null;
  let viewer: Viewer = { organiser: false, facilitator: false, interested: new Set() };
  let suggestions: Suggestion[] = [];
  let history: HistoryItem[] = [];
  let dragging = false;
  let sortables: Sortable[] = [];
  // Commands wait for the board to be joined: after a reconnect the server forgets who we are
  // until we join again, and would refuse anything sent before that.
  let joined = false;
  const waiting: (() => void)[] = [];
  const whenJoined = (send: () => void) => (joined ? send() : waiting.push(send));

  /** The polite status line: screen readers read each new text once, so a repeat is made to differ. */
  const say = (message: string) => {
    if (status) status.textContent = status.textContent === message ? `${message}\u00a0` : message;
  };
  const announcer = new Announcer(say);

  /** Takes a newer board, telling the user what others changed in it. */
  const update = (next: Board) => {
    const before = board;
    board = next;
    if (before && before !== next) announcer.changed(next.event.version, describeChanges(before, next));
  };

  /** If a redraw took away the focused control and nothing like it is left, the heading of its part of the page. */
  const headingFor = (focused: HTMLElement): string => {
    if (focused.closest('.history-list')) return '#history-heading';
    if (focused.closest('[data-suggestions]')) return '#suggestions-heading';
    if (focused.closest('[data-unscheduled]')) return '#unscheduled-heading';
    return '.board-head h1';
  };

  const draw = () => {
    if (!board || dragging) return;
    const current = board;
    for (const sortable of sortables) sortable.destroy();
    keepFocus(
      root,
      () => {
        renderBoard(root, { board: current, viewer, suggestions });
        if (panel && viewer.facilitator) {
          panel.hidden = false;
          renderPanel(panel, current, suggestions, history);
        }
      },
      headingFor,
    );
    // The version drawn: tells tests (and anyone debugging) that the live board has taken over.
    root.dataset.version = String(current.event.version);
    const canMove = viewer.organiser || viewer.facilitator;
    sortables = canMove ? makeSortable(root, { onStart: () => (dragging = true), onEnd: onDrop }) : [];
  };

  /**
   * The first snapshot after a (re)connect is the truth even when older than ours: the server may
   * have been restored from a backup. Later ones are only taken if not overtaken by our changes.
   */
  const join = (afterConnect = false) =>
    socket.emit('board:join', { eventId }, (answer) => {
      if (!answer.ok) return say(answer.error.message);
      const data: Joined = answer.data;
      update(afterConnect ? data.board : replaceBoard(board, data.board));
      viewer = { organiser: data.organiser, facilitator: data.facilitator, interested: new Set(data.interested) };
      suggestions = data.suggestions;
      history = data.history;
      if (viewers) viewers.textContent = String(data.viewers);
      joined = true;
      draw();
      for (const send of waiting.splice(0)) send();
    });

  const applyChange = (change: SessionsChanged) => {
    if (!board) return;
    const applied = applySessionsChanged(board, change);
    update(applied.board);
    if (applied.resync) join();
    else draw();
  };

  /** Outcome of a move: apply it and say where the session is now, or say why not and show the true board. */
  const settle = (sessionId: string) => (answer: Ack<SessionsChanged>) => {
    if (answer.ok) {
      applyChange(answer.data);
      const moved = board?.sessions.find((s) => s.id === sessionId);
      const where = moved && board ? cellName(board, moved) : '';
      announcer.answered(answer.data.version, moved ? `You moved “${moved.title}” to ${where}.` : 'Moved.');
      return;
    }
    announcer.answered(null, answer.error.message);
    draw();
    if (answer.error.code === 'conflict' || answer.error.code === 'stale') join();
  };

  function moveTo(sessionId: string, target: { roomId: string; slotId: string } | null): void {
    const session = board?.sessions.find((s) => s.id === sessionId);
    if (!session) return;
    const commandId = crypto.randomUUID();
    const expectedVersion = session.version;
    announcer.sent();
    whenJoined(() => {
      if (target) socket.emit('session:move', { commandId, sessionId, ...target, expectedVersion }, settle(sessionId));
      else socket.emit('session:unschedule', { commandId, sessionId, expectedVersion }, settle(sessionId));
    });
  }

  /** After a drag: a real move becomes a command (its answer redraws); anything else redraws now. */
  function onDrop(drop: Drop | null): void {
    dragging = false;
    if (drop) moveTo(drop.sessionId, drop.target);
    else draw();
  }

  /** A facilitator's decision; the board itself arrives as a broadcast to everyone. */
  function act(action: PanelAction): void {
    const commandId = crypto.randomUUID();
    const done = (answer: Ack<FacilitationDone>) => {
      if (!answer.ok) {
        announcer.answered(null, answer.error.message);
        return;
      }
      history = answer.data.history;
      const summary = answer.data.history[0]?.summary ?? 'Done';
      announcer.answered(answer.data.version, /[.!?]$/.test(summary) ? summary : `${summary}.`);
      draw();
    };
    announcer.sent();
    whenJoined(() => {
      if (action.kind === 'merge') {
        const { sessionIds, primaryId, title } = action;
        socket.emit('suggestion:merge', { commandId, sessionIds, primaryId, title }, done);
      } else if (action.kind === 'undo') socket.emit('history:undo', { commandId, entryId: action.entryId }, done);
      else if (action.kind === 'link') socket.emit('suggestion:link', { commandId, sessionIds: action.sessionIds }, done);
      else socket.emit('suggestion:dismiss', { commandId, sessionIds: action.sessionIds }, done);
    });
  }

  socket.on('connect', () => {
    say('Live: changes appear as they happen.');
    join(true);
  });
  socket.on('disconnect', () => {
    joined = false;
    announcer.reset();
    say('Connection lost. Reconnecting…');
  });
  socket.on('session:changed', applyChange);
  socket.on('board:state', (next) => {
    update(replaceBoard(board, next));
    draw();
  });
  socket.on('interest:counted', (counts) => {
    if (!board) return;
    board = applyInterest(board, counts);
    draw();
  });
  socket.on('suggestions:changed', (next) => {
    if (board && viewer.facilitator) announcer.changed(null, describeNewSuggestions(suggestions, next, board));
    suggestions = next;
    draw();
  });
  socket.on('history:changed', (next) => {
    history = next;
    draw();
  });
  socket.on('presence:changed', ({ viewers: n }) => {
    if (viewers) viewers.textContent = String(n);
  });

  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.interest-toggle');
    const sessionId = button?.dataset.sessionId;
    if (!sessionId) return;
    const going = !viewer.interested.has(sessionId);
    whenJoined(() =>
      socket.emit('session:interest', { sessionId, interested: going }, (answer) => {
        if (!answer.ok) return say(answer.error.message);
        const title = board?.sessions.find((s) => s.id === sessionId)?.title ?? '';
        say(going ? `You’d go to “${title}”.` : `You no longer say you’d go to “${title}”.`);
        const interested = new Set(viewer.interested);
        if (going) interested.add(sessionId);
        else interested.delete(sessionId);
        viewer = { ...viewer, interested };
        if (board) board = applyInterest(board, { [sessionId]: answer.data.interest });
        // The redraw keeps the focus on this toggle (see keepFocus).
        draw();
      }),
    );
  });

  if (panel) onPanelAction(panel, () => ({ board, suggestions }), act);
  setUpMoveDialog(root, () => board, moveTo);
}

interface Drop {
  sessionId: string;
  /** A cell, or null for the unscheduled list. */
  target: { roomId: string; slotId: string } | null;
}

/** Every cell accepts one session; the unscheduled list accepts any. Drops become commands. */
function makeSortable(root: HTMLElement, on: { onStart: () => void; onEnd: (drop: Drop | null) => void }): Sortable[] {
  const options = (isCell: boolean): Sortable.Options => ({
    group: {
      name: 'board',
      put: (to) => !isCell || to.el.querySelectorAll('.session-card').length === 0,
    },
    draggable: '.session-card',
    sort: false,
    // No sliding cards for those who asked their system for less motion.
    animation: matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 120,
    onStart: on.onStart,
    onEnd: (event) => {
      const sessionId = event.item.dataset.sessionId;
      if (!sessionId || event.to === event.from) return on.onEnd(null);
      const { roomId, slotId } = event.to.dataset;
      on.onEnd({ sessionId, target: roomId && slotId ? { roomId, slotId } : null });
    },
  });
  const cells = [...root.querySelectorAll<HTMLElement>('td[data-room-id]')].map((td) => Sortable.create(td, options(true)));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  return list ? [...cells, Sortable.create(list, options(false))] : cells;
}

/** The keyboard way to move: "Move…" on a card opens a dialog to choose the room and slot. */
function setUpMoveDialog(
  root: HTMLElement,
  getBoard: () => Board | null,
  moveTo: (sessionId: string, target: { roomId: string; slotId: string } | null) => void,
): void {
  const dialog = document.querySelector<HTMLDialogElement>('#move-dialog');
  const select = dialog?.querySelector<HTMLSelectElement>('select');
  const title = dialog?.querySelector<HTMLElement>('[data-move-title]');
  if (!dialog || !select || !title) return;
  let sessionId = '';
  let opener: HTMLElement | null = null;

  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.move-button');
    const board = getBoard();
    const session = board?.sessions.find((s) => s.id === button?.dataset.sessionId);
    if (!button || !board || !session) return;
    sessionId = session.id;
    opener = button;
    title.textContent = session.title;
    select.replaceChildren(new Option('Unscheduled', '', false, !session.roomId));
    const rooms = [...board.rooms].sort((a, b) => a.position - b.position);
    for (const slot of [...board.slots].sort((a, b) => a.position - b.position)) {
      for (const room of rooms) {
        const taken = occupant(board, room.id, slot.id);
        const label = `${slotName(slot)} (${slot.startsAt}) · ${room.name}${taken && taken.id !== session.id ? ` — taken by ${taken.title}` : ''}`;
        const option = new Option(label, `${room.id}:${slot.id}`, false, taken?.id === session.id);
        option.disabled = Boolean(taken && taken.id !== session.id);
        select.add(option);
      }
    }
    dialog.showModal();
    select.focus();
  });

  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'move' && sessionId) {
      const [roomId, slotId] = select.value.split(':');
      moveTo(sessionId, roomId && slotId ? { roomId, slotId } : null);
    }
    dialog.returnValue = '';
    const back = opener?.dataset.sessionId ?? '';
    // The card may have been redrawn meanwhile: return focus to its Move button as it is now
    // (live redraws keep it there when the move lands), or to the board's heading if it is gone.
    requestAnimationFrame(() => {
      const button = root.querySelector<HTMLElement>(`.move-button[data-session-id="${CSS.escape(back)}"]`);
      if (button) button.focus();
      else focusHeading(document.querySelector<HTMLElement>('.board-head h1'));
    });
  });
}
