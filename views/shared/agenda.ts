/**
 * "My agenda" (views/shared/agenda-list.ejs) and the notices of changes to starred sessions
 * (agenda-notices.ejs). Stars live in the browser, so only the browser draws these; they are
 * templates like every other piece so that the pages have one way to draw.
 */
import type { Session } from '../../server/domain/types';
import { cardModel, type CardContext, type CardModel } from './card';

export interface AgendaModel {
  entries: { when: string; card: CardModel }[];
}

export interface NoticesModel {
  notices: { id: string; text: string; href: string | null }[];
  /**
   * Two or more notices are one: "3 sessions you starred were scheduled: “A”, “B” and “C”.", with
   * the list folded under "See them" (open as the reader left it) and one button to dismiss them all,
   * so they never push "Now" off a phone's first screen. Null for one notice or none.
   */
  summary: { text: string; open: boolean } | null;
}

/** A notice as client/agenda.ts keeps it. */
export interface NoticeInput {
  id: string;
  sessionId: string | null;
  text: string;
  /** What happened: `renamed`, `scheduled`, `moved`, `unscheduled`, `merged`, `gone`, or `changed`. */
  kind: string;
  title: string;
}

/** How the summary says what happened to every session it counts, when it was the same for all. */
const HAPPENED: Record<string, string> = {
  renamed: 'were renamed',
  scheduled: 'were scheduled',
  moved: 'moved',
  unscheduled: 'were taken off the schedule',
  merged: 'were merged into other sessions',
  gone: 'are no longer on the board',
};

/** Titles the summary names before "and N more". */
const NAMED = 3;

function listed(titles: readonly string[]): string {
  const shown = titles.slice(0, NAMED).map((t) => `“${t}”`);
  const more = titles.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length === 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** "3 sessions you starred were scheduled: “A”, “B” and “C”." (sessions counted once, however many notices each has). */
export function noticesSummary(notices: readonly NoticeInput[]): string {
  const sessions = new Map<string, NoticeInput[]>();
  for (const notice of notices) {
    const key = notice.sessionId ?? notice.id;
    sessions.set(key, [...(sessions.get(key) ?? []), notice]);
  }
  const kinds = new Set(notices.map((n) => n.kind));
  const [kind] = kinds;
  const happened = kinds.size === 1 && kind && HAPPENED[kind] ? HAPPENED[kind] : 'changed';
  const count = sessions.size === 1 ? 'A session you starred' : `${sessions.size} sessions you starred`;
  const verb = sessions.size === 1 ? happened.replace(/^were /, 'was ').replace(/^are /, 'is ') : happened;
  const titles = [...sessions.values()].map((list) => list[list.length - 1]?.title ?? '');
  return titles.every(Boolean) ? `${count} ${verb}: ${listed(titles)}.` : `${count} ${verb}.`;
}

/** Starred sessions in time order (`sessions`), each with where and when; `ctx` is drawn in the agenda's mode. */
export function agendaModel(ctx: CardContext, sessions: readonly Session[]): AgendaModel {
  return {
    entries: sessions.map((session) => {
      const room = session.roomId ? ctx.rooms.get(session.roomId) : undefined;
      const slot = session.slotId ? ctx.slots.get(session.slotId) : undefined;
      return {
        when: room && slot ? `${slot.startsAt}–${slot.endsAt} · ${room.name}` : 'Not scheduled yet',
        card: cardModel(session, ctx, false),
      };
    }),
  };
}

/** `open`: whether the reader unfolded the summary's list (a redraw keeps it). */
export function noticesModel(eventId: string, notices: readonly NoticeInput[], open = false): NoticesModel {
  return {
    notices: notices.map(({ id, sessionId, text }) => ({ id, text, href: sessionId ? `/e/${eventId}/s/${sessionId}` : null })),
    summary: notices.length > 1 ? { text: noticesSummary(notices), open } : null,
  };
}
