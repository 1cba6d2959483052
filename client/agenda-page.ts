/**
 * "My agenda": the sessions this browser starred, in time order, live; changes to them are shown
 * as notices until dismissed. Links to the .ics of the same sessions.
 */
import type { Board } from '../server/domain/types';
import { agendaSessions } from './agenda';
import { keepAgenda } from './agenda-keeper';
import { followBoard, type Followed } from './live';
import { agendaModel } from '../views/shared/agenda';
import { drawNotices, onNoticeClick } from './agenda-keeper';
import { liveCards, nobody, paint } from './render';
import agendaHtml from '../views/shared/agenda-list.ejs';

const root = document.querySelector<HTMLElement>('[data-agenda-page]');
if (root) start(root);

function start(root: HTMLElement): void {
  const eventId = root.dataset.eventId ?? '';
  const list = root.querySelector<HTMLElement>('[data-agenda-list]');
  const notices = root.querySelector<HTMLElement>('[data-agenda-notices]');
  const status = root.querySelector<HTMLElement>('[data-live-status]');
  const exporter = root.querySelector<HTMLElement>('[data-agenda-export]');
  const ics = root.querySelector<HTMLAnchorElement>('[data-agenda-ics]');
  const say = (message: string) => {
    if (status) status.textContent = message;
  };
  let state: Followed | null = null;
  let drawing = false;

  const agenda = keepAgenda(eventId, {
    changed: (saved) => {
      if (!saved) say('Your browser would not keep your agenda (private browsing?).');
      if (!drawing) draw();
    },
    news: say,
  });

  const draw = () => {
    if (!state) return;
    const board: Board = state.board;
    drawing = true;
    agenda.sync(board);
    drawing = false;
    const sessions = agendaSessions(agenda.agenda(), board);
    const cards = liveCards({ board, viewer: nobody, marks: state.suggestions, starred: agenda.starred(), mode: 'agenda' });
    paint(list, agendaHtml({ agenda: agendaModel(cards, sessions) }));
    drawNotices(notices, eventId, agenda.agenda());
    if (exporter && ics) {
      exporter.hidden = sessions.length === 0;
      ics.href = `/e/${encodeURIComponent(eventId)}/agenda.ics?sessions=${sessions.map((s) => s.id).join(',')}`;
    }
  };

  followBoard(eventId, {
    onChange: (next) => {
      state = next;
      draw();
    },
    onStatus: say,
  });

  root.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('.agenda-notices')) return onNoticeClick(event, agenda);
    const sessionId = target.closest<HTMLElement>('.star-toggle')?.dataset.sessionId;
    const session = state?.board.sessions.find((s) => s.id === sessionId);
    if (!state || !session) return;
    agenda.toggle(session, state.board);
    say(agenda.starred().has(session.id) ? `Starred “${session.title}”.` : `Removed “${session.title}” from your agenda.`);
  });
}
