import { closeSync, fchmodSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { loadConfig, StartupError, type Config } from './ops/config';
import { createLogger, LOG_LEVELS, type Logger, type LogLevel } from './ops/logger';
import { ROOT } from './ops/paths';
import { DatabaseStartError, openForServer } from './persistence/startup';
import { EventExport } from './protocol/schemas';
import { seedDemoEvent } from './services/demo';
import { createServer, type UnsiloServer } from './server';
import { handleShutdownSignals } from './shutdown';

const terminal = process.stdout.isTTY === true;
const level = process.env.UNSILO_LOG_LEVEL;
const logger = createLogger({ pretty: terminal, level: LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : 'info' });

async function main(): Promise<void> {
  const config = loadConfig(process.env, ROOT);
  const { db, lock } = await openForServer(config.dbFile, { report: (message, fields) => logger.info(message, fields) });
  const server = createServer({
    db,
    logger,
    ...(config.rateLimits ? {} : { rateLimits: 'off' as const }),
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    encoder: config.embeddings ? 'use-lite' : 'none',
  });
  handleShutdownSignals({ server, db, lock, logger, timeoutMs: 10_000 });
  await listen(server.http, config.port);
  const base = `http://localhost:${config.port}`;
  logger.info(`Unsilo is serving ${base}`, { database: config.dbFile, timeZone: config.timeZone, metrics: config.metricsToken !== null });
  server.warmUp();
  seedDemo(server, config, base);
}

function listen(http: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new StartupError(
              `Port ${port} is ${error.code === 'EADDRINUSE' ? 'already in use' : 'not allowed for this user'}: set PORT to another.`,
            )
          : error,
      ),
    );
    http.listen(port, () => resolve());
  });
}

/**
 * On an empty database: a demo event. Its public board link is logged. Its private organiser link
 * is shown to the person at the terminal, and is never written to the log: when the output is not
 * a terminal (a service, a container) it goes to a file beside the database that only this user
 * may read, and the log names the file.
 */
function seedDemo(server: UnsiloServer, config: Config, base: string): void {
  const demoFile = EventExport.parse(JSON.parse(readFileSync(join(ROOT, 'data', 'demo-event.json'), 'utf8')));
  const demo = seedDemoEvent(server.services, demoFile, new Date().toISOString().slice(0, 10));
  if (!demo) return;
  const board = `${base}/e/${demo.event.id}`;
  const organiserLink = `${board}/admin?key=${demo.adminToken}`;
  logger.info('The database was empty, so a demo event was created', { board });
  if (terminal) {
    process.stdout.write(`\n  public board:    ${board}\n  organiser link:  ${organiserLink}  (keep it private)\n\n`);
    return;
  }
  const file = join(dirname(config.dbFile), 'demo-organiser-link.txt');
  writePrivately(
    file,
    `${organiserLink}\n\nThe private organiser link of the demo event: open it once in a browser to manage the event.\n`,
  );
  logger.info('The demo event\u2019s private organiser link is in a file only this user can read', { file });
}

/** Created, or emptied, with mode 0600 (owner read and write only), whatever the umask. */
function writePrivately(file: string, text: string): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** A refusal (bad configuration, another server on the database, a damaged file) is one clear message, without a stack. */
function stop(error: unknown, log: Logger): never {
  if (error instanceof StartupError || error instanceof DatabaseStartError) log.error(error.message);
  else log.error('Unsilo could not start', error);
  process.exit(1);
}

main().catch((error: unknown) => stop(error, logger));
