import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { closeDatabase, type Db } from './persistence/database';
import type { DatabaseLock } from './persistence/lock';
import type { Logger } from './ops/logger';
import type { UnsiloServer } from './server';

export interface ShutdownOptions {
  server: UnsiloServer;
  db: Db;
  logger: Logger;
  /**
   * The database's server lock (persistence/lock.ts), released once the database is closed. Held
   * here for the life of the process: an unreferenced lock would be closed by the garbage collector.
   */
  lock?: DatabaseLock;
  /** After this long, connections still open are cut and the process exits with 1. */
  timeoutMs: number;
  exit?: (code: number) => void;
  /** Where SIGTERM and SIGINT arrive: the process, unless a test stands in for it. */
  signals?: EventEmitter;
}

/**
 * SIGTERM or SIGINT: `/readyz` turns to 503, then stop listening and drop every live socket (clients reconnect by themselves
 * to the next server), let HTTP requests already in flight finish, then checkpoint the WAL, close
 * the database and exit 0. Socket commands are committed in groups at the next turn of the event
 * loop; `server.close()` commits any still queued, so none is ever half done or lost here.
 */
export function handleShutdownSignals(options: ShutdownOptions): void {
  const { server, db, logger, lock, timeoutMs, exit = (code) => process.exit(code), signals = process } = options;
  let closing = false;
  // Responses not yet begun when shutdown starts close their connection, so a keep-alive client sends no more.
  const unanswered = new Set<ServerResponse>();
  server.http.prependListener('request', (_req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    else unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    // First of all: readiness says 503, so a load balancer still probing sends no new traffic here.
    server.health.stop();
    for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
    logger.info(`${signal}: shutting down, finishing requests in flight (at most ${timeoutMs} ms)`);
    let stopped = false;
    const stop = (code: number) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(forced);
      closeDatabase(db);
      lock?.release();
      logger.info('Stopped: the database is closed');
      exit(code);
    };
    const forced = setTimeout(() => {
      logger.error(`Requests still open after ${timeoutMs} ms: cutting them off`);
      server.http.closeAllConnections();
      stop(1);
    }, timeoutMs);
    void server.close().then(() => stop(0));
  };
  signals.on('SIGTERM', shutdown);
  signals.on('SIGINT', shutdown);
}
