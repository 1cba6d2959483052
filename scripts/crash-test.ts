/**
 * Crash test: organisers pitch, move, unschedule, merge and say "I'd go" without pause while
 * the real server (`dist/server/main.js`) is killed with SIGKILL at random moments and restarted on
 * the same database file and port. Clients behave as the browser does: re-join on every connect,
 * and resend a command whose answer was lost with the same commandId. Afterwards every
 * acknowledged write must be in the database, nothing may be half applied, no cell may hold two
 * sessions, the event's version must count exactly the commands applied, and SQLite's integrity
 * check must pass.
 *
 *   npm run test:crash -- [--rounds 8] [--seed 12345] [--clients 4] [--budget SECONDS]
 *   (or CRASH_ROUNDS, CRASH_SEED, CRASH_CLIENTS, CRASH_BUDGET)
 *
 * CI runs the 8 rounds of the default; a soak outside CI runs more (`--rounds 100`, about ten
 * minutes). The run fails if it has not finished within its budget (default: 90 s, or 10 s a round
 * for longer runs), so a client that never gets its answer cannot hang it. It ends with the figures:
 * acknowledged writes, how many of them were found in the database, and duplicates.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { Board, Session } from '../server/domain/types';
import type { Ack, ClientToServerEvents, FacilitationDone, Joined, ServerToClientEvents, SessionsChanged } from '../server/protocol/events';
import { browserKey } from '../server/services/session.service';
import { freePort, spawnServer, type ServerProcess } from '../test/helpers/server-process';

/** Time allowed for the whole run unless `--budget` says otherwise: 90 s, or 10 s a round for longer runs. */
const budgetFor = (rounds: number): number => Math.max(90, rounds * 10);
const ROOMS = 6;
const SLOTS = 6;
const MAX_SESSIONS = 150;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[`CRASH_${name.toUpperCase()}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
}

/** mulberry32: small, fast and the same everywhere, so a seed replays a run's choices. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof prng>;

/** A versioned write the server acknowledged, with the session as the server returned it. */
interface AckedWrite {
  commandId: string;
  kind: 'pitch' | 'move' | 'unschedule';
  version: number;
  session: Session;
}

/** An acknowledged merge: its answer carries the new version, not the merged session. */
interface AckedMerge {
  commandId: string;
  version: number;
  primaryId: string;
  otherIds: string[];
}

interface Tally {
  operations: number;
  refused: number;
  resent: number;
  writes: AckedWrite[];
  merges: AckedMerge[];
  interestAcks: number;
  /** The last acknowledged "I'd go" of each browser for each session. */
  interest: Map<string, boolean>;
}

async function api<T>(url: string, method: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** An organiser's browser: one socket, its own view of the board, one command at a time. */
class Organiser {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly view = new Map<string, Session>();
  /** Joined on the current connection; otherwise `ready` resolves at the next join. */
  private joined = false;
  private ready!: Promise<void>;
  private markReady: () => void = () => undefined;
  private commands = 0;
  private board: Board | null = null;

  constructor(
    url: string,
    private readonly name: string,
    private readonly eventId: string,
    token: string,
    readonly browser: string,
    private readonly random: Random,
    private readonly tally: Tally,
  ) {
    this.socket = connectClient(url, {
      forceNew: true,
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      auth: { token },
      extraHeaders: { cookie: `unsilo_browser=${browser}` },
    });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.socket.on('connect', () => this.join());
    this.socket.on('disconnect', () => this.waitForJoin());
    this.socket.on('session:changed', ({ sessions }) => sessions.forEach((s) => this.see(s)));
    this.socket.on('board:state', (board) => this.replace(board));
  }

  /** Runs commands until `stop()` says so; the one under way always gets its answer first. */
  async run(stopped: () => boolean): Promise<void> {
    while (!stopped()) await this.step();
  }

  close(): void {
    this.socket.close();
  }

  /** One pending `ready` per outage: a second disconnect before the join must not orphan the first. */
  private waitForJoin() {
    if (!this.joined) return;
    this.joined = false;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  private join() {
    this.socket.emit('board:join', { eventId: this.eventId }, (ack: Ack<Joined>) => {
      if (!ack.ok) throw new Error(`${this.name} could not join: ${ack.error.message}`);
      this.replace(ack.data.board);
      this.joined = true;
      this.markReady();
    });
  }

  private replace(board: Board) {
    this.board = board;
    this.view.clear();
    board.sessions.forEach((s) => this.see(s));
  }

  private see(session: Session) {
    const known = this.view.get(session.id);
    if (!known || known.version <= session.version) this.view.set(session.id, session);
  }

  /**
   * Sends a command once connected and joined; if the connection drops before the answer, sends it
   * again (same payload, same commandId) after the next join, as the browser does.
   */
  private async call<T>(event: keyof ClientToServerEvents, payload: object): Promise<Ack<T>> {
    for (let attempt = 0; ; attempt++) {
      while (!this.joined) await this.ready;
      if (attempt > 0) this.tally.resent++;
      const ack = await new Promise<Ack<T> | null>((resolve) => {
        const lost = () => resolve(null);
        this.socket.once('disconnect', lost);
        (this.socket as unknown as Socket).emit(event, payload, (answer: unknown) => {
          this.socket.off('disconnect', lost);
          const valid = typeof answer === 'object' && answer !== null && 'ok' in answer;
          resolve(valid ? (answer as Ack<T>) : null);
        });
      });
      if (ack) return ack;
    }
  }

  private async step(): Promise<void> {
    while (!this.joined) await this.ready;
    const sessions = [...this.view.values()];
    const roll = this.random.next();
    this.tally.operations++;
    if (sessions.length === 0 || (roll < 0.25 && sessions.length < MAX_SESSIONS)) return this.pitch();
    const session = this.random.pick(sessions)!;
    if (roll < 0.67) return this.move(session);
    if (roll < 0.82) return this.unschedule(this.random.pick(sessions.filter((s) => s.roomId)) ?? session);
    const partner = this.random.pick(sessions.filter((s) => s.id !== session.id));
    if (roll < 0.85 && partner) return this.merge(session, partner);
    return this.showInterest(session);
  }

  private commandId(): string {
    return `${this.name}-${String(++this.commands).padStart(6, '0')}`;
  }

  private async write<P extends { commandId: string }>(kind: AckedWrite['kind'], event: keyof ClientToServerEvents, payload: P) {
    const ack = await this.call<SessionsChanged>(event, payload);
    if (!ack.ok) {
      this.tally.refused++;
      const current = (ack.error.details as { session?: Session } | undefined)?.session;
      if (current) this.see(current);
      return;
    }
    for (const session of ack.data.sessions) {
      this.see(session);
      this.tally.writes.push({ commandId: payload.commandId, kind, version: ack.data.version, session });
    }
  }

  private pitch() {
    const commandId = this.commandId();
    const notes = 'x'.repeat(this.random.int(300));
    return this.write('pitch', 'session:pitch', { commandId, title: `Pitch ${commandId}`, notes, pitcher: this.name });
  }

  private move(session: Session) {
    const roomId = this.random.pick(this.board!.rooms)!.id;
    const slotId = this.random.pick(this.board!.slots)!.id;
    const move = { commandId: this.commandId(), sessionId: session.id, roomId, slotId, expectedVersion: session.version };
    return this.write('move', 'session:move', move);
  }

  private unschedule(session: Session) {
    const payload = { commandId: this.commandId(), sessionId: session.id, expectedVersion: session.version };
    return this.write('unschedule', 'session:unschedule', payload);
  }

  /** Merges `other` into `primary`, as a facilitator acting on an overlap suggestion would. */
  private async merge(primary: Session, other: Session) {
    const commandId = this.commandId();
    const payload = { commandId, sessionIds: [primary.id, other.id], primaryId: primary.id };
    const ack = await this.call<FacilitationDone>('suggestion:merge', payload);
    if (!ack.ok) return void this.tally.refused++;
    this.view.delete(other.id);
    this.tally.merges.push({ commandId, version: ack.data.version, primaryId: primary.id, otherIds: [other.id] });
  }

  private async showInterest(session: Session) {
    const interested = this.random.next() < 0.7;
    const ack = await this.call<{ interest: number }>('session:interest', { sessionId: session.id, interested });
    if (!ack.ok) return void this.tally.refused++;
    this.tally.interestAcks++;
    this.tally.interest.set(`${this.browser} ${session.id}`, interested);
  }
}

type Check = (ok: boolean, message: string) => void;

function checker() {
  const result = { checks: 0, failures: [] as string[] };
  const check: Check = (ok, message) => {
    result.checks++;
    if (!ok) result.failures.push(message);
  };
  return { result, check };
}

/** What must hold after any crash, whatever was under way: checked after every kill, before the restart. */
function checkStructure(db: Database.Database, check: Check, when: string): void {
  check(db.pragma('integrity_check', { simple: true }) === 'ok', `${when}: PRAGMA integrity_check is not ok`);
  check((db.pragma('foreign_key_check') as unknown[]).length === 0, `${when}: PRAGMA foreign_key_check found dangling references`);
  const halfPlaced = db.prepare('SELECT id FROM sessions WHERE (room_id IS NULL) <> (slot_id IS NULL)').pluck().all();
  check(halfPlaced.length === 0, `${when}: sessions with a room but no slot or a slot but no room: ${halfPlaced.join(', ')}`);
  const doubled = db
    .prepare(`SELECT room_id || ' x ' || slot_id FROM sessions WHERE room_id IS NOT NULL GROUP BY room_id, slot_id HAVING count(*) > 1`)
    .pluck()
    .all();
  check(doubled.length === 0, `${when}: cells holding two sessions: ${doubled.join(', ')}`);
}

function withDatabase(dbFile: string, use: (db: Database.Database) => void): void {
  const db = new Database(dbFile, { readonly: true });
  try {
    use(db);
  } finally {
    db.close();
  }
}

/** The run's figures: acknowledged commands, how many of them are in the database, and any applied twice. */
interface Figures {
  acknowledged: number;
  found: number;
  duplicates: number;
  interest: { acknowledged: number; checked: number; asAcknowledged: number };
}

/** Every rule the database must satisfy after the run; returns the figures. */
function verify(db: Database.Database, check: Check, eventId: string, setupVersion: number, tally: Tally): Figures {
  checkStructure(db, check, 'at the end');

  // Versions: every applied command moved the event on by exactly one, and each was acknowledged.
  const byCommand = new Map<string, { version: number }>([...tally.writes, ...tally.merges].map((w) => [w.commandId, w]));
  const versions = [...byCommand.values()].map((w) => w.version).sort((a, b) => a - b);
  const eventVersion = db.prepare('SELECT version FROM events WHERE id = ?').pluck().get(eventId) as number;
  const stored = db.prepare('SELECT command_id FROM commands WHERE event_id = ?').pluck().all(eventId) as string[];
  check(
    eventVersion === setupVersion + stored.length,
    `event version ${eventVersion} ≠ ${setupVersion} + ${stored.length} stored commands`,
  );
  check(
    versions.every((v, i) => v === setupVersion + 1 + i) && versions.length === stored.length,
    `acknowledged versions are not exactly ${setupVersion + 1}..${eventVersion} (got ${versions.length} for ${stored.length} commands)`,
  );
  const unacknowledged = stored.filter((id) => !byCommand.has(id));
  check(unacknowledged.length === 0, `applied but never acknowledged: ${unacknowledged.slice(0, 5).join(', ')}`);

  // Every session is as the last acknowledged write left it, and nothing else exists. A merge's
  // answer does not carry the merged session: its outcome is read from the stored command,
  // whose version must be the acknowledged one.
  type Expected = { commandId: string; version: number; state: Record<string, unknown> };
  const stateOf = (s: Session, mergedInto: string | null = null) => ({
    title: s.title,
    notes: s.notes,
    pitcher: s.pitcher,
    roomId: s.roomId,
    slotId: s.slotId,
    version: s.version,
    mergedInto,
  });
  const storedOutcome = db.prepare('SELECT result FROM commands WHERE event_id = ? AND command_id = ?').pluck();
  const expectations: Expected[] = tally.writes.map((w) => ({
    commandId: w.commandId,
    version: w.version,
    state: { id: w.session.id, ...stateOf(w.session) },
  }));
  const merged = new Set<string>();
  for (const m of tally.merges) {
    const outcome = JSON.parse((storedOutcome.get(eventId, m.commandId) as string | undefined) ?? 'null') as {
      version: number;
      value: Session;
    } | null;
    check(
      outcome?.version === m.version,
      `merge ${m.commandId} was acknowledged at version ${m.version} but stored as ${outcome?.version}`,
    );
    if (outcome) expectations.push({ commandId: m.commandId, version: m.version, state: { id: m.primaryId, ...stateOf(outcome.value) } });
    for (const id of [m.primaryId, ...m.otherIds]) merged.add(id);
    for (const id of m.otherIds)
      expectations.push({ commandId: m.commandId, version: m.version, state: { id, mergedInto: m.primaryId, roomId: null, slotId: null } });
  }
  const last = new Map<string, Expected>();
  for (const e of expectations.sort((a, b) => a.version - b.version)) last.set(e.state.id as string, e);
  const rows = db
    .prepare(
      'SELECT id, title, notes, pitcher, room_id AS roomId, slot_id AS slotId, version, merged_into AS mergedInto FROM sessions WHERE event_id = ?',
    )
    .all(eventId) as (Pick<Session, 'id' | 'title' | 'notes' | 'pitcher' | 'roomId' | 'slotId' | 'version'> & {
    mergedInto: string | null;
  })[];
  const found = new Map(rows.map((row) => [row.id, row]));
  for (const [id, { state, commandId }] of last) {
    const row = found.get(id) as Record<string, unknown> | undefined;
    const actual = row && Object.fromEntries(Object.keys(state).map((key) => [key, row[key]]));
    check(
      JSON.stringify(actual) === JSON.stringify(state),
      `session ${id} is ${JSON.stringify(actual)}, but ${commandId} was acknowledged as ${JSON.stringify(state)}`,
    );
  }
  const phantoms = rows.filter((row) => !last.has(row.id)).map((row) => row.id);
  check(phantoms.length === 0, `sessions nobody was told about: ${phantoms.join(', ')}`);

  // Found: the command's id is stored, which happens in the very transaction that applied it.
  // Duplicates: a pitch is titled after its command, so a pitch applied twice shows as two sessions of one title.
  const storedIds = new Set(stored);
  const inDatabase = [...byCommand.keys()].filter((id) => storedIds.has(id)).length;
  check(inDatabase === byCommand.size, `${byCommand.size - inDatabase} acknowledged commands are not in the database`);
  const pitchTitles = rows.map((row) => row.title).filter((title) => title.startsWith('Pitch '));
  const duplicates = pitchTitles.length - new Set(pitchTitles).size;
  check(duplicates === 0, `${duplicates} pitches were applied twice`);

  const interested = db.prepare('SELECT 1 FROM interests WHERE session_id = ? AND browser_key = ?').pluck();
  const interest = { acknowledged: tally.interestAcks, checked: 0, asAcknowledged: 0 };
  for (const [key, expected] of tally.interest) {
    const [browser, sessionId] = key.split(' ') as [string, string];
    if (merged.has(sessionId)) continue; // a merge pools the interest of the sessions it joins
    const ok = (interested.get(sessionId, browserKey(browser)) !== undefined) === expected;
    interest.checked++;
    if (ok) interest.asAcknowledged++;
    check(ok, `"I'd go" of ${browser} for ${sessionId} should be ${expected}`);
  }
  return { acknowledged: byCommand.size, found: inDatabase, duplicates, interest };
}

async function main(): Promise<void> {
  const started = Date.now();
  const rounds = option('rounds', 8);
  const seed = option('seed', Date.now() % 2 ** 31);
  const clients = option('clients', 4);
  const budgetMs = option('budget', budgetFor(rounds)) * 1000;
  const random = prng(seed);
  console.log(`crash test: ${rounds} rounds, ${clients} clients, seed ${seed} (replay with --seed ${seed})`);

  const dir = mkdtempSync(join(tmpdir(), 'unsilo-crash-'));
  const dbFile = join(dir, 'unsilo.db');
  const port = await freePort();
  let server: ServerProcess = await spawnServer({ dbFile, port, built: true });
  // A client that never gets its answer would hang CI: past the budget, the run fails instead.
  const watchdog = setTimeout(() => {
    console.log(`FAIL the crash test did not finish within ${budgetMs / 1000} s (--budget)`);
    server.child.kill('SIGKILL');
    process.exit(1);
  }, budgetMs);
  const { result, check } = checker();
  const tally: Tally = { operations: 0, refused: 0, resent: 0, writes: [], merges: [], interestAcks: 0, interest: new Map() };
  const organisers: Organiser[] = [];
  try {
    const { event, adminToken } = await api<{ event: { id: string }; adminToken: string }>(`${server.url}/api/events`, 'POST', {
      name: 'Crash test camp',
      date: '2026-06-20',
    });
    const eventUrl = `${server.url}/api/events/${event.id}`;
    for (let i = 0; i < ROOMS; i++) await api(`${eventUrl}/rooms`, 'POST', { name: `Room ${i + 1}` }, adminToken);
    for (let i = 0; i < SLOTS; i++)
      await api(`${eventUrl}/slots`, 'POST', { startsAt: `${10 + i}:00`, endsAt: `${10 + i}:45` }, adminToken);
    const setupVersion = ((await (await fetch(`${eventUrl}/board`)).json()) as Board).event.version;

    let stopping = false;
    for (let i = 0; i < clients; i++) {
      const name = `organiser${i + 1}`;
      organisers.push(new Organiser(server.url, name, event.id, adminToken, `browser-${name}-${seed}`, prng(seed + i + 1), tally));
    }
    const running = organisers.map((o) => o.run(() => stopping));

    let done = 0;
    for (; done < rounds && Date.now() - started < budgetMs - 15_000; done++) {
      const upFor = 200 + random.int(1800);
      const before = tally.operations;
      await new Promise((resolve) => setTimeout(resolve, upFor));
      server.child.kill('SIGKILL');
      await server.exited;
      withDatabase(dbFile, (db) => checkStructure(db, check, `after kill ${done + 1}`));
      console.log(`round ${done + 1}: killed after ${upFor} ms, ${tally.operations - before} operations begun`);
      server = await spawnServer({ dbFile, port, built: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopping = true;
    await Promise.all(running);
    server.child.kill('SIGKILL');
    await server.exited;

    let figures: Figures | undefined;
    withDatabase(dbFile, (db) => (figures = verify(db, check, event.id, setupVersion, tally)));
    const { checks, failures } = result;
    const byKind = (kind: AckedWrite['kind']) => tally.writes.filter((w) => w.kind === kind).length;
    console.log(
      `${done} of ${rounds} rounds, ${tally.operations} operations, ${tally.writes.length + tally.merges.length + tally.interestAcks} acknowledged writes ` +
        `(${byKind('pitch')} pitches, ${byKind('move')} moves, ${byKind('unschedule')} unschedules, ${tally.merges.length} merges, ` +
        `${tally.interestAcks} "I'd go"), ` +
        `${tally.refused} refused (stale, taken or merged away), ` +
        `${tally.resent} resent after a crash, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (figures) {
      const { acknowledged, found, duplicates, interest } = figures;
      console.log(
        `acknowledged commands ${acknowledged}, found in the database ${found}, duplicates ${duplicates}; ` +
          `"I'd go" acknowledged ${interest.acknowledged}, last state of ${interest.asAcknowledged} of ${interest.checked} browser × session pairs as acknowledged`,
      );
    }
    for (const failure of failures) console.log(`FAIL ${failure}`);
    console.log(`${checks - failures.length} passed, ${failures.length} failed`);
    if (failures.length > 0 || done < rounds) process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    organisers.forEach((o) => o.close());
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
