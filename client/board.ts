/**
 * The live board: keeps the server-rendered board current over Socket.IO, gives organisers and
 * facilitators drag-and-drop (SortableJS) and a keyboard "Move…" dialog, and facilitators the
 * overlap suggestions panel. Loaded on the board page only.
 */
import type Sortable from 'sortablejs';
import type { Board } from '../server/domain/types';
import type { Ack, FacilitationDone, HistoryItem, OverlapMark, SessionsChanged, Suggestion } from '../server/protocol/events';
import { applyInterest, occupant } from './state';
import { followBoard, type Followed } from './live';
import { renderBoard, renderNotices, renderTimeGroups, slotName, type Viewer } from './render';
import { onPanelAction, renderPanel, type PanelAction } from './facilitation';
import { keepAgenda } from './agenda-keeper';
import { groupByTime, wallTimeOf } from '../server/domain/now-next';
import { Announcer, cellName, describeChanges, describeNewSuggestions } from './announce';
import { focusHeading, keepFocus } from './focus';

/** How often the phone board checks the clock to move sessions from Next to Now. */
const REGROUP_MS = 20_000;

/** Facilitators get whole suggestions (with the reason and grid wording their panel shows); others get marks. */
const whole = (list: readonly OverlapMark[]): Suggestion[] => list.filter((s): s is Suggestion => 'reason' in s);

const root = document.querySelector<HTMLElement>('[data-live-board]');
if (root) start(root);

