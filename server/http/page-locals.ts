import type { Request, Response } from 'express';
import { DomainError } from '../domain/errors';
import type { Board, Clock, Session } from '../domain/types';
import type { Services } from '../services';
import { isFacilitator, isOrganiser, presentedToken } from './auth';
import { invite } from './links';
import { noticeFor } from './notices';
import { fieldErrorsOf } from '../shared/validate';
import { sizeBoard } from '../domain/room-sizing';
import type { NoteEntry } from '../domain/notes';
import { clockText, groupByTime, phaseNote, wallTimeOf, type WallTime } from '../domain/now-next';
import { boardView, sessionView, timeZoneChoices, venueTime } from './view-models';
import { cardContext, cardModel } from '../../views/shared/card';
import { boardModel, wallModel } from '../../views/shared/board';
import { noteModel } from '../../views/shared/note';
import { panelModel } from '../../views/shared/panel';
import { hostFlagsModel } from '../../views/shared/host-flags';
import { frozenOf, schedulePanelModel } from '../../views/shared/schedule';

/** The schedule assistant's first paint: its controls need the page's script. */
const NO_PROPOSAL = { live: false, moveExisting: false, busy: false, proposal: null, draft: { kind: 'apart', a: '', b: '' } } as const;

/**
 * What the board page renders from: shared by the public and organiser routes. The pieces are the
 * live board's own (views/shared/), drawn as forms rather than buttons, with the marks and the
 * suggestions the live board gets when it joins: a board with scripts blocked shows what it shows.
 * `clock` places the phone board's Now / Next / Later for the first paint.
 */
export function boardLocals(services: Services, req: Request, res: Response, eventId: string, clock: Clock) {
  const board = services.events.board(eventId);
  const { browserId, csrfToken } = res.locals as { browserId: string; csrfToken: () => string };
  const organiser = isOrganiser(services, req, eventId);
  const facilitator = isFacilitator(services, req, eventId);
  const viewer = { organiser, facilitator, interested: new Set(services.sessions.interestsOf(eventId, browserId)) };
  const suggestions = services.suggestions.current(eventId);
  // Facilitators' boards mark what their list has; everyone else's only what the detector found (never people's flags).
  const marks = facilitator ? suggestions : services.suggestions.marks(eventId);
  const at = wallTimeOf(clock.now(), board.event.timeZone);
  // The organiser's cards show their hands counts, availability and always-pinned sessions, as the live board does.
  const plan = organiser
    ? {
        planning: new Map(services.schedule.planning(eventId).sessions.map((p) => [p.sessionId, p])),
        preview: null,
      }
    : undefined;
  // Who may move sessions is told where a card clashes (views/shared/card.ts), as on the live board.
  const clashes = facilitator ? services.suggestions.clashes(eventId) : [];
  const cards = cardContext({
    board,
    viewer,
    marks,
    mode: 'board',
    live: false,
    csrf: csrfToken(),
    clashes,
    frozenSlotIds: frozenOf(board, at),
    ...(plan ? { plan } : {}),
  });
  return {
    title: board.event.name,
    board,
    drawn: boardModel(cards, at),
    hostFlags: hostFlagsModel(eventId, services.flags.forHost(eventId, browserId)),
    panel: facilitator
      ? panelModel(board, suggestions, services.facilitation.history(eventId), false, {
          organiser,
          analysing: services.suggestions.analysing(eventId),
        })
      : null,
    schedule: organiser ? schedulePanelModel({ ...NO_PROPOSAL, board, rules: services.schedule.planning(eventId).rules }) : null,
    organiser,
    facilitator,
    invite: invite(req, board.event),
    notice: noticeFor(req.query.notice, req.query.n),
  };
}

/**
 * The wall display's first paint, by the server's clock read in the event's zone: the browser takes
 * over with its own clock (in the same zone) at once.
 */
export function wallLocals(services: Services, req: Request, eventId: string, clock: Clock) {
  const board = services.events.board(eventId);
  const at = wallTimeOf(clock.now(), board.event.timeZone);
  const nobody = { organiser: false, facilitator: false, interested: new Set<string>() };
  const cards = cardContext({ board, viewer: nobody, marks: services.suggestions.marks(eventId), mode: 'wall', live: false });
  return {
    title: `${board.event.name} · Wall`,
    board,
    invite: invite(req, board.event),
    wall: wallModel(cards, at),
    timeNote: phaseNote(groupByTime(board, at), board.event.date, at),
    clockText: clockText(at.minutes),
  };
}

