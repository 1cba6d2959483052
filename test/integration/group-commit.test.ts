/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction (one
 * fsync), each in its own savepoint; every outcome is told only after that commit.
 */
import { openDatabase, type Db } from '../../server/persistence/database';
import type { BoardChange } from '../../server/services/changes';
import { createContext, WriteGroup, type ServiceContext } from '../../server/services/context';
import { createServices, type Services } from '../../server/services';
import { InlineAnalysis } from '../../server/services/analysis.thread';
import type { Ack, SessionsChanged } from '../../server/protocol/events';
import { DomainError } from '../../server/domain/errors';
import { commandId, dump, harness, joinBoard, okData, seed, send, type Harness } from './realtime.helpers';

let h: Harness;
let live: { db: Db; ctx: ServiceContext; services: Services };

beforeEach(() => {
  h = harness();
  const db = openDatabase(`${h.tempDir()}/group.db`);
  const ctx = createContext(db);
  // A stopped clock: however slow the machine, a group's time budget never splits these tests' groups.
  ctx.writes = new WriteGroup(db, () => 0);
  live = {
    db,
    ctx,
    services: createServices(ctx, {
      runner: new InlineAnalysis({ encoder: 'none' }),
      logger: { info: () => undefined, error: () => undefined },
    }),
  };
});

afterEach(async () => {
  await live.services.suggestions.close();
  live.db.close();
  await h.close();
});

const subscribe = (listener: (change: BoardChange) => void) => live.ctx.changes.subscribe(listener);

/** Counts transactions begun outside any other: each one is a commit (and an fsync) of its own. */
function countCommits(db: Db): { count: number } {
  const counter = { count: 0 };
  const transaction = db.transaction.bind(db);
  jest.spyOn(db, 'transaction').mockImplementation(((fn: (...args: unknown[]) => unknown) => {
    const wrapped = transaction(fn);
    const counted =
      (run: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) => {
        if (!db.inTransaction) counter.count += 1;
        return run(...args);
      };
    // Write transactions begin IMMEDIATE (`.immediate()`), reads as plain calls or `.deferred()`: all are counted.
    return Object.assign(counted(wrapped), {
      deferred: counted((...args) => wrapped.deferred(...args)),
      immediate: counted((...args) => wrapped.immediate(...args)),
      exclusive: counted((...args) => wrapped.exclusive(...args)),
    }) as unknown as ReturnType<Db['transaction']>;
  }) as Db['transaction']);
  return counter;
}

const versionOf = (db: Db, eventId: string) =>
  (db.prepare('SELECT version FROM events WHERE id = ?').get(eventId) as { version: number }).version;

