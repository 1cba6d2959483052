/**
 * Another connection holding SQLite's write lock (an operator's sqlite3 shell, a stray second
 * process): writes wait for it, up to the busy timeout, and a lock held longer is answered with 503
 * and Retry-After over HTTP, or a `busy` ack over a socket; never a 500, nothing half written, and
 * reads go on meanwhile. The timeout is kept short here through openDatabase's option, and the
 * detector runs on words alone, so no background write waits on the lock as well.
 */
import Database from 'better-sqlite3';
import request from 'supertest';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { bearer, dumpTables, formsOf, seedBoard } from '../helpers/app';
import { commandId, dump, harness, joinBoard, okData, seed, send, type Harness } from './realtime.helpers';

jest.setTimeout(30_000);

let h: Harness;
let holder: Database.Database | null;

beforeEach(() => {
  h = harness();
  holder = null;
});

afterEach(async () => {
  if (holder?.inTransaction) holder.exec('ROLLBACK');
  holder?.close();
  await h.close();
});

/** Takes the write lock from a second connection, as `sqlite3 unsilo.db 'BEGIN IMMEDIATE; …'` would. */
function holdWriteLock(file: string): Database.Database {
  holder = new Database(file);
  holder.exec('BEGIN IMMEDIATE');
  return holder;
}

describe('a lock held past the busy timeout', () => {
  test('HTTP writes are answered 503 with Retry-After, change nothing, and go through once the lock is let go', async () => {
    const file = join(h.tempDir(), 'unsilo.db');
    const live = await h.start({ file, busyTimeoutMs: 50, rateLimits: 'off', encoder: 'none' });
    const app = { app: live.server.app, db: live.db, loggedErrors: live.loggedErrors };
    const ev = await seedBoard(app.app);
    const exported = (await request(app.app).get(`/api/events/${ev.eventId}/export`).set(bearer(ev.adminToken)).expect(200)).body;
    const forms = await formsOf(app.app, `/e/${ev.eventId}/pitch`);
    const before = dumpTables(app.db);
    const lock = holdWriteLock(file);

    const api = `/api/events/${ev.eventId}`;
    const writes = [
      request(app.app).post(`${api}/sessions`).send({ title: 'Waiting for the lock', pitcher: 'Sam' }),
      request(app.app).put(`${api}/sessions/${ev.sessions[1]}/interest`),
      request(app.app)
        .put(`${api}/sessions/${ev.sessions[1]}/placement`)
        .set(bearer(ev.adminToken))
        .send({ roomId: ev.rooms[1], slotId: ev.slots[1] }),
      request(app.app).post(`${api}/organiser-link`).set(bearer(ev.adminToken)),
      request(app.app).post(`${api}/facilitator-link`).set(bearer(ev.adminToken)),
      request(app.app).post('/api/events').send({ name: 'Another camp', date: '2026-07-01' }),
      request(app.app).post('/api/events/import').send(exported),
    ];
    for (const write of writes) {
      const res = await write;
      expect([res.status, res.headers['retry-after'], res.body.error]).toEqual([
        503,
        '5',
        { code: 'busy', message: expect.stringMatching(/Nothing was changed; try again in a few seconds/), details: { retryAfter: 5 } },
      ]);
    }
    const page = await forms.post(`/e/${ev.eventId}/pitch`, { title: 'Waiting for the lock', pitcher: 'Sam' }).expect(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.text).toContain('try again in a few seconds');
    await request(app.app).get(`${api}/board`).expect(200);
    expect(dumpTables(app.db)).toBe(before);

    lock.exec('ROLLBACK');
    await request(app.app).post(`${api}/sessions`).send({ title: 'After the lock', pitcher: 'Sam' }).expect(201);
    expect(app.loggedErrors).toEqual([]);
  });

  test('socket commands are acknowledged busy, joins still work, and a resend after the lock is applied once', async () => {
    const file = join(h.tempDir(), 'unsilo.db');
    const live = await h.start({ file, busyTimeoutMs: 50, rateLimits: 'off', encoder: 'none' });
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const before = dump(live.db);
    const lock = holdWriteLock(file);

    const pitch = { commandId: commandId('busy-pitch'), title: 'Waiting for the lock', notes: '', pitcher: 'Sam' };
    const move = { commandId: commandId('busy-move'), sessionId: ev.sessions[0], roomId: ev.rooms[0], slotId: ev.slots[0] };
    const busy = { ok: false, error: { code: 'busy', message: expect.stringMatching(/try again/), details: { retryAfter: 5 } } };
    expect([await send(socket, 'session:pitch', pitch), await send(socket, 'session:move', move)]).toEqual([busy, busy]);
    const viewer = await joinBoard(h, live, ev.eventId);
    expect(viewer.joined.board.sessions).toHaveLength(3);
    expect(dump(live.db)).toEqual(before);

    lock.exec('ROLLBACK');
    okData(await send(socket, 'session:pitch', pitch));
    okData(await send(socket, 'session:pitch', pitch));
    expect(live.services.events.board(ev.eventId).sessions.filter((s) => s.title === 'Waiting for the lock')).toHaveLength(1);
    expect(live.loggedErrors).toEqual([]);
  });
});

/**
 * A second thread takes the write lock, and lets go only once this thread is about to write (and a
 * little after, while the write is waiting for it): a write that waits succeeds, one that gives up at
 * once (a transaction that read first, then tried to write) fails.
 */
async function lockReleasedDuringWrite(file: string, write: () => void): Promise<void> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { workerData, parentPort } = require('node:worker_threads');
    const Database = require('better-sqlite3');
    const db = new Database(workerData.file);
    db.exec('BEGIN IMMEDIATE');
    parentPort.postMessage('locked');
    Atomics.wait(workerData.signal, 0, 0);
    Atomics.wait(workerData.signal, 0, 1, 200);
    db.exec('COMMIT');
    db.close();
    `,
    { eval: true, workerData: { file, signal } },
  );
  const exited = new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
  await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  try {
    write();
  } finally {
    await exited;
  }
}

describe('a lock let go within the busy timeout', () => {
  test('a write waits for it and goes through, alone or in a group of socket commands', async () => {
    const file = join(h.tempDir(), 'unsilo.db');
    const live = await h.start({ file, busyTimeoutMs: 10_000, rateLimits: 'off', encoder: 'none' });
    const { services } = live;
    const ev = seed(services);

    await lockReleasedDuringWrite(file, () => services.sessions.pitch(ev.eventId, { title: 'Alone', notes: '', pitcher: 'Sam' }));

    const grouped = services.writes.run(() => services.sessions.pitch(ev.eventId, { title: 'Grouped', notes: '', pitcher: 'Sam' }));
    await lockReleasedDuringWrite(file, () => services.writes.flush());
    await grouped;

    expect(services.events.board(ev.eventId).sessions.map((s) => s.title)).toEqual(expect.arrayContaining(['Alone', 'Grouped']));
    expect(live.loggedErrors).toEqual([]);
  });
});
