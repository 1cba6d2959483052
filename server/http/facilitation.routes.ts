import { Router, type Request } from 'express';
import type { Services } from '../services';
import { GroupInput, MergeInput, UndoInput, id } from '../protocol/schemas';
import { requireFacilitator, requireOrganiser } from './auth';
import { siteBase } from './links';
import { parse } from '../shared/validate';

const param = (req: Request, name: string): string => parse(id, req.params[name]);

/** JSON API for overlap suggestions and facilitators' decisions (docs/api.md). */
export function facilitationApiRoutes(services: Services): Router {
  const router = Router();
  const facilitator = requireFacilitator(services);

  router.post('/events/:eventId/facilitator-link', requireOrganiser(services), (req, res) => {
    const eventId = param(req, 'eventId');
    const token = services.facilitation.newFacilitatorToken(eventId);
    const link = `${siteBase(req)}/e/${eventId}/facilitate?key=${encodeURIComponent(token)}`;
    res.status(201).json({ facilitatorToken: token, link });
  });

  /** Fresh suggestions: waits for an analysis of the event as it is now. Anyone may read them. */
  router.get('/events/:eventId/suggestions', async (req, res) => {
    const eventId = param(req, 'eventId');
    services.events.get(eventId);
    res.json(await services.suggestions.refresh(eventId));
  });

  router.post('/events/:eventId/merges', facilitator, (req, res) => {
    res.status(201).json(services.facilitation.merge(param(req, 'eventId'), parse(MergeInput, req.body)));
  });
  router.post('/events/:eventId/links', facilitator, (req, res) => {
    res.status(201).json(services.facilitation.link(param(req, 'eventId'), parse(GroupInput, req.body)));
  });
  router.post('/events/:eventId/dismissals', facilitator, (req, res) => {
    res.status(201).json(services.facilitation.dismiss(param(req, 'eventId'), parse(GroupInput, req.body)));
  });
  router.get('/events/:eventId/history', facilitator, (req, res) => {
    res.json(services.facilitation.history(param(req, 'eventId')));
  });
  router.post('/events/:eventId/history/:entryId/undo', facilitator, (req, res) => {
    const { entryId } = parse(UndoInput, { entryId: req.params.entryId });
    res.status(201).json(services.facilitation.undo(param(req, 'eventId'), { entryId }));
  });
  return router;
}
