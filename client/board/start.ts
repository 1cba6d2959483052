/**
 * Wires the live board's parts together: live.ts follows the board, the painter draws it, news
 * says what others changed, commands send what this viewer does, and the controls, dialogs and
 * drag-and-drop turn presses into commands. Facilitators' panel code loads on demand.
 */
import { wallTimeOf } from '../../server/domain/now-next';
import type { Board } from '../../server/domain/types';
import type { HostFlag } from '../../server/protocol/events';
import { hostFlagsModel } from '../../views/shared/host-flags';
import hostFlagsHtml from '../../views/shared/host-flags.ejs';
import { keepAgenda } from '../agenda-keeper';
import { paint } from '../render';
import { Announcer } from '../announce';
import { followBoard, type LiveBoard } from '../live';
import { wireCardControls } from './clicks';
import { BoardCommands, type Cell } from './commands';
import { DragWiring, type DragEvents } from './drag';
import { Painter, whole } from './draw';
import { BoardHolder } from './holder';
import { returnFocus, setUpMoveDialog } from './move-dialog';
import { News } from './news';
import { findPage, statusLine, type BoardPage } from './page';
import { Planner, wireSchedule } from './schedule';
import { placer } from './swap';

/** How often the phone board checks the clock to move sessions from Next to Now. */
const REGROUP_MS = 20_000;

const UNSAVED = 'Your browser would not keep your agenda (private browsing?): stars last until you close this page.';
const NO_DRAG = 'Dragging is unavailable (the page could not load it): use “Move…” on a card.';
const NO_PANEL = 'The suggestions panel could not load: reload the page to try again.';

export function startBoard(root: HTMLElement): void {
  const page = findPage(root);
  const state = new BoardHolder();
  const say = statusLine(page.status);
  const announcer = new Announcer(say);
  // What "Move to the next free slot" respects now: the planner holds the organiser's pins and hands.
  const nextFreeRules = (board: Board) => planner.nextFreeRules(board, wallTimeOf(new Date(), board.event.timeZone));
  const news = new News(announcer, () => state.viewer.facilitator, nextFreeRules);
  // The socket connects (and calls back) after this function has run: everything below exists by then.
  const live = follow(page, state, news, say, {
    redraw: () => {
      planner.refresh();
      painter.draw();
    },
    facilitator: () => loadPanel(),
  });
  const agenda = keepAgenda(page.eventId, {
    changed: (saved) => {
      if (!saved) say(UNSAVED);
      painter.agendaChanged();
    },
    news: say,
  });
  const commands = new BoardCommands(live, state, announcer, say, () => painter.draw(), nextFreeRules);
  const place = placer({
    board: () => commands.board(),
    move: (sessionId, target) => commands.move(sessionId, target),
    swap: (sessionId, withSessionId) => commands.swap(sessionId, withSessionId),
    say,
    refocus: (sessionId) => returnFocus(root, sessionId),
  });
  const drag = new DragWiring(
    root,
    dragEvents(place, say, {
      draw: () => painter.draw(),
      catchUp: () => painter.catchUp(),
    }),
  );
  const planner = new Planner(live, state, announcer, say, () => painter.draw());
  const painter = new Painter(page, state, live, agenda, drag, planner);
  const loadPanel = panelLoader(page, live, commands, painter, say);
  wireCardControls(page, commands, agenda);
  wireSchedule(root, planner);
  setUpMoveDialog(
    root,
    () => commands.board(),
    () => live.current()?.clashes ?? [],
    place,
  );
  // One timer for the page's life; it only redraws when the minute has changed.
  setInterval(() => painter.tick(), REGROUP_MS);
}

/** The board over Socket.IO, and the notifications only this page listens to. */
function follow(
  page: BoardPage,
  state: BoardHolder,
  news: News,
  say: (message: string) => void,
  then: { redraw(): void; facilitator(): void },
): LiveBoard {
  const showHostFlags = (flags: readonly HostFlag[]) => {
    if (!page.hostFlags) return;
    page.hostFlags.hidden = flags.length === 0;
    paint(page.hostFlags, hostFlagsHtml({ flags: hostFlagsModel(page.eventId, flags) }));
  };
  const showViewers = (viewers: number) => {
    if (page.viewers) page.viewers.textContent = String(viewers);
  };
  const live = followBoard(page.eventId, {
    onChange: (next) => {
      news.heard(next);
      then.redraw();
    },
    onStatus: say,
    onJoined: (joined) => {
      showHostFlags(joined.hostFlags);
      state.joined(joined);
      showViewers(joined.viewers);
      news.joined();
      if (joined.facilitator) then.facilitator();
    },
  });
  live.socket.on('disconnect', () => news.disconnected());
  live.socket.on('history:changed', (history) => {
    state.history = history;
    then.redraw();
  });
  live.socket.on('presence:changed', ({ viewers }) => showViewers(viewers));
  live.socket.on('flags:changed', showHostFlags);
  return live;
}

/**
 * The board is not drawn while a card is held (`DragWiring.holding`). A drop on another cell or the
 * list is placed by the same rules as "Move…" (swap.ts); the board is drawn again first, so the
 * card is shown where it really is while a swap is asked about or refused. A card let go without a drag is drawn again only if the board changed
 * meanwhile, and after the click that follows (its link or button must still be there to take it);
 * a press the browser took over is drawn again at once, which also frees the library's hold on it.
 */
function dragEvents(
  place: (sessionId: string, target: Cell | null) => void,
  say: (message: string) => void,
  painter: { draw(): void; catchUp(): void },
): DragEvents {
  return {
    released: (takenOver) => {
      if (takenOver) painter.draw();
      else afterClick(() => painter.catchUp());
    },
    dropped: (drop) => {
      painter.draw();
      if (drop) place(drop.sessionId, drop.target);
    },
    loaded: () => painter.draw(),
    failed: () => say(NO_DRAG),
  };
}

/** How long a press waits for its click before the board catches up anyway (a press the browser took over has none). */
const CLICK_WAIT_MS = 300;

/**
 * Runs `then` once the click that follows a press has been handled (a redraw before it would take
 * its link or button away: on a touch screen the click comes in a later task than the finger's
 * lifting), or after CLICK_WAIT_MS if none comes.
 */
function afterClick(then: () => void): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    document.removeEventListener('click', onClick, true);
    clearTimeout(timer);
    then();
  };
  const onClick = (): void => void setTimeout(run, 0);
  document.addEventListener('click', onClick, true);
  const timer = setTimeout(run, CLICK_WAIT_MS);
}

/** The facilitator's panel: its code is loaded the first time a join says this viewer is one. */
function panelLoader(page: BoardPage, live: LiveBoard, commands: BoardCommands, painter: Painter, say: (message: string) => void) {
  let loading = false;
  const current = () => ({ board: commands.board(), suggestions: whole(live.current()?.suggestions ?? []) });
  return (): void => {
    const { panel } = page;
    if (!panel || loading) return;
    loading = true;
    import('../facilitation.js')
      .then(({ startPanel }) => painter.showPanel(startPanel(panel, current, (action) => commands.act(action))))
      .catch(() => {
        loading = false;
        say(NO_PANEL);
      });
  };
}
