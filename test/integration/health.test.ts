/**
 * `/healthz` and `/readyz`: JSON bodies, no cookies, no rate limits; readiness depends on the
 * database taking a write, the schema being current, the analysis worker answering and the
 * sentence encoder having loaded, and turns to 503 first thing when shutdown begins.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Embedder } from '../../analysis';
import { Health } from '../../server/ops/health';
import { silentLogger } from '../../server/ops/logger';
import { latestVersion, openDatabase, type Db } from '../../server/persistence/database';
import { AnalysisWorkers, InlineAnalysis } from '../../server/services/analysis.thread';
import { createServer, type ServerDeps, type UnsiloServer } from '../../server/server';
import { handleShutdownSignals } from '../../server/shutdown';

let dir: string;
const open: { server: UnsiloServer; db: Db }[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-health-'));
});

afterEach(async () => {
  for (const { server, db } of open.splice(0)) {
    await server.close();
    if (db.open) db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function serve(deps: Partial<ServerDeps> = {}): { server: UnsiloServer; db: Db } {
  const db = openDatabase(join(dir, 'unsilo.db'));
  const server = createServer({ db, logger: silentLogger, encoder: 'none', analysis: new InlineAnalysis({ encoder: 'none' }), ...deps });
  open.push({ server, db });
  return { server, db };
}

test('/healthz answers 200 with a JSON body, sets no cookie and is never cached', async () => {
  const { server } = serve();
  const res = await request(server.app).get('/healthz').expect(200).expect('Content-Type', /json/);
  expect(res.body).toEqual({ status: 'ok' });
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.headers['cache-control']).toBe('no-store');
  // The pages do set one: the probes really are answered before that.
  expect((await request(server.app).get('/').expect(200)).headers['set-cookie']).toBeDefined();
});

test('/readyz is ready when the database takes a write, the schema is current and the analysis lanes take jobs; probes start no worker', async () => {
  const { server } = serve({ analysis: undefined });
  for (let n = 0; n < 5; n++) await request(server.app).get('/readyz').expect(200);
  const res = await request(server.app).get('/readyz').expect(200);
  // Probing often must not keep a worker (and its model) alive, nor queue work in front of analyses.
  expect((server.analysis as AnalysisWorkers).lanes.background.alive).toBe(false);
  expect((server.analysis as AnalysisWorkers).lanes.interactive.alive).toBe(false);
  expect(res.body).toEqual({
    status: 'ready',
    checks: { database: 'ok', migrations: `version ${latestVersion()}`, analysis: 'ok', model: 'off' },
  });
  expect(res.headers['set-cookie']).toBeUndefined();
});

test('/readyz answers 503 while the sentence encoder loads, and 200 once it has', async () => {
  let loaded!: (embedder: Embedder) => void;
  const loading = new Promise<Embedder>((resolve) => (loaded = resolve));
  const { server } = serve({ analysis: new InlineAnalysis({ loadEmbedder: () => loading }) });
  expect((await request(server.app).get('/readyz').expect(200)).body.checks.model).toBe('idle');
  server.warmUp();
  const res = await request(server.app).get('/readyz').expect(503);
  expect(res.body).toMatchObject({ status: 'not_ready', checks: { model: 'loading', database: 'ok' } });
  loaded({ embed: () => Promise.resolve([]) });
  await loading;
  expect((await request(server.app).get('/readyz').expect(200)).body.checks.model).toBe('ready');
});

test('/readyz answers 503 while another connection holds the write lock, without waiting for it', async () => {
  const { server } = serve();
  const other = new Database(join(dir, 'unsilo.db'));
  try {
    other.exec('BEGIN IMMEDIATE');
    const res = await request(server.app).get('/readyz').expect(503);
    expect(res.body.checks.database).toBe('database is locked');
    other.exec('ROLLBACK');
    await request(server.app).get('/readyz').expect(200);
  } finally {
    other.close();
  }
});

test('/readyz answers 503 when the schema is not the one this code needs', async () => {
  const { server, db } = serve();
  db.pragma(`user_version = ${latestVersion() - 1}`);
  const res = await request(server.app).get('/readyz').expect(503);
  expect(res.body.checks.migrations).toBe(`the database is at version ${latestVersion() - 1}, this code needs ${latestVersion()}`);
});

test('a check that does not answer in time makes readiness fail with the reason', async () => {
  const health = new Health([{ name: 'analysis', check: () => new Promise<string>(() => undefined) }], 20);
  expect(await health.readiness()).toEqual({
    ready: false,
    body: { status: 'not_ready', checks: { analysis: 'no answer within 20 ms' } },
  });
});

test('SIGTERM turns /readyz to 503 before the server stops listening', async () => {
  const { server, db } = serve();
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const signals = new EventEmitter();
  const exited = new Promise<number>((exit) => handleShutdownSignals({ server, db, logger: silentLogger, timeoutMs: 5000, exit, signals }));
  signals.emit('SIGTERM', 'SIGTERM');
  expect(server.http.listening).toBe(true);
  const res = await request(server.app).get('/readyz').expect(503);
  expect(res.body.status).toBe('stopping');
  expect(await exited).toBe(0);
});

test('probes are not rate-limited', async () => {
  const { server } = serve({
    rateLimits: {
      pitches: 1,
      edits: 1,
      interest: 1,
      notes: 1,
      flags: 1,
      similar: 1,
      socketCommands: 1,
      addressPitches: 1,
      addressEvents: 1,
      addressSockets: 1,
    },
  });
  for (let n = 0; n < 100; n++) {
    await request(server.app).get('/healthz').expect(200);
    await request(server.app).get('/readyz').expect(200);
  }
});
