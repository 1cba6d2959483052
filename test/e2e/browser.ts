import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase, type Db } from '../../server/persistence/database';
import { createServer, type UnsiloServer } from '../../server/server';

/**
 * Debian's Chromium, with the flags our closed network and root sandbox need. Playwright gives each
 * launch a fresh temporary profile (it refuses a `--user-data-dir` argument), so no state leaks between runs.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface RunningApp {
  server: UnsiloServer;
  db: Db;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real app on a temporary database file and a free port. */
export async function startApp(): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'unsilo-e2e-'));
  const db = openDatabase(join(dir, 'unsilo.db'));
  const server = createServer({ db, logger: { info: () => undefined, error: (m, e) => console.error(m, e) } });
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const { port } = server.http.address() as AddressInfo;
  return {
    server,
    db,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
