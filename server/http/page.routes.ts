import { Router, type Request } from 'express';
import type { HttpLimiters } from './rate-limits';
import multer from 'multer';
import { DomainError } from '../domain/errors';
import type { Clock } from '../domain/types';
import type { Services } from '../services';
import {
  CohostAnswerInput,
  EventExport,
  EventInput,
  HostAnswerInput,
  NoteInput,
  PitchChoiceInput,
  SameAsInput,
  id,
} from '../protocol/schemas';
import { similarListModel, type SimilarListModel } from '../../views/shared/similar';
import { isFacilitator, rememberOrganiser } from './auth';
import { boardLocals, rerender, sessionLocals, wallLocals } from './page-locals';
import { timeZoneChoices } from './view-models';
import { invite, links } from './links';
import { noticeFor, noticeUrl } from './notices';
import { parse } from '../shared/validate';
import { adminRoutes } from './admin.routes';
import { uploadProblem, withUpload } from './uploads';

const UPLOAD_BYTES = 5 * 1024 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: UPLOAD_BYTES, files: 1 } }).single('file');

const param = (req: Request, name: string): string => parse(id, req.params[name]);

const notice = (req: Request) => noticeFor(req.query.notice, req.query.n);

/** Server-rendered pages: plain forms that work without scripts. */
export function pageRoutes(services: Services, clock: Clock, limit: HttpLimiters): Router {
  const router = Router();

  const home = (req: Request) => ({
    title: 'Plan your unconference',
    events: services.events.listed(),
    values: {},
    timeZones: timeZoneChoices(),
    defaultTimeZone: services.events.defaultTimeZone(),
    notice: notice(req),
  });

  router.get('/', (req, res) => res.render('home', home(req)));

  router.post('/events', limit.addressEvents, (req, res) => {
    try {
      const { event, adminToken } = services.events.create(parse(EventInput, req.body));
      rememberOrganiser(req, res, event.id, adminToken);
      res.status(201).render('event-created', { title: 'Event created', event, links: links(req, event.id, adminToken), keptIds: true });
    } catch (error) {
      rerender(res, error, 'home', { ...home(req), values: req.body ?? {} });
    }
  });

  router.post(
    '/events/import',
    limit.addressEvents,
    withUpload(upload, (req, res, uploadError) => {
      try {
        if (uploadError) throw uploadProblem(uploadError, UPLOAD_BYTES, 'Choose the Unsilo export file (.json) and try again.');
        if (!req.file) throw new DomainError('invalid_payload', 'Choose an Unsilo export file (.json) to import.');
        let data: unknown;
        try {
          data = JSON.parse(req.file.buffer.toString('utf8'));
        } catch {
          throw new DomainError('invalid_payload', 'That file is not valid JSON.');
        }
        const { event, adminToken, keptIds } = services.transfer.import(parse(EventExport, data));
        rememberOrganiser(req, res, event.id, adminToken);
        res
          .status(201)
          .render('event-created', { title: 'Event imported', event, links: links(req, event.id, adminToken), keptIds, imported: true });
      } catch (error) {
        rerender(res, error, 'home', home(req));
      }
    }),
  );

  /** A printable A4 poster: the event, a large QR code of the board and what to do with it. */
  router.get('/e/:eventId/poster', (req, res) => {
    const event = services.events.get(param(req, 'eventId'));
    res.render('poster', { title: `${event.name} · Poster`, event, invite: invite(req, event) });
  });

  router.get('/e/:eventId', (req, res) => res.render('board', boardLocals(services, req, res, param(req, 'eventId'), clock)));

  /** For a projector: large type, now and next per room, no controls. */
  router.get('/e/:eventId/wall', (req, res) => {
    const eventId = param(req, 'eventId');
    res.render('wall', wallLocals(services, req, eventId, clock));
  });

  /** Starred sessions live in the browser, so the page is drawn by its script from the board. */
  router.get('/e/:eventId/agenda', (req, res) => {
    const event = services.events.get(param(req, 'eventId'));
    res.render('agenda', { title: `My agenda · ${event.name}`, event });
  });

  const pitchPage = (req: Request, similar: SimilarListModel | null = null) => {
    const event = services.events.get(param(req, 'eventId'));
    return { title: 'Pitch a session', event, values: {}, fields: {}, similar: similar ?? similarListModel(event.id, '', []) };
  };

  router.get('/e/:eventId/pitch', (req, res) => res.render('pitch', pitchPage(req)));

  /**
   * A pitch whose similar sessions were not shown for its title yet is not saved: the page comes
   * back with them (the step that works without scripts), and the pitcher chooses.
   */
  router.post('/e/:eventId/pitch', limit.addressPitches, limit.pitches, async (req, res) => {
    const eventId = param(req, 'eventId');
    try {
      const { browserId } = res.locals as { browserId: string };
      const input = parse(PitchChoiceInput, req.body);
      const outcome = await services.pitches.submit(eventId, input, browserId);
      if (outcome.kind === 'check') {
        const notice = 'Before you pitch: sessions like yours are already pitched. They are listed after the “Pitch mine” button.';
        res.render('pitch', {
          ...pitchPage(req, similarListModel(eventId, input.title, outcome.similar)),
          values: req.body as unknown,
          notice,
        });
      } else if (outcome.kind === 'asked') {
        res.redirect(303, noticeUrl(`/e/${eventId}/s/${outcome.session.id}`, 'cohost-asked'));
      } else {
        res.redirect(
          303,
          noticeUrl(`/e/${eventId}/s/${outcome.session.id}`, input.choice.startsWith('link:') ? 'pitched-linked' : 'pitched'),
        );
      }
    } catch (error) {
      rerender(res, error, 'pitch', { ...pitchPage(req), values: req.body ?? {} });
    }
  });

  /** The session's host (its pitching browser) or a facilitator answers a request to co-host it. */
  router.post('/e/:eventId/s/:sessionId/cohosts/:requestId', limit.flags, (req, res) => {
    const eventId = param(req, 'eventId');
    const sessionId = param(req, 'sessionId');
    const { browserId } = res.locals as { browserId: string };
    const by = services.sessions.isPitcher(eventId, sessionId, browserId)
      ? 'host'
      : isFacilitator(services, req, eventId)
        ? 'facilitator'
        : null;
    if (!by) {
      services.sessions.get(eventId, sessionId);
      throw new DomainError('forbidden', 'Only the session’s host or a facilitator can answer a request to co-host it.');
    }
    const { answer } = parse(CohostAnswerInput, req.body);
    services.pitches.answer(eventId, sessionId, param(req, 'requestId'), answer === 'accept', by);
    res.redirect(
      303,
      `${noticeUrl(`/e/${eventId}/s/${sessionId}`, answer === 'accept' ? 'cohost-accepted' : 'cohost-declined')}#cohost-requests`,
    );
  });

  router.get('/e/:eventId/s/:sessionId', (req, res) => {
    const eventId = param(req, 'eventId');
    const sessionId = param(req, 'sessionId');
    // A link to a session that was merged away leads to the session it became part of.
    const mergedInto = services.sessions.mergedInto(eventId, sessionId);
    if (mergedInto) return res.redirect(302, `/e/${eventId}/s/${mergedInto}`);
    res.render('session', sessionLocals(services, req, res, eventId, sessionId, clock));
  });

  /** Anyone on the session's page adds a note; a refusal shows the page again with what they typed. */
  router.post('/e/:eventId/s/:sessionId/notes', limit.notes, (req, res) => {
    const eventId = param(req, 'eventId');
    const sessionId = param(req, 'sessionId');
    try {
      services.notes.add(eventId, sessionId, parse(NoteInput, req.body));
      res.redirect(303, `${noticeUrl(`/e/${eventId}/s/${sessionId}`, 'note-added')}#session-notes`);
    } catch (error) {
      rerender(res, error, 'session', { ...sessionLocals(services, req, res, eventId, sessionId, clock), noteValues: req.body ?? {} });
    }
  });

  router.post('/e/:eventId/s/:sessionId/interest', limit.interest, (req, res) => {
    const eventId = param(req, 'eventId');
    const sessionId = param(req, 'sessionId');
    const { browserId } = res.locals as { browserId: string };
    const withdraw = (req.body as { action?: unknown } | undefined)?.action === 'withdraw';
    if (withdraw) services.sessions.withdrawInterest(eventId, sessionId, browserId);
    else services.sessions.showInterest(eventId, sessionId, browserId);
    const back = (req.body as { from?: unknown } | undefined)?.from === 'board' ? `/e/${eventId}` : `/e/${eventId}/s/${sessionId}`;
    res.redirect(303, noticeUrl(back, withdraw ? 'interest-removed' : 'interest-added'));
  });

  /** "Same conversation as…": private, so it changes nothing on the public board. */
  router.post('/e/:eventId/s/:sessionId/same', limit.flags, (req, res) => {
    const eventId = param(req, 'eventId');
    const sessionId = param(req, 'sessionId');
    const { browserId } = res.locals as { browserId: string };
    try {
      const { other, action } = parse(SameAsInput, req.body);
      if (action === 'unflag') services.flags.unflag(eventId, sessionId, other, browserId);
      else services.flags.flag(eventId, sessionId, other, browserId);
      res.redirect(303, `${noticeUrl(`/e/${eventId}/s/${sessionId}`, action === 'unflag' ? 'same-withdrawn' : 'same-flagged')}#same-as`);
    } catch (error) {
      rerender(res, error, 'session', sessionLocals(services, req, res, eventId, sessionId, clock));
    }
  });

  /** The host of the session answers people's flag: the same (merge), link them, or different. */
  router.post('/e/:eventId/s/:sessionId/host-answer', limit.flags, (req, res) => {
    const eventId = param(req, 'eventId');
    const sessionId = param(req, 'sessionId');
    const { browserId } = res.locals as { browserId: string };
    try {
      const { other, answer } = parse(HostAnswerInput, req.body);
      const done = services.flags.answer(eventId, sessionId, other, browserId, answer);
      const code = done === 'merged' ? 'hosts-merged' : done === 'linked' ? 'hosts-linked' : 'host-answered';
      res.redirect(303, `${noticeUrl(`/e/${eventId}/s/${sessionId}`, code)}#same-as`);
    } catch (error) {
      rerender(res, error, 'session', sessionLocals(services, req, res, eventId, sessionId, clock));
    }
  });

  router.use('/e/:eventId', adminRoutes(services, clock, limit));
  return router;
}
