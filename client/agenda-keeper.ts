/**
 * Keeps this browser's agenda for one event in step with the board: stars, what was last seen,
 * and notices of changes. Starred sessions that left the board are looked up on the server to
 * follow a merge (`GET /api/events/:id/session-lookup`). Another tab's changes arrive through the
 * `storage` event.
 */
import type { Board, Session } from '../server/domain/types';
import {
  dismissAllNotices,
  dismissNotice,
  loadAgenda,
  missingFrom,
  reconcile,
  saveAgenda,
  toggleStar,
  type Agenda,
  type AgendaNotice,
} from './agenda';
import { noticesModel, noticesSummary } from '../views/shared/agenda';
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
  dismissAll(): void;
}

export interface AgendaEvents {
  /** After every change; `saved` is false when the browser would not store it. */
  changed(saved: boolean): void;
  /** New notices arrived: one line for the page's status line (the notices' own region is not live, so it is said once). */
  news(message: string): void;
}

/** The line that tells of new notices: the summary when there are several, else the notice itself. */
export const newsOf = (notices: readonly AgendaNotice[]): string =>
  notices.length > 1 ? noticesSummary(notices) : (notices[0]?.text ?? '');

export function keepAgenda(eventId: string, on: AgendaEvents): AgendaKeeper {
  let agenda = loadAgenda(storage(), eventId);
  let latest: Board | null = null;
  let lookingUp = false;

  const update = (next: Agenda, added: readonly AgendaNotice[] = []) => {
    const changed = JSON.stringify(next) !== JSON.stringify(agenda);
    agenda = next;
    if (changed) on.changed(saveAgenda(storage(), eventId, agenda));
    if (added.length) on.news(newsOf(agenda.notices));
  };
  const compare = (board: Board, found?: Readonly<Record<string, string | null>>) => {
    const { agenda: next, added } = reconcile(agenda, board, found);
    update(next, added);
  };

  const lookUp = async (ids: string[]) => {
    lookingUp = true;
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/session-lookup?ids=${ids.map(encodeURIComponent).join(',')}`);
      if (!res.ok) return;
      const { sessions } = (await res.json()) as { sessions: Record<string, string | null> };
      if (latest) compare(latest, sessions);
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
    on.changed(true);
  });

  return {
    agenda: () => agenda,
    starred: () => new Set(agenda.starred),
    sync(board) {
      latest = board;
      compare(board);
      const missing = missingFrom(agenda, board);
      if (missing.length && !lookingUp) void lookUp(missing);
    },
    toggle(session, board) {
      update(toggleStar(agenda, session, board));
    },
    dismiss(noticeId) {
      update(dismissNotice(agenda, noticeId));
    },
    dismissAll() {
      update(dismissAllNotices(agenda));
    },
  };
}

/** Changes to starred sessions, each with a button to dismiss it; hidden while there are none. A summary's list stays as the reader left it. */
export function drawNotices(container: HTMLElement | null, eventId: string, agenda: Agenda): void {
  if (!container) return;
  const open = container.querySelector<HTMLDetailsElement>('[data-notice-details]')?.open ?? false;
  container.hidden = agenda.notices.length === 0;
  paint(container, noticesHtml({ notices: noticesModel(eventId, agenda.notices, open) }));
}

/** The notices' buttons: dismiss one, or all of them. */
export function onNoticeClick(event: Event, agenda: AgendaKeeper): void {
  const target = event.target as HTMLElement;
  if (target.closest('.dismiss-all-notices')) return agenda.dismissAll();
  const id = target.closest<HTMLElement>('.dismiss-notice')?.dataset.noticeId;
  if (id) agenda.dismiss(id);
}
