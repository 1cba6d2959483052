/**
 * Online backup of the running server's database, and restoring it: the copy is consistent, holds
 * every write acknowledged before it began, and a server started on it serves those writes.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDatabase } from '../../server/persistence/backup';
import { freePort, spawnServer, type ServerProcess } from '../helpers/server-process';

let dir: string;
let server: ServerProcess | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-backup-'));
});

afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as T;
}

/** Pitches one session after another until stopped, recording each acknowledged title. */
function keepPitching(url: string, acknowledged: string[]) {
  let stopped = false;
  const waiting: { count: number; resolve: () => void }[] = [];
  const done = (async () => {
    for (let n = 1; !stopped; n++) {
      const title = `Pitch ${n}`;
      await post(url, { title, pitcher: 'Ola', notes: 'n'.repeat(500) });
      acknowledged.push(title);
      for (const w of waiting) if (acknowledged.length >= w.count) w.resolve();
    }
  })();
  return {
    /** Resolves once `count` pitches have been acknowledged. */
    reached: (count: number) => new Promise<void>((resolve) => void waiting.push({ count, resolve })),
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

function titlesIn(file: string, eventId: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return db.prepare('SELECT title FROM sessions WHERE event_id = ?').pluck().all(eventId) as string[];
  } finally {
    db.close();
  }
}

test('a backup taken while writes continue is consistent and holds every write acknowledged before it began; restoring it serves them', async () => {
  const dbFile = join(dir, 'unsilo.db');
  const port = await freePort();
  server = await spawnServer({ dbFile, port });
  const { event } = await post<{ event: { id: string } }>(`${server.url}/api/events`, { name: 'Backup camp', date: '2026-06-20' });
  const sessionsUrl = `${server.url}/api/events/${event.id}/sessions`;
  const acknowledged: string[] = [];
  const writer = keepPitching(sessionsUrl, acknowledged);
  await writer.reached(50);

  const before = [...acknowledged];
  const backup = join(dir, 'backup.db');
  const { pages } = await backupDatabase(dbFile, backup);
  const countAfterBackup = acknowledged.length;
  await writer.stop();

  const saved = titlesIn(backup, event.id);
  expect(pages).toBeGreaterThan(0);
  expect(saved).toEqual(expect.arrayContaining(before));
  expect(saved.length).toBeLessThanOrEqual(countAfterBackup + 1);
  expect(acknowledged.length).toBeGreaterThan(before.length); // writes really went on around the backup

  // Restore: stop the server, copy the backup over the database (without its old -wal/-shm), start.
  server.child.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
  rmSync(`${dbFile}-wal`, { force: true });
  rmSync(`${dbFile}-shm`, { force: true });
  copyFileSync(backup, dbFile);
  server = await spawnServer({ dbFile, port });
  const board = (await (await fetch(`${server.url}/api/events/${event.id}/board`)).json()) as { sessions: { title: string }[] };
  expect(board.sessions.map((s) => s.title).sort()).toEqual([...saved].sort());
});
