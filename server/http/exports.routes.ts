import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { DomainError } from '../domain/errors';
import type { Services } from '../services';
import type { ExportFile } from '../services/exports.service';
import { CSV_IMPORT_LIMITS } from '../services/grid-import.service';
import { AgendaQuery, id } from '../protocol/schemas';
import { requestActor, requireOrganiser } from './auth';
import { noticeUrl } from './notices';
import { adminLocals, rerender } from './page-locals';
import { parse } from '../shared/validate';
import { uploadProblem, withUpload } from './uploads';
import { boardView } from './view-models';
import { siteBase } from './links';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: CSV_IMPORT_LIMITS.bytes, files: 1, fields: 5 } }).single(
  'file',
);

const eventIdOf = (req: Request): string => parse(id, req.params.eventId);

const sessionUrl = (req: Request, eventId: string) => (sessionId: string) => `${siteBase(req)}/e/${eventId}/s/${sessionId}`;

const download = (res: Response, type: string, file: ExportFile): void => {
  // Calendars and the grid change as the organisers work: always fetch a fresh copy.
  res.set('Cache-Control', 'no-store').attachment(file.fileName).type(type).send(file.body);
};

const CALENDAR = 'text/calendar; charset=utf-8';
const CSV = 'text/csv; charset=utf-8';

/** Calendar, CSV and print versions of an event's board (public, like the board), and the organiser's CSV import. */
export function exportPageRoutes(services: Services): Router {
  const router = Router();
  const organiser = requireOrganiser(services);

  router.get('/e/:eventId/event.ics', (req, res) => {
    const eventId = eventIdOf(req);
    download(res, CALENDAR, services.exports.eventCalendar(eventId, sessionUrl(req, eventId)));
  });

  router.get('/e/:eventId/agenda.ics', (req, res) => {
    const eventId = eventIdOf(req);
    services.events.get(eventId);
    const { sessions } = parse(AgendaQuery, req.query);
    download(res, CALENDAR, services.exports.agendaCalendar(eventId, sessions, sessionUrl(req, eventId)));
  });

  router.get('/e/:eventId/grid.csv', (req, res) => {
    download(res, CSV, services.exports.gridCsv(eventIdOf(req)));
  });

  router.get('/e/:eventId/print', (req, res) => {
    const board = services.events.board(eventIdOf(req));
    res.render('print', { title: `${board.event.name}: printable grid`, board, ...boardView(board) });
  });

  /** The admin page's upload form; its CSRF token travels in the query, as a multipart body is read only here. */
  router.post(
    '/e/:eventId/admin/import.csv',
    organiser,
    // The upload finishes in the request stream's callbacks: serve the rest as the organiser again.
    withUpload(upload, (req, res, uploadError) =>
      services.actors.run(requestActor(services, req), () => importFromForm(req, res, uploadError)),
    ),
  );

  /** Imports the uploaded file and goes back to the admin page; a refusal shows it again with every problem listed. */
  function importFromForm(req: Request, res: Response, uploadError: unknown): void {
    const eventId = eventIdOf(req);
    try {
      if (uploadError) throw uploadProblem(uploadError, CSV_IMPORT_LIMITS.bytes, 'Choose one .csv file and try again.');
      if (!req.file) throw new DomainError('invalid_payload', 'Nothing was imported: choose a .csv file first.');
      const { value } = services.gridImport.importCsv(eventId, req.file.buffer.toString('utf8'));
      res.redirect(303, noticeUrl(`/e/${eventId}/admin`, 'csv-imported', value.sessionsAdded));
    } catch (error) {
      const problems = error instanceof DomainError ? (error.details as { problems?: unknown } | undefined)?.problems : undefined;
      rerender(res, error, 'admin', { ...adminLocals(services, req, eventId), importProblems: problems ?? [] });
    }
  }

  return router;
}

/** POST /api/events/:eventId/grid.csv: the same import for scripts, with a `text/csv` body and the organiser's Bearer token. */
export function exportApiRoutes(services: Services): Router {
  const router = Router();
  const organiser = requireOrganiser(services);
  router.post('/events/:eventId/grid.csv', organiser, (req, res) => {
    if (typeof req.body !== 'string') {
      throw new DomainError('invalid_payload', 'Send the CSV file as the request body with Content-Type: text/csv.');
    }
    res.json(services.gridImport.importCsv(eventIdOf(req), req.body));
  });
  return router;
}