describe('writes handed to the write group in one turn', () => {
  test('share one commit; each resolves with its own version, and is announced only after the commit', async () => {
    const ev = seed(live.services);
    const before = versionOf(live.db, ev.eventId);
    const commits = countCommits(live.db);
    const announced: { change: BoardChange; inTransaction: boolean }[] = [];
    const unsubscribe = subscribe((change) => announced.push({ change, inTransaction: live.db.inTransaction }));

    const pitches = Array.from({ length: 20 }, (_, k) =>
      live.services.writes.run(() => live.services.sessions.pitch(ev.eventId, { title: `Pitch ${k}`, notes: '', pitcher: 'Sam' })),
    );
    expect(announced).toEqual([]);
    const results = await Promise.all(pitches);
    unsubscribe();

    expect(commits.count).toBe(1);
    expect(results.map((r) => r.version)).toEqual(Array.from({ length: 20 }, (_, k) => before + k + 1));
    expect(versionOf(live.db, ev.eventId)).toBe(before + 20);
    const sessionNotices = announced.filter(({ change }) => change.kind === 'sessions');
    expect(sessionNotices.map(({ change }) => (change.kind === 'sessions' ? change.version : 0))).toEqual(results.map((r) => r.version));
    expect(sessionNotices.every(({ inTransaction }) => !inTransaction)).toBe(true);
  });

  test('a group ends when its time budget is spent: the writes left are committed at the next turn, in order', async () => {
    const ev = seed(live.services);
    // A clock that moves 15 ms each time it is read: each write seems to take 15 ms.
    let time = 0;
    const writes = new WriteGroup(live.db, () => (time += 15));
    const reader = openDatabase(live.db.name);
    const committed = () => (reader.prepare('SELECT count(*) AS n FROM sessions WHERE event_id = ?').get(ev.eventId) as { n: number }).n;
    const seen: number[] = [];
    const pitches = Array.from({ length: 6 }, (_, k) =>
      writes.run(() => {
        seen.push(committed());
        return live.services.sessions.pitch(ev.eventId, { title: `Budget ${k}`, notes: '', pitcher: 'Sam' }).value.title;
      }),
    );
    expect(await Promise.all(pitches)).toEqual(['Budget 0', 'Budget 1', 'Budget 2', 'Budget 3', 'Budget 4', 'Budget 5']);
    reader.close();
    // Two writes fit in the 20 ms budget; the other connection sees each pair committed before the next runs.
    expect(seen).toEqual([3, 3, 5, 5, 7, 7]);
  });

  test('reads and writes queued in one turn go in groups of one kind, in order: a read never waits for the write lock', async () => {
    const ev = seed(live.services);
    const writes = new WriteGroup(live.db, () => 0);
    const other = openDatabase(live.db.name);
    other.exec('BEGIN IMMEDIATE');
    live.db.pragma('busy_timeout = 0');
    const order: string[] = [];
    const read = writes.run(() => (order.push('read'), live.services.events.board(ev.eventId).sessions.length), 'read');
    const write = writes.run(
      () => (order.push('write'), live.services.sessions.pitch(ev.eventId, { title: 'Blocked', notes: '', pitcher: 'Sam' })),
    );
    // The read is answered though another connection holds the write lock; the write is refused busy.
    const [readOutcome, writeOutcome] = await Promise.allSettled([read, write]);
    expect(readOutcome).toEqual({ status: 'fulfilled', value: 3 });
    expect(writeOutcome).toMatchObject({ status: 'rejected', reason: { code: expect.stringMatching(/^SQLITE_BUSY/) } });
    expect(order).toEqual(['read']);
    other.exec('ROLLBACK');
    other.close();
  });

  test('one that fails is refused alone: the others are stored and announced, its partial work is rolled back', async () => {
    const ev = seed(live.services);
    const before = versionOf(live.db, ev.eventId);
    const announced: BoardChange[] = [];
    const unsubscribe = subscribe((change) => announced.push(change));
    const good = (title: string) =>
      live.services.writes.run(() => live.services.sessions.pitch(ev.eventId, { title, notes: '', pitcher: 'Sam' }));
    const outcomes = await Promise.allSettled([
      good('First'),
      // Stores a pitch, then fails: the pitch must not survive.
      live.services.writes.run(() => {
        live.services.sessions.pitch(ev.eventId, { title: 'Half done', notes: '', pitcher: 'Sam' });
        throw new DomainError('conflict', 'Refused after a write.');
      }),
      live.services.writes.run(() =>
        live.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[0], slotId: ev.slots[0], expectedVersion: 99 }),
      ),
      good('Last'),
    ]);
    unsubscribe();

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as DomainError).message).toBe('Refused after a write.');
    expect(((outcomes[2] as PromiseRejectedResult).reason as DomainError).code).toBe('stale');
    const titles = (live.db.prepare('SELECT title FROM sessions WHERE event_id = ?').all(ev.eventId) as { title: string }[]).map(
      (r) => r.title,
    );
    expect(titles).toEqual(expect.arrayContaining(['First', 'Last']));
    expect(titles).not.toContain('Half done');
    expect(versionOf(live.db, ev.eventId)).toBe(before + 2);
    expect(announced.filter((c) => c.kind === 'sessions').map((c) => (c.kind === 'sessions' ? c.sessions[0]!.title : ''))).toEqual([
      'First',
      'Last',
    ]);
  });

  test('the same command id twice in one group applies once; both get the same outcome', async () => {
    const ev = seed(live.services);
    const before = versionOf(live.db, ev.eventId);
    const id = commandId('twice');
    const pitch = () =>
      live.services.writes.run(() => live.services.sessions.pitch(ev.eventId, { title: 'Only once', notes: '', pitcher: 'Sam' }, id));
    const [first, second] = await Promise.all([pitch(), pitch()]);
    expect(second).toEqual(first);
    expect(versionOf(live.db, ev.eventId)).toBe(before + 1);
    expect(live.db.prepare("SELECT count(*) AS n FROM sessions WHERE title = 'Only once'").get()).toEqual({ n: 1 });
  });

  test('flush commits whatever is queued at once (shutdown calls it before closing the database)', async () => {
    const ev = seed(live.services);
    const queued = live.services.writes.run(() => live.services.sessions.pitch(ev.eventId, { title: 'Queued', notes: '', pitcher: 'Sam' }));
    expect(live.db.prepare("SELECT count(*) AS n FROM sessions WHERE title = 'Queued'").get()).toEqual({ n: 0 });
    live.services.writes.flush();
    expect(live.db.prepare("SELECT count(*) AS n FROM sessions WHERE title = 'Queued'").get()).toEqual({ n: 1 });
    await expect(queued).resolves.toMatchObject({ value: { title: 'Queued' } });
  });
});

describe('socket commands arriving together', () => {
  test('are acknowledged after one shared commit; a refused one among them changes nothing of the others', async () => {
    const server = await h.start({ file: `${h.tempDir()}/sockets.db`, encoder: 'none', rateLimits: 'off' });
    const ev = seed(server.services);
    const { socket } = await joinBoard(h, server, ev.eventId, { token: ev.adminToken });
    const before = versionOf(server.db, ev.eventId);
    const commits = countCommits(server.db);
    const acks = await Promise.all([
      ...Array.from({ length: 10 }, (_, k) =>
        send<SessionsChanged>(socket, 'session:pitch', {
          commandId: commandId(`p${k}`),
          title: `Socket pitch ${k}`,
          notes: '',
          pitcher: 'Ana',
        }),
      ),
      send(socket, 'session:pitch', { commandId: commandId('bad'), title: '', notes: '', pitcher: 'Ana' }),
    ]);
    const versions = acks.slice(0, 10).map((ack) => okData(ack as Ack<SessionsChanged>).version);
    expect(new Set(versions).size).toBe(10);
    expect(Math.max(...versions)).toBe(before + 10);
    expect(acks[10]).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // Socket frames can arrive over more than one turn, but never one commit per command.
    expect(commits.count).toBeLessThan(10);
    // A resend of an acknowledged command (same id) returns its stored outcome and changes nothing.
    const snapshot = dump(server.db);
    const resent = await send(socket, 'session:pitch', { commandId: commandId('p0'), title: 'Socket pitch 0', notes: '', pitcher: 'Ana' });
    expect(okData(resent)).toEqual(okData(acks[0]));
    expect(dump(server.db)).toEqual(snapshot);
    expect(server.loggedErrors).toEqual([]);
  });
});
