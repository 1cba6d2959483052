import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { HttpLimiters } from './rate-limits';
import { DomainError } from '../domain/errors';
import type { Clock } from '../domain/types';
import type { Services } from '../services';
import {
  EventInput,
  LinesInput,
  OrganiserLinkInput,
  PlacementInput,
  SessionEdit,
  ReorderInput,
  RoomInput,
  SlotInput,
  SwapForm,
  UndoInput,
  UnscheduleInput,
  id,
  noteId,
} from '../protocol/schemas';
import {
  isOrganiser,
  presentedToken,
  rememberFacilitator,
  rememberOrganiser,
  requireFacilitator,
  requireOrganiser,
  requirePitcherOrOrganiser,
} from './auth';
import { links, siteBase } from './links';
import { noticeUrl } from './notices';
import { adminLocals, boardLocals, rerender, sessionLocals } from './page-locals';
import { parse } from '../shared/validate';
import { slotName, slotWithTimes } from '../../views/shared/board';

const param = (req: Request, name: string): string => parse(id, req.params[name]);

/** A cell is posted as "roomId:slotId" from one <select>. */
function parseCell(body: unknown): PlacementInput {
  const { cell, expectedVersion } = (body ?? {}) as { cell?: unknown; expectedVersion?: unknown };
  if (typeof cell !== 'string' || !cell.includes(':')) throw new DomainError('invalid_payload', 'Choose a room and time slot.');
  const [roomId, slotId] = cell.split(':');
  return parse(PlacementInput, { roomId, slotId, expectedVersion });
}

