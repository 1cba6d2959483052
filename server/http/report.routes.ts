import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { Services } from '../services';
import { UNTHEMED_COLOUR } from '../services/report.service';
import type { CollaborationReport } from '../services/report.types';
import { id } from '../protocol/schemas';
import { parse } from '../shared/validate';
import { linkify, NOTE_LINK_REL } from '../domain/notes';

const eventIdOf = (req: Request): string => parse(id, req.params.eventId);

/** "LocalGovCamp 2026!" on 2026-06-20 → "unsilo-report-localgovcamp-2026-2026-06-20": safe in any file system. */
const fileName = (report: CollaborationReport, ext: string): string => {
  const slug = report.event.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `unsilo-report-${slug || 'event'}-${report.event.date}.${ext}`;
};

/** GET /api/events/:eventId/report: the collaboration report as JSON. Public, like the board. */
export function reportApiRoutes(services: Services): Router {
  const router = Router();
  router.get('/events/:eventId/report', async (req, res) => {
    res.json(await services.report.build(eventIdOf(req)));
  });
  return router;
}

/** The report page, and the same report as downloads: a standalone HTML file and JSON. */
export function reportPageRoutes(services: Services, root: string): Router {
  const router = Router();
  // Read once: the standalone file inlines it so it needs nothing from the server.
  const css = readFileSync(join(root, 'public', 'report.css'), 'utf8');
  const render = (res: Response, view: string, report: CollaborationReport, extra: Record<string, unknown> = {}) =>
    res.render(view, {
      title: `Report: ${report.event.name}`,
      report,
      unthemedColour: UNTHEMED_COLOUR,
      linkify,
      noteLinkRel: NOTE_LINK_REL,
      ...extra,
    });

  router.get('/e/:eventId/report', async (req, res) => {
    render(res, 'report', await services.report.build(eventIdOf(req)));
  });

  router.get('/e/:eventId/report.html', async (req, res) => {
    const report = await services.report.build(eventIdOf(req));
    res.attachment(fileName(report, 'html'));
    render(res, 'report-standalone', report, { css });
  });

  router.get('/e/:eventId/report.json', async (req, res) => {
    const report = await services.report.build(eventIdOf(req));
    res.attachment(fileName(report, 'json'));
    res.type('application/json').send(`${JSON.stringify(report, null, 2)}\n`);
  });
  return router;
}
