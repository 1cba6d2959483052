import type { Request, Response } from 'express';
import { DomainError } from '../domain/errors';
import type { Clock } from '../domain/types';
import type { Services } from '../services';
import { isFacilitator, isOrganiser } from './auth';
import { noticeFor } from './notices';
import { fieldErrorsOf } from './validate';
import { sizeBoard } from '../domain/room-sizing';
import { linkify, NOTE_LINK_REL } from '../domain/notes';
import { boardView, sessionView, timeView } from './view-models';
import { cardContext, cardModel } from '../../views/shared/card';
import type { Session } from '../domain/types';

/**
 * What the board page renders from: shared by the public and organiser routes. `clock` places the
 * phone board's Now / Next / Later for the first paint.
 */
export function boardLocals(services: Services, req: Request, res: Response, eventId: string, clock: Clock) {
  const board = services.events.board(eventId);
  const { browserId, csrfToken } = res.locals as { browserId: string; csrfToken: () => string };
  const interested = services.sessions.interestsOf(eventId, browserId);
  const organiser = isOrganiser(services, req, eventId);
  const facilitator = isFacilitator(services, req, eventId);
  const view = boardView(board);
  // The marks the live board gets when it joins: a board with scripts blocked shows them too.
  const marks = services.suggestions.current(eventId);
  const viewer = { organiser, facilitator, interested: new Set(interested) };
  const cards = cardContext({ board, viewer, marks, mode: 'board', live: false, csrf: csrfToken(), freeCells: view.freeCells });
  return {
    interested,
    title: board.event.name,
    board,
    ...view,
    /** The card of a session (views/shared/session-card.ejs); `anchor: false` for the Now / Next copy. */
    cardOf: (session: Session, anchor?: boolean) => cardModel(session, cards, anchor),
    ...timeView(board, clock),
    organiser,
    facilitator,
    notice: noticeFor(req.query.notice, req.query.n),
  };
}

export function sessionLocals(services: Services, req: Request, res: Response, eventId: string, sessionId: string) {
  const board = services.events.board(eventId);
  const session = services.sessions.get(eventId, sessionId);
  const { browserId } = res.locals as { browserId: string };
  return {
    title: session.title,
    board,
    session,
    ...sessionView(board, session),
    interested: services.sessions.hasInterest(session.id, browserId),
    sizing: sizeBoard(board).get(session.id) ?? null,
    organiser: isOrganiser(services, req, eventId),
    facilitator: isFacilitator(services, req, eventId),
    pitcher: services.sessions.isPitcher(eventId, session.id, browserId),
    notice: noticeFor(req.query.notice, req.query.n),
    values: session,
    fields: {},
    notes: services.notes.list(eventId, session.id),
    /** What was typed in the note form, kept when it is refused. */
    noteValues: {},
    linkify,
    noteLinkRel: NOTE_LINK_REL,
  };
}

export function adminLocals(services: Services, req: Request, eventId: string) {
  const board = services.events.board(eventId);
  return {
    title: `Organise ${board.event.name}`,
    board,
    ...boardView(board),
    hidden: services.sessions.hidden(eventId),
    hiddenNotes: services.notes.hidden(eventId),
    moderation: services.sessions.moderation(eventId),
    notice: noticeFor(req.query.notice, req.query.n),
    values: {},
  };
}

/**
 * Renders a form's page again with the problem and what the user typed, so nothing typed is lost.
 * Only expected refusals are shown this way; anything else goes on to the error handler.
 */
export function rerender(res: Response, error: unknown, view: string, locals: Record<string, unknown>): void {
  if (!(error instanceof DomainError) || !['invalid_payload', 'conflict', 'stale', 'not_found'].includes(error.code)) throw error;
  const status = { invalid_payload: 400, not_found: 404 }[error.code as string] ?? 409;
  res.status(status).render(view, { ...locals, error: error.message, fields: fieldErrorsOf(error) });
}
