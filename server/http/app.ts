import cookieParser from 'cookie-parser';
import ejs from 'ejs';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import type { Clock } from '../domain/types';
import type { Services } from '../services';
import { apiRoutes } from './api.routes';
import { facilitationApiRoutes } from './facilitation.routes';
import { actingAs, browserId } from './auth';
import { errorHandler, notFoundHandler } from './errors';
import type { Logger } from '../ops/logger';
import { ROOT } from '../ops/paths';
import { pageRoutes } from './page.routes';
import { csrf, jsonOnlyApi, sameOriginWrites } from './security';
import { httpLimiters } from './rate-limits';
import { type RateLimits } from '../shared/rate-limits';
import { reportApiRoutes, reportPageRoutes } from './report.routes';
import { exportApiRoutes, exportPageRoutes } from './exports.routes';
import { CSV_IMPORT_LIMITS } from '../services/grid-import.service';

export interface AppOptions {
  services: Services;
  logger: Logger;
  /** Signs the pages' CSRF tokens; stored, so forms loaded before a restart still work after it. */
  csrfSecret: string;
  /** Per-browser limits on pitches, edits and interest; 'off' for benchmarks and load tests. */
  rateLimits: RateLimits | 'off';
  /** What "now" is for the first paint of the phone board and the wall display. */
  clock: Clock;
  /** The proxies whose X-Forwarded-* headers are believed (client address, scheme, host); see `TrustProxy`. */
  trustProxy: TrustProxy;
  /** Handlers that run before every other (request log, health, metrics): no cookie, no limit, no CSRF. */
  first?: RequestHandler[];
}

/**
 * Which proxies may speak for the client: addresses, subnets or Express's names (`loopback`,
 * `linklocal`, `uniquelocal`), or 'off' for none. Never "everyone": any client could then claim any
 * address (and so a fresh per-address budget) or any host.
 */
export type TrustProxy = 'off' | string[];

/** The Express app: pages and JSON API over the same services. No listening here: see main.ts. */
export function createApp({ services, logger, csrfSecret, rateLimits, clock, trustProxy, first = [] }: AppOptions): Express {
  const app = express();
  for (const handler of first) app.use(handler);
  const views = join(ROOT, 'views');
  app.set('views', views);
  app.set('view engine', 'ejs');
  // Compile each template once, not on every request (Express only caches when NODE_ENV is
  // production, and `npm start` does not set it): the board page at 150 sessions took 26 ms, of
  // which most was recompiling EJS. NODE_ENV=development re-reads templates on every request.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  // Templates include partials by paths from views/ ('/partials/head'). A relative include makes
  // EJS look for the file on disk on every call (existsSync), and the board draws each card
  // with several includes: at 1,000 sessions that was a quarter of the page's time.
  app.engine('ejs', (path: string, data: object, callback: (error: Error | null, html?: string) => void) =>
    ejs.renderFile(path, data, { root: views, cache: app.enabled('view cache') }, callback),
  );
  app.set('trust proxy', trustProxy === 'off' ? false : trustProxy);
  app.disable('x-powered-by');

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          // Not helmet's default upgrade-insecure-requests: a laptop serving http://<its address>:3000 on
          // the venue's Wi-Fi has no TLS, and the upgrade would break its stylesheet and its forms.
          // Behind a TLS proxy every request is HTTPS already.
          upgradeInsecureRequests: null,
        },
      },
      // Not helmet's default no-referrer: with it, same-origin form posts carry `Origin: null`, and a
      // browser without Sec-Fetch-Site (older Safari) would be refused as another site (security.ts).
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use('/static', express.static(join(ROOT, 'public'), { maxAge: '1h' }));
  // Browsers ask for /favicon.ico on pages that name no icon (a download, a JSON answer).
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  // Before anything reads a body: a write sent from another origin is refused whatever it carries.
  app.use(sameOriginWrites);
  app.use(cookieParser());
  // Whole-event imports are the one large body; everything else stays small.
  app.use('/api/events/import', express.json({ limit: '6mb' }));
  app.use('/api/events/:eventId/grid.csv', express.text({ type: 'text/csv', limit: CSV_IMPORT_LIMITS.bytes }));
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }));
  app.use(browserId);
  app.use('/api', jsonOnlyApi);
  const forms = csrf(csrfSecret);
  app.use(forms.token, forms.protect);
  app.use(actingAs(services));
  // Each limit is declared on the route it guards (api.routes.ts, page.routes.ts, admin.routes.ts).
  const limit = httpLimiters(rateLimits);

  app.use('/api', apiRoutes(services, limit));
  app.use('/api', facilitationApiRoutes(services));
  app.use('/api', reportApiRoutes(services));
  app.use('/api', exportApiRoutes(services));
  app.use('/', exportPageRoutes(services));
  app.use('/', reportPageRoutes(services, ROOT));
  app.use('/', pageRoutes(services, clock, limit));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
