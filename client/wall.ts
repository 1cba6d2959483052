/**
 * The wall display (a projector): now and next per room, kept current all day without a reload.
 * The board arrives live through live.ts; the clock moves sessions from Next to Now; rooms that do
 * not fit the screen go on pages that turn by themselves (wall-pages.ts). Two timers and one socket
 * for the page's life, and every draw replaces the table, so nothing grows over a day.
 */
import { clockText, groupByTime, phaseNote, wallTimeOf } from '../server/domain/now-next';
import { wallModel } from '../views/shared/board';
import { followBoard, type Followed } from './live';
import { liveCards, nobody, paint } from './render';
import { PAGE_MS, wallPager } from './wall-pages';
import wallHtml from '../views/shared/wall-rooms.ejs';

/** How often the clock is checked; the display only redraws when the minute changes. */
const TICK_MS = 5_000;

const root = document.querySelector<HTMLElement>('[data-wall]');
if (root) start(root);

function start(root: HTMLElement): void {
  const rooms = root.querySelector<HTMLElement>('[data-wall-rooms]');
  const clock = root.querySelector<HTMLElement>('[data-wall-clock]');
  const note = root.querySelector<HTMLElement>('[data-wall-note]');
  const status = root.querySelector<HTMLElement>('[data-wall-status]');
  const pager = rooms ? wallPager(rooms, root.querySelector<HTMLElement>('[data-wall-pages]')) : null;
  let state: Followed | null = null;
  let shownMinute = '';

  // The venue's clock: the event's zone, not this browser's (a projector may be set to any zone).
  const zone = () => state?.board.event.timeZone ?? root.dataset.timeZone;
  const draw = () => {
    const at = wallTimeOf(new Date(), zone());
    shownMinute = `${at.date} ${at.minutes}`;
    if (clock) clock.textContent = clockText(at.minutes);
    if (!state) return;
    const { board, suggestions } = state;
    const line = phaseNote(groupByTime(board, at), board.event.date, at);
    if (note) {
      note.hidden = !line;
      note.textContent = line ?? '';
    }
    const cards = liveCards({ board, viewer: nobody, marks: suggestions, mode: 'wall' });
    paint(rooms, wallHtml({ wall: wallModel(cards, at) }));
    pager?.layout();
  };

  followBoard(root.dataset.eventId ?? '', {
    onChange: (next) => {
      state = next;
      draw();
      // Drawn from the live board from now on (until then, the server's first paint is shown).
      root.dataset.live = '';
    },
    onStatus: (message) => {
      if (status) status.textContent = message;
    },
  });
  setInterval(() => {
    const at = wallTimeOf(new Date(), zone());
    if (`${at.date} ${at.minutes}` !== shownMinute) draw();
  }, TICK_MS);
  root.classList.add('paged');
  // The first paint's rooms are paged at once; a new screen size (a projector plugged in) pages again.
  pager?.layout();
  window.addEventListener('resize', () => pager?.layout());
  setInterval(() => pager?.turn(), PAGE_MS);
}
