import { createServer as createHttpServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Clock, IdGenerator } from './domain/types';
import { createApp } from './http/app';
import type { Logger } from './http/errors';
import type { Db } from './persistence/database';
import { storedSecret } from './persistence/secrets';
import { createContext, randomId, systemClock } from './services/context';
import { createServices, type Services } from './services';
import { attachRealtime } from './realtime/io';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limits';
import type { AppServer } from './realtime/broadcast';
import { createEmbedder, type Embedder } from '../analysis';
import type { AnalysisRunner } from './services/analysis.thread';

export interface ServerDeps {
  db: Db;
  logger: Logger;
  clock?: Clock;
  newId?: IdGenerator;
  /** The sentence encoder for overlap detection; null for words alone. Defaults to the bundled model. */
  loadEmbedder?: (() => Promise<Embedder>) | null;
  /** Per-client limits on pitches, edits, interest and socket commands; 'off' for benchmarks. */
  rateLimits?: RateLimits | 'off';
  /** Where the overlap detector runs: a worker thread by default; 'inline' runs it on this thread. */
  analysisRunner?: AnalysisRunner | 'inline';
  /** The zone new events get unless their organiser chooses one; defaults to the server's own (TZ). */
  timeZone?: string;
}

export interface UnsiloServer {
  app: Express;
  http: Server;
  services: Services;
  io: AppServer;
  /** Stops sockets, batching timers and the analysis worker, commits queued writes, then stops the HTTP server. The database stays open. */
  close(): Promise<void>;
}

/** UNSILO_RATE_LIMITS=off lifts the per-client limits (benchmarks and crash tests run many clients from one machine). */
export const rateLimitsFromEnv = (env: NodeJS.ProcessEnv): RateLimits | 'off' =>
  env.UNSILO_RATE_LIMITS === 'off' ? 'off' : DEFAULT_RATE_LIMITS;

/** Builds the whole application around a database; tests use `:memory:` and port 0. */
export function createServer({
  db,
  logger,
  clock = systemClock,
  newId = randomId,
  loadEmbedder = createEmbedder,
  rateLimits = DEFAULT_RATE_LIMITS,
  analysisRunner,
  timeZone,
}: ServerDeps): UnsiloServer {
  const ctx = createContext(db, clock, newId, timeZone);
  const services = createServices(ctx, { loadEmbedder, logger, ...(analysisRunner ? { runner: analysisRunner } : {}) });
  services.suggestions.start();
  const app = createApp({ services, logger, csrfSecret: storedSecret(db, 'csrf'), rateLimits, clock });
  const http = createHttpServer(app);
  const realtime = attachRealtime(http, services, ctx.changes, logger, rateLimits);
  return {
    app,
    http,
    services,
    io: realtime.io,
    close: async () => {
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
