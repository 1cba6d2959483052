/**
 * Keeps this browser's agenda for one event in step with the board: stars, what was last seen,
 * and notices of changes. Starred sessions that left the board are looked up on the server to
 * follow a merge (`GET /api/events/:id/session-lookup`). Another tab's changes arrive through the
 * `storage` event.
 */
import type { Board, Session } from '../server/domain/types';
import { dismissNotice, loadAgenda, missingFrom, reconcile, saveAgenda, toggleStar, type Agenda } from './agenda';
import { noticesModel } from '../views/shared/agenda';
import { paint } from './render';
import noticesHtml from '../views/shared/agenda-notices.ejs';

const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

export interface AgendaKeeper {
  agenda(): Agenda;
  starred(): ReadonlySet<string>;
  /** Compare with the board as it now is (after every change). */
  sync(board: Board): void;
  toggle(session: Session, board: Board): void;
  dismiss(noticeId: string): void;
}

/** `onChange(saved)` after every change; `saved` is false when the browser would not store it. */
export function keepAgenda(eventId: string, onChange: (saved: boolean) => void): AgendaKeeper {
  let agenda = loadAgenda(storage(), eventId);
  let latest: Board | null = null;
  let lookingUp = false;

  const update = (next: Agenda) => {
    const changed = JSON.stringify(next) !== JSON.stringify(agenda);
    agenda = next;
    if (changed) onChange(saveAgenda(storage(), eventId, agenda));
  };

  const lookUp = async (ids: string[]) => {
    lookingUp = true;
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/session-lookup?ids=${ids.map(encodeURIComponent).join(',')}`);
      if (!res.ok) return;
      const { sessions } = (await res.json()) as { sessions: Record<string, string | null> };
      if (latest) update(reconcile(agenda, latest, sessions).agenda);
    } catch {
      // Offline: the stars stay as they were, and the next change or visit asks again.
    } finally {
      lookingUp = false;
    }
    // Stars that went missing while this lookup was out are asked about next.
    const asked = new Set(ids);
    const newer = latest ? missingFrom(agenda, latest).filter((id) => !asked.has(id)) : [];
    if (newer.length) await lookUp(newer);
  };

  window.addEventListener('storage', (event) => {
    if (event.key !== `unsilo:agenda:${eventId}`) return;
    agenda = loadAgenda(storage(), eventId);
    onChange(true);
  });

  return {
    agenda: () => agenda,
    starred: () => new Set(agenda.starred),
    sync(board) {
      latest = board;
      update(reconcile(agenda, board).agenda);
      const missing = missingFrom(agenda, board);
      if (missing.length && !lookingUp) void lookUp(missing);
    },
    toggle(session, board) {
      update(toggleStar(agenda, session, board));
    },
    dismiss(noticeId) {
      update(dismissNotice(agenda, noticeId));
    },
  };
}

/** Changes to starred sessions, each with a button to dismiss it; hidden while there are none. */
export function drawNotices(container: HTMLElement | null, eventId: string, agenda: Agenda): void {
  if (!container) return;
  container.hidden = agenda.notices.length === 0;
  paint(container, noticesHtml({ notices: noticesModel(eventId, agenda.notices) }));
}
