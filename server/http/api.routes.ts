import { Router, type Request } from 'express';
import type { HttpLimiters } from './rate-limits';
import type { Services } from '../services';
import {
  EventExport,
  EventInput,
  EventPatch,
  LinesInput,
  NoteInput,
  OrganiserLinkInput,
  PitchInput,
  PitchPatch,
  PlacementInput,
  SessionLookupQuery,
  SimilarQuery,
  ReorderInput,
  RoomInput,
  RoomPatch,
  SlotInput,
  SlotPatch,
  SwapRequest,
  UndoInput,
  UnscheduleInput,
  id,
  noteId,
} from '../protocol/schemas';
import { isOrganiser, presentedToken, requireFacilitator, requireOrganiser, requirePitcherOrOrganiser } from './auth';
import { links } from './links';
import { parse } from '../shared/validate';

const param = (req: Request, name: string): string => parse(id, req.params[name]);

/** The JSON API: the same services as the pages, documented in docs/api.md. */
export function apiRoutes(services: Services, limit: HttpLimiters): Router {
  const router = Router();
  const organiser = requireOrganiser(services);
  const facilitator = requireFacilitator(services);
  const pitcher = requirePitcherOrOrganiser(services);
  const browserOf = (res: { locals: Record<string, unknown> }) => res.locals.browserId as string;

  router.post('/events', limit.addressEvents, (req, res) => {
    const { event, adminToken } = services.events.create(parse(EventInput, req.body));
    res.status(201).json({ event, adminToken, links: links(req, event.id, adminToken) });
  });

  router.post('/events/import', limit.addressEvents, (req, res) => {
    const imported = services.transfer.import(parse(EventExport, req.body));
    res.status(201).json({ ...imported, links: links(req, imported.event.id, imported.adminToken) });
  });

  router.get('/events/:eventId/board', (req, res) => {
    res.json(services.events.board(param(req, 'eventId')));
  });

  router.patch('/events/:eventId', organiser, (req, res) => {
    res.json(services.events.update(param(req, 'eventId'), parse(EventPatch, req.body)));
  });

  router.get('/events/:eventId/export', organiser, (req, res) => {
    const eventId = param(req, 'eventId');
    res.attachment(`unsilo-${eventId}.json`).json(services.transfer.export(eventId));
  });

  router.post('/events/:eventId/rooms', organiser, (req, res) => {
    res.status(201).json(services.grid.addRoom(param(req, 'eventId'), parse(RoomInput, req.body)));
  });
  router.patch('/events/:eventId/rooms/:roomId', organiser, (req, res) => {
    res.json(services.grid.updateRoom(param(req, 'eventId'), param(req, 'roomId'), parse(RoomPatch, req.body)));
  });
  router.put('/events/:eventId/rooms/:roomId/position', organiser, (req, res) => {
    const { position } = parse(ReorderInput, req.body);
    res.json(services.grid.moveRoom(param(req, 'eventId'), param(req, 'roomId'), position));
  });
  router.delete('/events/:eventId/rooms/:roomId', organiser, (req, res) => {
    res.json(services.grid.deleteRoom(param(req, 'eventId'), param(req, 'roomId')));
  });

  /** Several rooms at once, one a line ("Main Hall, 80"): all or none. */
  router.post('/events/:eventId/rooms/list', organiser, (req, res) => {
    res.status(201).json(services.grid.addRooms(param(req, 'eventId'), parse(LinesInput, req.body).lines));
  });
  router.post('/events/:eventId/slots/list', organiser, (req, res) => {
    res.status(201).json(services.grid.addSlots(param(req, 'eventId'), parse(LinesInput, req.body).lines));
  });

  router.post('/events/:eventId/slots', organiser, (req, res) => {
    res.status(201).json(services.grid.addSlot(param(req, 'eventId'), parse(SlotInput, req.body)));
  });
  router.patch('/events/:eventId/slots/:slotId', organiser, (req, res) => {
    res.json(services.grid.updateSlot(param(req, 'eventId'), param(req, 'slotId'), parse(SlotPatch, req.body)));
  });
  router.put('/events/:eventId/slots/:slotId/position', organiser, (req, res) => {
    const { position } = parse(ReorderInput, req.body);
    res.json(services.grid.moveSlot(param(req, 'eventId'), param(req, 'slotId'), position));
  });
  router.delete('/events/:eventId/slots/:slotId', organiser, (req, res) => {
    res.json(services.grid.deleteSlot(param(req, 'eventId'), param(req, 'slotId')));
  });

  router.post('/events/:eventId/sessions', limit.addressPitches, limit.pitches, (req, res) => {
    res.status(201).json(services.sessions.pitch(param(req, 'eventId'), parse(PitchInput, req.body), undefined, browserOf(res)));
  });
  router.get('/events/:eventId/session-lookup', (req, res) => {
    const { ids } = parse(SessionLookupQuery, req.query);
    res.json({ sessions: services.sessions.lookup(param(req, 'eventId'), ids) });
  });
  /** The pitch form, as someone types: sessions already pitched that look like it (at most 3). */
  router.get('/events/:eventId/similar', limit.similar, async (req, res) => {
    const { title, notes } = parse(SimilarQuery, req.query);
    res.json({ similar: await services.similar.similar(param(req, 'eventId'), title, notes) });
  });
  router.get('/events/:eventId/sessions/:sessionId', (req, res) => {
    res.json(services.sessions.get(param(req, 'eventId'), param(req, 'sessionId')));
  });
  router.patch('/events/:eventId/sessions/:sessionId', limit.edits, pitcher, (req, res) => {
    res.json(services.sessions.edit(param(req, 'eventId'), param(req, 'sessionId'), parse(PitchPatch, req.body)));
  });
  /** Withdrawn by its pitcher, or hidden by the organiser: the session leaves the board but is kept. */
  router.delete('/events/:eventId/sessions/:sessionId', limit.edits, pitcher, (req, res) => {
    const eventId = param(req, 'eventId');
    res.json(services.sessions.hide(eventId, param(req, 'sessionId'), isOrganiser(services, req, eventId) ? 'hidden' : 'withdrawn'));
  });
  router.post('/events/:eventId/sessions/:sessionId/restore', organiser, (req, res) => {
    res.json(services.sessions.restore(param(req, 'eventId'), param(req, 'sessionId')));
  });
  router.get('/events/:eventId/hidden', organiser, (req, res) => {
    const eventId = param(req, 'eventId');
    res.json({
      sessions: services.sessions.hidden(eventId),
      notes: services.notes.hidden(eventId),
      moderation: services.sessions.moderation(eventId),
    });
  });
  /** A new token for the organiser link the request uses; its old token stops working at once. */
  router.post('/events/:eventId/organiser-link', organiser, (req, res) => {
    const eventId = param(req, 'eventId');
    const adminToken = services.events.newAdminToken(eventId, presentedToken(req, eventId));
    res.json({ adminToken, links: links(req, eventId, adminToken) });
  });
  router.get('/events/:eventId/organiser-links', organiser, (req, res) => {
    res.json({ links: services.events.organiserLinks(param(req, 'eventId')) });
  });
  /** A named co-organiser link; its token is in this answer only. */
  router.post('/events/:eventId/organiser-links', organiser, (req, res) => {
    const eventId = param(req, 'eventId');
    const { link, token } = services.events.addOrganiserLink(eventId, parse(OrganiserLinkInput, req.body).name);
    res.status(201).json({ link, adminToken: token, links: links(req, eventId, token) });
  });
  router.delete('/events/:eventId/organiser-links/:linkId', organiser, (req, res) => {
    const eventId = param(req, 'eventId');
    res.json({ link: services.events.revokeOrganiserLink(eventId, param(req, 'linkId'), presentedToken(req, eventId)) });
  });
  /** Who did what, by which link, newest first. */
  router.get('/events/:eventId/activity', organiser, (req, res) => {
    res.json({ activity: services.activity.latest(param(req, 'eventId')) });
  });
  /** Puts a deleted room or slot back, with its sessions where they were. */
  router.post('/events/:eventId/activity/:entryId/undo', organiser, (req, res) => {
    const { entryId } = parse(UndoInput, { entryId: req.params.entryId });
    res.json(services.grid.undoDeletion(param(req, 'eventId'), entryId));
  });
  router.put('/events/:eventId/sessions/:sessionId/placement', facilitator, (req, res) => {
    const input = parse(PlacementInput, req.body);
    res.json(services.sessions.place(param(req, 'eventId'), param(req, 'sessionId'), input));
  });
  router.delete('/events/:eventId/sessions/:sessionId/placement', facilitator, (req, res) => {
    const input = parse(UnscheduleInput, req.body);
    res.json(services.sessions.unschedule(param(req, 'eventId'), param(req, 'sessionId'), input));
  });
  /** Room sizing: two placed sessions trade cells at once; both versions must be current. */
  router.post('/events/:eventId/sessions/:sessionId/swap', facilitator, (req, res) => {
    const { commandId, ...swap } = parse(SwapRequest, req.body);
    res.json(services.sessions.swap(param(req, 'eventId'), param(req, 'sessionId'), swap, commandId));
  });
  router.get('/events/:eventId/sessions/:sessionId/notes', (req, res) => {
    res.json({ notes: services.notes.list(param(req, 'eventId'), param(req, 'sessionId')) });
  });
  router.post('/events/:eventId/sessions/:sessionId/notes', limit.notes, (req, res) => {
    res.status(201).json(services.notes.add(param(req, 'eventId'), param(req, 'sessionId'), parse(NoteInput, req.body)));
  });
  /** Hidden, not deleted: the note stays stored and the step is in the moderation history. */
  router.delete('/events/:eventId/notes/:noteId', organiser, (req, res) => {
    res.json(services.notes.hide(param(req, 'eventId'), parse(noteId, req.params.noteId)));
  });
  router.post('/events/:eventId/notes/:noteId/restore', organiser, (req, res) => {
    res.json(services.notes.restore(param(req, 'eventId'), parse(noteId, req.params.noteId)));
  });
  router.put('/events/:eventId/sessions/:sessionId/interest', limit.interest, (req, res) => {
    const { browserId } = res.locals as { browserId: string };
    res.json(services.sessions.showInterest(param(req, 'eventId'), param(req, 'sessionId'), browserId));
  });
  router.delete('/events/:eventId/sessions/:sessionId/interest', limit.interest, (req, res) => {
    const { browserId } = res.locals as { browserId: string };
    res.json(services.sessions.withdrawInterest(param(req, 'eventId'), param(req, 'sessionId'), browserId));
  });

  return router;
}