function start(root: HTMLElement): void {
  const eventId = root.dataset.eventId ?? '';
  const status = document.querySelector<HTMLElement>('#live-status');
  const viewers = document.querySelector<HTMLElement>('#viewers');
  const panel = document.querySelector<HTMLElement>('[data-suggestions]');
  const times = root.querySelector<HTMLElement>('[data-now-next]');
  const notices = document.querySelector<HTMLElement>('[data-agenda-notices]');
  let viewer: Viewer = { organiser: false, facilitator: false, interested: new Set() };
  let history: HistoryItem[] = [];
  let dragging = false;
  let sortables: Sortable[] = [];
  // Drag-and-drop is for organisers and facilitators: attendees' phones never download it.
  let sortableLib: typeof Sortable | null = null;
  let sortableLoading = false;
  const loadSortable = () => {
    if (sortableLoading) return;
    sortableLoading = true;
    import('sortablejs')
      .then((module) => {
        sortableLib = module.default;
        draw();
      })
      .catch(() => {
        sortableLoading = false;
        say('Dragging is unavailable (the page could not load it): use “Move…” on a card.');
      });
  };

  /** The polite status line: screen readers read each new text once, so a repeat is made to differ. */
  const say = (message: string) => {
    if (status) status.textContent = status.textContent === message ? `${message}\u00a0` : message;
  };
  const announcer = new Announcer(say);

  /** If a redraw took away the focused control and nothing like it is left, the heading of its part of the page. */
  const headingFor = (focused: HTMLElement): string => {
    if (focused.closest('.history-list')) return '#history-heading';
    if (focused.closest('[data-suggestions]')) return '#suggestions-heading';
    if (focused.closest('[data-unscheduled]')) return '#unscheduled-heading';
    return '.board-head h1';
  };

  let drawing = false;
  const agenda = keepAgenda(eventId, (saved) => {
    if (!saved) say('Your browser would not keep your agenda (private browsing?): stars last until you close this page.');
    if (!drawing) draw();
  });

  /** Now / Next / Later by the viewer's clock: redrawn on every change and as the minutes pass. */
  let shownMinute = '';
  const drawTimes = () => {
    const { board, suggestions } = live.current() ?? {};
    if (!board || !suggestions || !times) return;
    const at = wallTimeOf(new Date());
    shownMinute = `${at.date} ${at.minutes}`;
    renderTimeGroups(times, { board, viewer, suggestions, starred: agenda.starred() }, groupByTime(board, at), at);
  };

  const draw = () => {
    const { board, suggestions } = live.current() ?? {};
    if (!board || !suggestions || dragging) return;
    drawing = true;
    agenda.sync(board);
    drawing = false;
    for (const sortable of sortables) sortable.destroy();
    keepFocus(
      root,
      () => {
        renderBoard(root, { board, viewer, suggestions, starred: agenda.starred() });
        drawTimes();
        if (notices) renderNotices(notices, eventId, agenda.agenda().notices);
        if (panel && viewer.facilitator) {
          panel.hidden = false;
          renderPanel(panel, board, whole(suggestions), history);
        }
      },
      headingFor,
    );
    // The version drawn: tells tests (and anyone debugging) that the live board has taken over.
    root.dataset.version = String(board.event.version);
    const canMove = viewer.organiser || viewer.facilitator;
    sortables = canMove && sortableLib ? makeSortable(sortableLib, root, { onStart: () => (dragging = true), onEnd: onDrop }) : [];
    if (canMove && !sortableLib) loadSortable();
  };

  /** What the page last drew, to tell the user what others changed since. */
  let told: Followed | null = null;
  /** The connection dropped; then the first snapshot after it came: say the board is live again. */
  let wasDown = false;
  let backOnline = false;
  const live = followBoard(eventId, {
    onChange: (next) => {
      const news = told && told.board !== next.board ? describeChanges(told.board, next.board) : [];
      if (backOnline) announcer.changed(next.board.event.version, ['Live again: changes appear as they happen.', ...news]);
      else announcer.changed(next.board.event.version, news);
      backOnline = false;
      if (told && viewer.facilitator && told.suggestions !== next.suggestions) {
        announcer.changed(null, describeNewSuggestions(told.suggestions, next.suggestions, next.board));
      }
      told = next;
      draw();
    },
    onStatus: say,
    onJoined: (data) => {
      viewer = { organiser: data.organiser, facilitator: data.facilitator, interested: new Set(data.interested) };
      history = data.history;
      if (viewers) viewers.textContent = String(data.viewers);
      backOnline = wasDown;
      wasDown = false;
    },
  });
  const { socket, whenJoined, command } = live;
  const boardNow = (): Board | null => live.current()?.board ?? null;

  /** Outcome of a move: apply it and say where the session is now, or say why not and show the true board. */
  const settle = (sessionId: string) => (answer: Ack<SessionsChanged>) => {
    if (answer.ok) {
      live.apply(answer.data);
      const board = boardNow();
      const moved = board?.sessions.find((s) => s.id === sessionId);
      const where = moved && board ? cellName(board, moved) : '';
      announcer.answered(answer.data.version, moved ? `You moved “${moved.title}” to ${where}.` : 'Moved.');
      return;
    }
    announcer.answered(null, answer.error.message);
    draw();
    if (answer.error.code === 'conflict' || answer.error.code === 'stale') live.resync();
  };

  function moveTo(sessionId: string, target: { roomId: string; slotId: string } | null): void {
    const session = boardNow()?.sessions.find((s) => s.id === sessionId);
    if (!session) return;
    const commandId = crypto.randomUUID();
    const expectedVersion = session.version;
    announcer.sent();
    command<Ack<SessionsChanged>>((ack) => {
      if (target) socket.emit('session:move', { commandId, sessionId, ...target, expectedVersion }, ack);
      else socket.emit('session:unschedule', { commandId, sessionId, expectedVersion }, ack);
    }, settle(sessionId));
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
    command<Ack<FacilitationDone>>((ack) => {
      if (action.kind === 'merge') {
        const { sessionIds, primaryId, title } = action;
        socket.emit('suggestion:merge', { commandId, sessionIds, primaryId, title }, ack);
      } else if (action.kind === 'undo') socket.emit('history:undo', { commandId, entryId: action.entryId }, ack);
      else if (action.kind === 'link') socket.emit('suggestion:link', { commandId, sessionIds: action.sessionIds }, ack);
      else socket.emit('suggestion:dismiss', { commandId, sessionIds: action.sessionIds }, ack);
    }, done);
  }

  // Answers to commands in flight are lost with the connection: stop holding news for them (the
  // snapshot after reconnecting says the board is live again, with what changed meanwhile). The
  // commands themselves are sent again after the join (live.ts), and their answers speak then.
  socket.on('disconnect', () => {
    announcer.reset();
    wasDown = true;
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
        const title = boardNow()?.sessions.find((s) => s.id === sessionId)?.title ?? '';
        say(going ? `You’d go to “${title}”.` : `You no longer say you’d go to “${title}”.`);
        const interested = new Set(viewer.interested);
        if (going) interested.add(sessionId);
        else interested.delete(sessionId);
        viewer = { ...viewer, interested };
        live.update((board) => applyInterest(board, { [sessionId]: answer.data.interest }));
        draw();
        const scope = button?.closest('[data-now-next]') ? '[data-now-next] ' : '';
        root.querySelector<HTMLElement>(`${scope}.interest-toggle[data-session-id="${sessionId}"]`)?.focus();
      }),
    );
  });

  /** Room sizing: "Move to …" takes a crowded session to the free larger room of its slot. */
  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.move-here-button');
    const { sessionId, roomId, slotId } = button?.dataset ?? {};
    if (sessionId && roomId && slotId) moveTo(sessionId, { roomId, slotId });
  });

  /** Room sizing: the card's "Swap rooms" trades cells with the suggested session, in one command. */
  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.swap-button');
    const mine = boardNow()?.sessions.find((s) => s.id === button?.dataset.sessionId);
    const theirs = boardNow()?.sessions.find((s) => s.id === button?.dataset.withSessionId);
    if (!mine || !theirs) return;
    const payload = {
      commandId: crypto.randomUUID(),
      sessionId: mine.id,
      withSessionId: theirs.id,
      expectedVersion: mine.version,
      withExpectedVersion: theirs.version,
    };
    announcer.sent();
    command<Ack<SessionsChanged>>(
      (ack) => socket.emit('session:swap', payload, ack),
      (answer) => {
        if (!answer.ok) return settle(mine.id)(answer);
        live.apply(answer.data);
        announcer.answered(answer.data.version, `You swapped rooms: “${mine.title}” and “${theirs.title}”.`);
      },
    );
  });

  root.addEventListener('click', (event) => {
    const star = (event.target as HTMLElement).closest<HTMLElement>('.star-toggle');
    const board = boardNow();
    const session = board?.sessions.find((s) => s.id === star?.dataset.sessionId);
    if (!star || !board || !session) return;
    const inList = Boolean(star.closest('[data-now-next]'));
    agenda.toggle(session, board);
    const scope = inList ? '[data-now-next] ' : '';
    root.querySelector<HTMLElement>(`${scope}.star-toggle[data-session-id="${session.id}"]`)?.focus();
  });
  notices?.addEventListener('click', (event) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>('.dismiss-notice')?.dataset.noticeId;
    if (id) agenda.dismiss(id);
  });
  // One timer for the page's life; it only redraws when the minute has changed.
  setInterval(() => {
    const at = wallTimeOf(new Date());
    if (`${at.date} ${at.minutes}` !== shownMinute && !dragging) drawTimes();
  }, REGROUP_MS);

  if (panel) onPanelAction(panel, () => ({ board: boardNow(), suggestions: whole(live.current()?.suggestions ?? []) }), act);
  setUpMoveDialog(root, boardNow, moveTo);
}

interface Drop {
  sessionId: string;
  /** A cell, or null for the unscheduled list. */
  target: { roomId: string; slotId: string } | null;
}

/** Every cell accepts one session; the unscheduled list accepts any. Drops become commands. */
function makeSortable(
  lib: typeof Sortable,
  root: HTMLElement,
  on: { onStart: () => void; onEnd: (drop: Drop | null) => void },
): Sortable[] {
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
  const cells = [...root.querySelectorAll<HTMLElement>('td[data-room-id]')].map((td) => lib.create(td, options(true)));
  const list = root.querySelector<HTMLElement>('[data-unscheduled]');
  return list ? [...cells, lib.create(list, options(false))] : cells;
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
