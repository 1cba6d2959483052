import { createServer as createHttpServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Clock, IdGenerator } from './domain/types';
import { createApp, type TrustProxy } from './http/app';
import { opsRoutes } from './http/ops.routes';
import { requestLog } from './http/request-log';
import type { Logger } from './ops/logger';
import { Health, trackedLoader } from './ops/health';
import { Metrics } from './ops/metrics';
import { latestVersion, probeWrite, schemaVersion, type Db } from './persistence/database';
import { storedSecret } from './persistence/secrets';
import { createContext, randomId, systemClock } from './services/context';
import { createServices, type Services } from './services';
import { attachRealtime } from './realtime/io';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limits';
import type { AppServer } from './realtime/broadcast';
import type { ProxyTrust } from './http/security';
import { createEmbedder, type Embedder } from '../analysis';
import { AnalysisThread, type AnalysisRunner } from './services/analysis.thread';
import { inlineRunner } from './services/suggestion.engine';

export interface ServerDeps {
  db: Db;
  logger: Logger;
  clock?: Clock;
  newId?: IdGenerator;
  /** The sentence encoder for overlap detection; null for words alone. Defaults to the bundled model. */
  loadEmbedder?: (() => Promise<Embedder>) | null;
  /** Per-client limits on pitches, edits, interest and socket commands; 'off' for benchmarks. */
  rateLimits?: RateLimits | 'off';
  /** The reverse proxies whose X-Forwarded-* headers are believed; default loopback (a proxy on this machine). */
  trustProxy?: TrustProxy;
  /** Where the overlap detector runs: a worker thread by default; 'inline' runs it on this thread. */
  analysisRunner?: AnalysisRunner | 'inline';
  /** The zone new events get unless their organiser chooses one; defaults to the server's own (TZ). */
  timeZone?: string;
  /** Turns `GET /metrics` on, behind this bearer token; without one it answers 404. */
  metricsToken?: string | null;
}

export interface UnsiloServer {
  app: Express;
  http: Server;
  services: Services;
  io: AppServer;
  /** `/readyz`: shutdown calls `health.stop()` first. */
  health: Health;
  metrics: Metrics;
  /** Starts loading the sentence encoder now rather than at the first pitch; `/readyz` answers 503 until it is loaded. */
  warmUp(): void;
  /** Stops sockets, batching timers and the analysis worker, commits queued writes, then stops the HTTP server. The database stays open. */
  close(): Promise<void>;
}

/** The smallest job: readiness asks the analysis worker to run it, to know the worker answers. */
const PING = { sessions: [], decidedAway: [], dismissed: [], confirmed: [] };

/** Builds the whole application around a database; tests use `:memory:` and port 0. */
export function createServer({
  db,
  logger,
  clock = systemClock,
  newId = randomId,
  loadEmbedder = createEmbedder,
  rateLimits = DEFAULT_RATE_LIMITS,
  analysisRunner,
  trustProxy = ['loopback'],
  metricsToken = null,
  timeZone,
}: ServerDeps): UnsiloServer {
  const ctx = createContext(db, clock, newId, timeZone);
  const model = trackedLoader(loadEmbedder);
  const runner = analysisRunner === 'inline' ? inlineRunner : (analysisRunner ?? new AnalysisThread(logger));
  let viewers = (): Map<string, number> => new Map();
  const metrics = new Metrics({ viewers: () => viewers(), writeQueue: () => ctx.writes.depth }, { process: metricsToken !== null });
  const services = createServices(ctx, { loadEmbedder: model.load, logger, runner: metered(runner, metrics) });
  services.suggestions.start();
  const countPitches = ctx.changes.subscribe((change) => {
    if (change.kind === 'sessions') metrics.pitches.inc(change.sessions.filter((s) => s.version === 1).length);
  });
  const latest = latestVersion();
  const health = new Health([
    { name: 'database', check: () => (probeWrite(db), 'ok') },
    {
      name: 'migrations',
      check: () => {
        const version = schemaVersion(db);
        if (version !== latest) throw new Error(`the database is at version ${version}, this code needs ${latest}`);
        return `version ${version}`;
      },
    },
    { name: 'analysis', check: async () => (await runner.run(PING), 'ok') },
    {
      name: 'model',
      check: () => {
        if (model.state() === 'loading') throw new Error('loading');
        return model.state();
      },
    },
  ]);
  const first = [requestLog(logger), opsRoutes({ health, metrics, metricsToken })];
  const app = createApp({ services, logger, csrfSecret: storedSecret(db, 'csrf'), rateLimits, clock, trustProxy, first });
  const http = createHttpServer(app);
  const realtime = attachRealtime(http, services, ctx.changes, logger, {
    rateLimits,
    trust: app.get('trust proxy fn') as ProxyTrust,
    metrics,
  });
  viewers = () => realtime.viewers();
  return {
    app,
    http,
    services,
    io: realtime.io,
    health,
    metrics,
    warmUp: () => {
      const started = Date.now();
      model.load?.().then(
        () => logger.info('The sentence encoder is loaded', { ms: Date.now() - started }),
        (error: unknown) => logger.error('The sentence encoder did not load; overlap detection will try again', error),
      );
    },
    close: async () => {
      countPitches();
      const analysisStopped = services.suggestions.close();
      await realtime.close();
      // Commands already received are committed (their senders resend them by id if the ack was lost).
      services.writes.flush();
      await analysisStopped;
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The runner, timing each analysis for the metrics. */
function metered(runner: AnalysisRunner, metrics: Metrics): AnalysisRunner {
  return {
    run: async (job) => {
      const done = metrics.analyses.startTimer();
      try {
        const overlaps = await runner.run(job);
        done({ outcome: 'ok' });
        return overlaps;
      } catch (error) {
        done({ outcome: 'failed' });
        throw error;
      }
    },
    close: () => runner.close(),
  };
}
