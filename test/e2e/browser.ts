import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase, type Db } from '../../server/persistence/database';
import type { Clock } from '../../server/domain/types';
import type { Logger } from '../../server/ops/logger';
import { createServer, type UnsiloServer } from '../../server/server';
import type { AnalysisRunner } from '../../server/services/analysis.thread';

/**
 * Debian's Chromium, with the flags our closed network and root sandbox need. Playwright gives each
 * launch a fresh temporary profile (it refuses a `--user-data-dir` argument), so no state leaks between runs.
 * `CHROMIUM_PATH` points at another Chromium build; `extraArgs` are added to the flags.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface RunningApp {
  server: UnsiloServer;
  db: Db;
  /** The database file, which outlives restarts. */
  file: string;
  baseUrl: string;
  /**
   * Stops the server and closes the database, then opens the file again and serves it on the same
   * port. `beforeOpen` runs while the file is closed (e.g. to restore a backup over it); `whileDown`
   * runs on the new server before it listens: changes made while clients were away.
   */
  restart: (steps?: { beforeOpen?: () => void; whileDown?: (server: UnsiloServer) => void }) => Promise<void>;
  close: () => Promise<void>;
}

const quiet: Logger = { info: () => undefined, error: (m, e) => console.error(m, e) };

async function listen(server: UnsiloServer, port: number): Promise<number> {
  await new Promise<void>((resolve) => server.http.listen(port, '127.0.0.1', resolve));
  return (server.http.address() as AddressInfo).port;
}

/**
 * The real app on a temporary database file and a free port; `clock` is the server's (default: the
 * real one); `logger` receives what it logs (default: only errors, on the console); `analysis`
 * runs the detector's jobs (default: the worker threads).
 */
export async function startApp(options: { clock?: Clock; logger?: Logger; analysis?: AnalysisRunner } = {}): Promise<RunningApp> {
  const logger = options.logger ?? quiet;
  const dir = mkdtempSync(join(tmpdir(), 'unsilo-e2e-'));
  const file = join(dir, 'unsilo.db');
  const db = openDatabase(file);
  const clock = options.clock ? { clock: options.clock } : {};
  const analysis = options.analysis ? { analysis: options.analysis } : {};
  const server = createServer({ db, logger, ...clock, ...analysis });
  const port = await listen(server, 0);
  const running: RunningApp = {
    server,
    db,
    file,
    baseUrl: `http://127.0.0.1:${port}`,
    restart: async ({ beforeOpen, whileDown } = {}) => {
      await running.server.close();
      running.db.close();
      beforeOpen?.();
      running.db = openDatabase(file);
      running.server = createServer({ db: running.db, logger, ...clock });
      whileDown?.(running.server);
      await listen(running.server, port);
    },
    close: async () => {
      await running.server.close();
      running.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return running;
}
