/**
 * One server per database, with real processes: a second server on the same file is refused with
 * a clear message and exit 1; the lock dies with its process (no stale lock after SIGKILL); and
 * `npm run backup`, `npm run migrate -- --dry-run` and an operator's sqlite3 shell work beside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launchServer, runSource, spawnServer, type NodeProcess } from '../helpers/server-process';

const QUIET = { UNSILO_EMBEDDINGS: 'off' };
/** The first server collects its garbage all the time: a lock it held only by accident would be dropped. */
const COLLECTING = {
  ...QUIET,
  NODE_OPTIONS: `--expose-gc --require ${join(__dirname, '..', 'fixtures', 'ops', 'collect-garbage.cjs')}`,
};
// Real processes on a shared, loaded machine: each start compiles the server with tsx.
jest.setTimeout(60_000);
let dir: string;
const running: NodeProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-lock-'));
});

afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a second server on the same database is refused with a clear message and exit 1; the first keeps serving', async () => {
  const dbFile = join(dir, 'unsilo.db');
  const first = await spawnServer({ dbFile, port: await freePort(), env: COLLECTING });
  running.push(first);
  await first.printed(/The demo event/);
  const second = launchServer({ dbFile, port: await freePort(), env: QUIET });
  running.push(second);
  // A second server that started anyway would never exit: its start is the failure.
  const served = new Promise((resolve) =>
    second.child.stdout?.on('data', () => {
      if (second.output().includes('Unsilo is serving')) resolve('it served as well');
    }),
  );
  expect(await Promise.race([second.exited, served])).toEqual({ code: 1, signal: null });
  expect(second.output()).toContain(`Another Unsilo server (or \`npm run migrate\`) is already using ${dbFile}.`);
  expect(second.output()).toContain('Stop the other one first');
  expect(second.output()).not.toMatch(/\n\s+at /);
  expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
});

test('the lock dies with its process: after SIGKILL a new server starts on the same file at once', async () => {
  const dbFile = join(dir, 'unsilo.db');
  const port = await freePort();
  const killed = await spawnServer({ dbFile, port, env: QUIET });
  running.push(killed);
  killed.child.kill('SIGKILL');
  await killed.exited;
  const next = await spawnServer({ dbFile, port, env: QUIET });
  running.push(next);
  expect((await fetch(`${next.url}/readyz`)).status).toBe(200);
});

test('backup, migrate --dry-run and the sqlite3 shell work while the server runs; migrate (applying) waits for it to stop', async () => {
  const dbFile = join(dir, 'unsilo.db');
  const server = await spawnServer({ dbFile, port: await freePort(), env: QUIET });
  running.push(server);
  const env = { UNSILO_DB: dbFile };

  const backup = await runSource('server/cli/backup.ts', [join(dir, 'copy.db')], env);
  expect(backup).toMatchObject({ code: 0, output: expect.stringContaining(`Backed up ${dbFile} to ${join(dir, 'copy.db')}`) });
  expect(existsSync(join(dir, 'copy.db'))).toBe(true);

  const dryRun = await runSource('server/cli/migrate.ts', ['--dry-run'], env);
  expect(dryRun).toMatchObject({ code: 0, output: expect.stringContaining('up to date, nothing to apply') });

  // An operator's shell reads, and writes (it waits for the lock like any connection).
  const shell = (sql: string) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', dbFile, sql], { encoding: 'utf8' }).trim();
  expect(shell('SELECT count(*) FROM events;')).toBe('1');
  shell("UPDATE events SET venue = 'Changed by hand';");
  const board = (await (await fetch(`${server.url}/api/events/demo-localgovcamp/board`)).json()) as { event: { venue: string } };
  expect(board.event.venue).toBe('Changed by hand');

  const apply = await runSource('server/cli/migrate.ts', [], env);
  expect(apply.code).toBe(1);
  expect(apply.output).toContain(`Another Unsilo server (or \`npm run migrate\`) is already using ${dbFile}.`);
});