/** Organiser pages and forms under /e/:eventId. Every route but the key exchange needs the organiser. */
export function adminRoutes(services: Services, clock: Clock, limit: HttpLimiters): Router {
  const router = Router({ mergeParams: true });
  const organiser = requireOrganiser(services);
  const facilitator = requireFacilitator(services);
  const pitcher = requirePitcherOrOrganiser(services);
  const eventIdOf = (req: Request) => param(req, 'eventId');

  /** The private link carries ?key=…; it is swapped for a cookie at once, so the key leaves the address bar. */
  router.get('/admin', (req, res, next) => {
    const eventId = eventIdOf(req);
    const key = req.query.key;
    if (typeof key !== 'string') return next();
    if (!services.events.isOrganiser(eventId, key)) {
      throw new DomainError('forbidden', 'That organiser link is not valid for this event. Check you copied all of it.');
    }
    rememberOrganiser(req, res, eventId, key);
    res.redirect(303, noticeUrl(`/e/${eventId}/admin`, 'organiser-ok'));
  });

  router.get('/admin', organiser, (req, res) => res.render('admin', adminLocals(services, req, eventIdOf(req))));

  /** A new facilitator link, shown once; making one revokes the previous link. */
  router.post('/admin/facilitator-link', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    const token = services.facilitation.newFacilitatorToken(eventId);
    res.render('facilitator-link', {
      title: 'Facilitator link',
      event: services.events.get(eventId),
      link: `${siteBase(req)}/e/${eventId}/facilitate?key=${encodeURIComponent(token)}`,
    });
  });

  /**
   * A new token for the link this browser uses, shown once: its old token stops working, and this
   * browser keeps the new one. Other organisers' links are untouched.
   */
  router.post('/admin/organiser-link', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    const token = services.events.newAdminToken(eventId, presentedToken(req, eventId));
    rememberOrganiser(req, res, eventId, token);
    res.render('organiser-link', {
      title: 'Organiser link',
      event: services.events.get(eventId),
      link: links(req, eventId, token).admin,
      name: null,
    });
  });

  /** A named link for a co-organiser, shown once (only its hash is kept); this browser stays on its own link. */
  router.post('/admin/organiser-links', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    try {
      const { name } = parse(OrganiserLinkInput, req.body);
      const { link, token } = services.events.addOrganiserLink(eventId, name);
      res.status(201).render('organiser-link', {
        title: `Organiser link for ${link.name}`,
        event: services.events.get(eventId),
        link: links(req, eventId, token).admin,
        name: link.name,
      });
    } catch (error) {
      rerender(res, error, 'admin', { ...adminLocals(services, req, eventId), values: req.body ?? {} });
    }
  });

  /** The facilitator's private link: like the organiser's, swapped for a cookie at once. */
  router.get('/facilitate', (req, res) => {
    const eventId = eventIdOf(req);
    const key = req.query.key;
    if (typeof key !== 'string' || !services.facilitation.isFacilitator(eventId, key)) {
      services.events.get(eventId);
      throw new DomainError(
        'forbidden',
        'That facilitator link is not valid (it may have been replaced by a newer one). Ask the organiser for the current link.',
      );
    }
    rememberFacilitator(req, res, eventId, key);
    res.redirect(303, noticeUrl(`/e/${eventId}`, 'facilitator-ok'));
  });

  /**
   * Runs an organiser form and goes back to the admin page; on a refusal the admin page is shown
   * again with the message. The page's script sends forms in the background (`X-In-Place`): it gets
   * the page the redirect leads to at once, since a fetch that follows a redirect is upgraded to
   * https by the Content-Security-Policy's upgrade-insecure-requests even on a plain-http instance.
   */
  const adminForm = (handle: (req: Request, eventId: string) => string) => [
    organiser,
    (req: Request, res: Response) => {
      const eventId = eventIdOf(req);
      try {
        const target = handle(req, eventId);
        if (req.get('x-in-place') !== '1') return res.redirect(303, target);
        const query = Object.fromEntries(new URL(target, 'http://unsilo.invalid').searchParams);
        res.render('admin', adminLocals(services, req, eventId, query));
      } catch (error) {
        rerender(res, error, 'admin', { ...adminLocals(services, req, eventId), values: req.body ?? {} });
      }
    },
  ];
  const back = (eventId: string, code: string, n?: number) => noticeUrl(`/e/${eventId}/admin`, code, n);

  router.post(
    '/admin/event',
    ...adminForm((req, eventId) => {
      // An unticked checkbox sends nothing: the form means "not listed".
      services.events.update(eventId, parse(EventInput, { listed: '', ...(req.body as object) }));
      return back(eventId, 'event-saved');
    }),
  );
  router.post(
    '/admin/organiser-links/:linkId/revoke',
    ...adminForm((req, eventId) => {
      services.events.revokeOrganiserLink(eventId, param(req, 'linkId'), presentedToken(req, eventId));
      return back(eventId, 'link-revoked');
    }),
  );
  router.post(
    '/admin/rooms/bulk',
    ...adminForm((req, eventId) => {
      const { value } = services.grid.addRooms(eventId, parse(LinesInput, req.body).lines);
      return `${back(eventId, 'rooms-added', value.length)}#rooms`;
    }),
  );
  router.post(
    '/admin/slots/bulk',
    ...adminForm((req, eventId) => {
      const { value } = services.grid.addSlots(eventId, parse(LinesInput, req.body).lines);
      return `${back(eventId, 'slots-added', value.length)}#slots`;
    }),
  );
  /** Puts a deleted room or slot back with its sessions (from the notice after deleting, or the history). */
  router.post(
    '/admin/activity/:entryId/undo',
    ...adminForm((req, eventId) => {
      const { value } = services.grid.undoDeletion(eventId, parse(UndoInput, { entryId: req.params.entryId }).entryId);
      return back(eventId, 'deletion-undone', value.placed);
    }),
  );

  /** Deleting asks first (without scripts, on this page; the organiser page's script asks in a dialog). */
  router.get('/admin/rooms/:roomId/delete', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    const board = services.events.board(eventId);
    const room = board.rooms.find((r) => r.id === param(req, 'roomId'));
    if (!room) throw new DomainError('not_found', 'That room was not found.');
    const held = board.sessions.filter((s) => s.roomId === room.id);
    res.render('confirm-delete', {
      title: `Delete ${room.name}?`,
      event: board.event,
      what: `the room “${room.name}”`,
      held,
      action: `/e/${eventId}/admin/rooms/${room.id}/delete`,
    });
  });
  router.get('/admin/slots/:slotId/delete', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    const board = services.events.board(eventId);
    const slot = board.slots.find((s) => s.id === param(req, 'slotId'));
    if (!slot) throw new DomainError('not_found', 'That time slot was not found.');
    const held = board.sessions.filter((s) => s.slotId === slot.id);
    res.render('confirm-delete', {
      title: `Delete ${slotName(slot)}?`,
      event: board.event,
      what: `the time slot ${slotWithTimes(slot)}`,
      held,
      action: `/e/${eventId}/admin/slots/${slot.id}/delete`,
    });
  });
  router.post(
    '/admin/rooms',
    ...adminForm((req, eventId) => {
      services.grid.addRoom(eventId, parse(RoomInput, req.body));
      return `${back(eventId, 'room-added')}#rooms`;
    }),
  );
  router.post(
    '/admin/rooms/:roomId',
    ...adminForm((req, eventId) => {
      services.grid.updateRoom(eventId, param(req, 'roomId'), parse(RoomInput, req.body));
      return back(eventId, 'room-saved');
    }),
  );
  router.post(
    '/admin/rooms/:roomId/move',
    ...adminForm((req, eventId) => {
      services.grid.moveRoom(eventId, param(req, 'roomId'), parse(ReorderInput, req.body).position);
      return back(eventId, 'room-moved');
    }),
  );
  router.post(
    '/admin/rooms/:roomId/delete',
    ...adminForm((req, eventId) => {
      const { value } = services.grid.deleteRoom(eventId, param(req, 'roomId'));
      return `${back(eventId, 'room-deleted', value.unscheduled.length)}&undo=${value.undoId}`;
    }),
  );
  router.post(
    '/admin/slots',
    ...adminForm((req, eventId) => {
      services.grid.addSlot(eventId, parse(SlotInput, req.body));
      return `${back(eventId, 'slot-added')}#slots`;
    }),
  );
  router.post(
    '/admin/slots/:slotId',
    ...adminForm((req, eventId) => {
      services.grid.updateSlot(eventId, param(req, 'slotId'), parse(SlotInput, req.body));
      return back(eventId, 'slot-saved');
    }),
  );
  router.post(
    '/admin/slots/:slotId/move',
    ...adminForm((req, eventId) => {
      services.grid.moveSlot(eventId, param(req, 'slotId'), parse(ReorderInput, req.body).position);
      return back(eventId, 'slot-moved');
    }),
  );
  router.post(
    '/admin/slots/:slotId/delete',
    ...adminForm((req, eventId) => {
      const { value } = services.grid.deleteSlot(eventId, param(req, 'slotId'));
      return `${back(eventId, 'slot-deleted', value.unscheduled.length)}&undo=${value.undoId}`;
    }),
  );

  /** A withdrawn or hidden pitch back on the board, unscheduled. */
  router.post(
    '/admin/sessions/:sessionId/restore',
    ...adminForm((req, eventId) => {
      services.sessions.restore(eventId, param(req, 'sessionId'));
      return back(eventId, 'session-restored');
    }),
  );

  /** A hidden note back on its session's page. */
  router.post(
    '/admin/notes/:noteId/restore',
    ...adminForm((req, eventId) => {
      services.notes.restore(eventId, parse(noteId, req.params.noteId));
      return back(eventId, 'note-restored');
    }),
  );

  router.get('/export.json', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    res
      .attachment(`unsilo-${eventId}.json`)
      .type('application/json')
      .send(`${JSON.stringify(services.transfer.export(eventId), null, 2)}\n`);
  });

  /** Session forms come from the session page or the board; a refusal re-renders the page it came from. */
  const sessionForm = (guard: RequestHandler, handle: (req: Request, eventId: string, sessionId: string) => string) => [
    guard,
    (req: Request, res: Response) => {
      const eventId = eventIdOf(req);
      const sessionId = param(req, 'sessionId');
      try {
        res.redirect(303, handle(req, eventId, sessionId));
      } catch (error) {
        const fromBoard = (req.body as { from?: unknown } | undefined)?.from === 'board';
        if (fromBoard) rerender(res, error, 'board', boardLocals(services, req, res, eventId, clock));
        else {
          // The page holds the edit form too: keep what was typed there, and the session's own text otherwise.
          const locals = sessionLocals(services, req, res, eventId, sessionId, clock);
          rerender(res, error, 'session', { ...locals, values: { ...locals.values, ...(req.body ?? {}) } });
        }
      }
    },
  ];
  const returnTo = (req: Request, eventId: string, sessionId: string, code: string) =>
    noticeUrl((req.body as { from?: unknown } | undefined)?.from === 'board' ? `/e/${eventId}` : `/e/${eventId}/s/${sessionId}`, code);

  router.post(
    '/s/:sessionId/edit',
    limit.edits,
    ...sessionForm(pitcher, (req, eventId, sessionId) => {
      services.sessions.edit(eventId, sessionId, parse(SessionEdit, req.body));
      return returnTo(req, eventId, sessionId, 'session-saved');
    }),
  );
  router.post(
    '/s/:sessionId/place',
    ...sessionForm(facilitator, (req, eventId, sessionId) => {
      services.sessions.place(eventId, sessionId, parseCell(req.body));
      return returnTo(req, eventId, sessionId, 'placed');
    }),
  );
  router.post(
    '/s/:sessionId/unschedule',
    ...sessionForm(facilitator, (req, eventId, sessionId) => {
      services.sessions.unschedule(eventId, sessionId, parse(UnscheduleInput, req.body));
      return returnTo(req, eventId, sessionId, 'unscheduled');
    }),
  );

  /** Room sizing's one-click fix, from a card on the board: trade cells with a session in a larger room. */
  router.post(
    '/s/:sessionId/swap',
    ...sessionForm(facilitator, (req, eventId, sessionId) => {
      services.sessions.swap(eventId, sessionId, parse(SwapForm, req.body));
      return returnTo(req, eventId, sessionId, 'swapped');
    }),
  );

  /** An organiser hides a note from a session's page; it is kept and recorded. */
  router.post('/notes/:noteId/hide', organiser, (req, res) => {
    const eventId = eventIdOf(req);
    const { value } = services.notes.hide(eventId, parse(noteId, req.params.noteId));
    res.redirect(303, `${noticeUrl(`/e/${eventId}/s/${value.sessionId}`, 'note-hidden')}#session-notes`);
  });

  /** The pitcher withdraws their own pitch; the organiser hides one (an abusive pitch). Both keep the row. */
  router.post('/s/:sessionId/withdraw', limit.edits, pitcher, (req, res) => {
    const eventId = eventIdOf(req);
    const byOrganiser = isOrganiser(services, req, eventId);
    services.sessions.hide(eventId, param(req, 'sessionId'), byOrganiser ? 'hidden' : 'withdrawn');
    res.redirect(303, noticeUrl(`/e/${eventId}`, byOrganiser ? 'session-hidden' : 'session-withdrawn'));
  });

  return router;
}