export function sessionLocals(services: Services, req: Request, res: Response, eventId: string, sessionId: string, clock: Clock) {
  const board = services.events.board(eventId);
  const session = services.sessions.get(eventId, sessionId);
  const { browserId, csrfToken } = res.locals as { browserId: string; csrfToken: () => string };
  const organiser = isOrganiser(services, req, eventId);
  const facilitator = isFacilitator(services, req, eventId);
  const pitcher = services.sessions.isPitcher(eventId, session.id, browserId);
  return {
    title: session.title,
    board,
    session,
    ...sessionView(board, session),
    interested: services.sessions.hasInterest(session.id, browserId),
    sizing: sizeBoard(board).get(session.id) ?? null,
    clash: facilitator
      ? clashOnPage(services, board, session, { csrf: csrfToken(), organiser, at: wallTimeOf(clock.now(), board.event.timeZone) })
      : null,
    organiser,
    facilitator,
    pitcher,
    /** "Same conversation as…": the other sessions, most alike first by the detector's overlaps (never people's flags). */
    sameCandidates: services.flags.candidates(eventId, session.id, services.suggestions.marks(eventId), browserId),
    /** For its host: what people flagged about this session. */
    hostFlags: pitcher ? services.flags.forHost(eventId, browserId).filter((f) => f.sessionId === session.id) : [],
    /** Requests to co-host it, for its host and facilitators only. */
    cohostRequests: pitcher || facilitator ? services.pitches.requests(session.id) : [],
    /** This browser's own request to co-host it ("Join that one instead"), if any. */
    myRequest: services.pitches.myRequest(session.id, browserId),
    /** Came from the board's "Place…": the schedule form goes back to the board. */
    fromBoard: req.query.from === 'board' || (req.body as { from?: unknown } | undefined)?.from === 'board',
    notice: noticeFor(req.query.notice, req.query.n),
    values: session,
    fields: {},
    notes: services.notes.list(eventId, session.id),
    /** What was typed in the note form, kept when it is refused. */
    noteValues: {},
    /** A note as views/shared/note-entry.ejs draws it. */
    noteOf: (note: NoteEntry) => noteModel(note, { organiser, live: false, csrf: csrfToken(), timeZone: board.event.timeZone }),
  };
}

/**
 * What the session's card on the board says of a clash, for the session page of someone who may
 * move it: the same lines and "Move to the next free slot" (the card's own model, with the
 * organiser's pins and hands as their board has them), or null.
 */
function clashOnPage(services: Services, board: Board, session: Session, seen: { csrf: string; organiser: boolean; at: WallTime }) {
  const { csrf, organiser, at } = seen;
  const viewer = { organiser, facilitator: true, interested: new Set<string>() };
  const planning = organiser ? new Map(services.schedule.planning(board.event.id).sessions.map((p) => [p.sessionId, p])) : null;
  const ctx = cardContext({
    board,
    viewer,
    marks: [],
    mode: 'board',
    live: false,
    csrf,
    clashes: services.suggestions.clashes(board.event.id),
    frozenSlotIds: frozenOf(board, at),
    ...(planning ? { plan: { planning, preview: null } } : {}),
  });
  const card = cardModel(session, ctx);
  const lines = card.lines.filter((line) => line.kind === 'clash' || line.kind === 'clash-fix');
  return lines.length ? { lines, nextFree: card.controls?.nextFree ?? null, version: session.version, csrf } : null;
}

/** `query` is the page's address's query (a notice, an undo to offer): the request's own unless told. */
export function adminLocals(services: Services, req: Request, eventId: string, query: Record<string, unknown> = req.query) {
  const board = services.events.board(eventId);
  const activity = services.activity.latest(eventId);
  // A deletion just made offers its undo in the notice (the address names the entry, never text).
  const undoId = typeof query.undo === 'string' && /^\d{1,15}$/.test(query.undo) ? Number(query.undo) : null;
  const justDone = services.activity.find(eventId, undoId);
  return {
    title: `Organise ${board.event.name}`,
    board,
    ...boardView(board),
    hidden: services.sessions.hidden(eventId),
    hiddenNotes: services.notes.hidden(eventId),
    activity,
    /** The entry the notice offers to undo, while it can still be undone. */
    undoable: justDone?.undoable ? justDone : null,
    organiserLinks: services.events.organiserLinks(eventId),
    /** The link this browser is signed in with: it cannot revoke itself. */
    ownLinkId: services.events.organiserLink(eventId, presentedToken(req, eventId))?.id ?? null,
    timeZones: timeZoneChoices(),
    venueTime: (iso: string) => venueTime(iso, board.event.timeZone),
    invite: invite(req, board.event),
    notice: noticeFor(query.notice, query.n),
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
