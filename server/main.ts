import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './http/app';
import { openDatabase } from './persistence/database';
import { EventExport } from './protocol/schemas';
import { seedDemoEvent } from './services/demo';
import { createServer, encoderFromEnv, rateLimitsFromEnv } from './server';
import { handleShutdownSignals } from './shutdown';

const logger = {
  info: (message: string) => console.log(message),
  error: (message: string, error?: unknown) => console.error(message, error),
};

const port = Number(process.env.PORT ?? 3000);
const dbFile = process.env.UNSILO_DB ?? join(ROOT, 'data', 'unsilo.db');
const db = openDatabase(dbFile);
const server = createServer({ db, logger, encoder: encoderFromEnv(process.env), rateLimits: rateLimitsFromEnv(process.env) });
const { http, services } = server;

http.listen(port, () => {
  const base = `http://localhost:${port}`;
  logger.info(`Unsilo is serving ${base} (database: ${dbFile})`);
  const demoFile = EventExport.parse(JSON.parse(readFileSync(join(ROOT, 'data', 'demo-event.json'), 'utf8')));
  const demo = seedDemoEvent(services, demoFile, new Date().toISOString().slice(0, 10));
  if (demo) {
    logger.info(`The database was empty, so a demo event was created:`);
    logger.info(`  public board:    ${base}/e/${demo.event.id}`);
    logger.info(`  organiser link:  ${base}/e/${demo.event.id}/admin?key=${demo.adminToken}  (keep it private)`);
  }
});

handleShutdownSignals({ server, db, logger, timeoutMs: 10_000 });
