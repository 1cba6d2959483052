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
import { DEFAULT_RATE_LIMITS, type RateLimits } from './shared/rate-limits';
import type { AppServer } from './realtime/broadcast';
import type { ProxyTrust } from './shared/origin';
import type { EncoderName, JobInput, JobKind, JobOutput } from './services/analysis.jobs';
import { AnalysisBusyError, AnalysisWorkers, type AnalysisRunner, type RunOptions } from './services/analysis.thread';

export interface ServerDeps {
  db: Db;
  logger: Logger;
  clock?: Clock;
  newId?: IdGenerator;
  /**
   * The sentence encoder the analysis workers load: the bundled model by default, 'none' for
   * overlap detection on words alone, 'hashed' for the deterministic stand-in tests use.
   */
  encoder?: EncoderName;
  /** Where analysis jobs run; by default two worker threads (`AnalysisWorkers`) with `encoder`. */
  analysis?: AnalysisRunner;
  /** Per-client limits on pitches, edits, interest and socket commands; 'off' for benchmarks. */
  rateLimits?: RateLimits | 'off';
  /** The reverse proxies whose X-Forwarded-* headers are believed; default loopback (a proxy on this machine). */
  trustProxy?: TrustProxy;
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
  /** Starts loading the sentence encoder in the analysis worker now rather than at the first pitch; `/readyz` answers 503 until it is loaded. */
  warmUp(): void;
  /** Where analysis jobs run (the workers, unless the caller passed its own). */
  analysis: AnalysisRunner;
  /** Stops sockets, batching timers and the analysis workers and the schedule worker, commits queued writes, then stops the HTTP server. The database stays open. */
  close(): Promise<void>;
}

/** Builds the whole application around a database; tests use `:memory:` and port 0. */
export function createServer({
  db,
  logger,
  clock = systemClock,
  newId = randomId,
  encoder = 'use-lite',
  analysis,
  rateLimits = DEFAULT_RATE_LIMITS,
  trustProxy = ['loopback'],
  metricsToken = null,
  timeZone,
}: ServerDeps): UnsiloServer {
  const ctx = createContext(db, clock, newId, timeZone);
  const runner = analysis ?? new AnalysisWorkers({ encoder, logger });
  // Warming up loads the encoder in the background worker (an embedding of nothing), so readiness can
  // say when it is loaded; the worker loads it again by itself after an idle retirement.
  const model = trackedLoader(runner.embeds ? () => runner.run('embed', { eventId: 'warm-up', sessions: [] }) : null);
  let viewers = (): Map<string, number> => new Map();
  const metrics = new Metrics({ viewers: () => viewers(), writeQueue: () => ctx.writes.depth }, { process: metricsToken !== null });
  const services = createServices(ctx, {
    runner: metered(runner, metrics),
    logger,
    timeSimilarList: () => metrics.similarLists.startTimer(),
  });
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
    {
      // The lanes' own state: a probe never starts a worker, queues a job or keeps a worker from retiring.
      name: 'analysis',
      check: () => {
        const problem = runner.problem?.() ?? null;
        if (problem) throw new Error(problem);
        return 'ok';
      },
    },
    {
      name: 'model',
      // 503 only while the encoder first loads; after that, the live worker's (a replacement's reload shows 'loading').
      check: () => {
        if (model.state() === 'loading') throw new Error('loading');
        return runner.model?.() ?? model.state();
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
    analysis: runner,
    close: async () => {
      countPitches();
      const analysisStopped = services.suggestions.close();
      const schedulerStopped = services.schedule.close();
      await realtime.close();
      // Commands already received are committed (their senders resend them by id if the ack was lost).
      services.writes.flush();
      await analysisStopped;
      await schedulerStopped;
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * The runner, timing each job for the metrics: detections (an event's analysis) in `analyses`, the
 * others in `jobs` by kind and lane.
 */
function metered(runner: AnalysisRunner, metrics: Metrics): AnalysisRunner {
  return {
    embeds: runner.embeds,
    async run<K extends JobKind>(kind: K, input: JobInput<K>, options?: RunOptions): Promise<JobOutput<K>> {
      const lane = options?.lane ?? 'background';
      const done = kind === 'detect' ? metrics.analyses.startTimer() : metrics.jobs.startTimer({ kind, lane });
      try {
        const output = await runner.run(kind, input, options);
        done({ outcome: 'ok' });
        return output;
      } catch (error) {
        done({ outcome: kind !== 'detect' && error instanceof AnalysisBusyError ? 'busy' : 'failed' });
        throw error;
      }
    },
    running: (lane) => runner.running(lane),
    problem: () => runner.problem?.() ?? null,
    close: () => runner.close(),
  };
}
