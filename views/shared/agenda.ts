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

export function noticesModel(eventId: string, notices: readonly { id: string; sessionId: string | null; text: string }[]): NoticesModel {
  return {
    notices: notices.map(({ id, sessionId, text }) => ({ id, text, href: sessionId ? `/e/${eventId}/s/${sessionId}` : null })),
  };
}
