/**
 * `npm run bench [-- --json] [-- --no-build] [-- --embeddings-off]`: performance of the real
 * server on this machine, next to a bare Socket.IO relay under the same load (issue 8,
 * docs/benchmarks.md). Builds, then forks the compiled server (scripts/bench/server.cjs) on a
 * temporary database, a bare relay (scripts/bench/relay.ts) and four viewer shards
 * (scripts/bench/viewers.ts), all on 127.0.0.1. Measures:
 *  - fanout: 500 and 2,000 viewers on one board; an organiser moves a session 10×/s; latency is
 *    send of `session:move` → arrival of `session:changed` at each viewer (one monotonic clock);
 *  - memory: server RSS (and heap) per connected viewer at 2,000;
 *  - page: server-side time (request → response finished) of GET /e/:id at 150 and 1,000 sessions;
 *  - intake: pitches/s over sockets through validate → store → broadcast → ack, and ack p99;
 *  - analysis: scripts/bench-analysis.ts (detector at 150 / 1,000, new pitch, cold CLI).
 *  - schedule: median time of a schedule proposal for 150 sessions (scripts/bench/schedule.ts).
 * Human table on stdout, or with --json exactly one JSON object (progress goes to stderr).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { scheduleTiming } from './bench/schedule';
import {
  cpuMs,
  http as sendHttp,
  machineBusy,
  machineCpu,
  median,
  nowMs,
  percentile,
  pitchText,
  seeded,
  sleep,
  syntheticExport,
  waitQuiet,
} from './bench/common';

const args = new Set(process.argv.slice(2));
const JSON_OUT = args.has('--json');
const ROOT = join(__dirname, '..');
const SHARDS = 4;
const MOVES_PER_S = 10;
const MOVE_SECONDS = Number(process.env.BENCH_MOVE_SECONDS ?? 10);
const INTAKE_PITCHES = 3000;
const INTAKE_SOCKETS = 24;
/** BENCH_ONLY=page,fanout,mixed,similar,intake runs only those server phases (for profiling one at a time). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'page,fanout,mixed,similar,intake').split(','));
const progress = (message: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------- child processes

interface Child {
  proc: ChildProcess;
  /** Sends a message and resolves with the next message of `reply` type. */
  ask<T = Record<string, unknown>>(message: object, reply: string, timeoutMs?: number): Promise<T>;
}

function wrap(proc: ChildProcess, label: string): Child {
  return {
    proc,
    ask<T>(message: object, reply: string, timeoutMs = 120_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          proc.off('message', onMessage);
          reject(new Error(`${label}: no '${reply}' within ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (m: { type?: string }) => {
          if (m?.type !== reply) return;
          clearTimeout(timer);
          proc.off('message', onMessage);
          resolve(m as T);
        };
        proc.on('message', onMessage);
        if (Object.keys(message).length > 0) proc.send(message);
      });
    },
  };
}

const TSX = ['--import', 'tsx'];
function forkTs(file: string, label: string, env: NodeJS.ProcessEnv = process.env): Child {
  const proc = fork(join(__dirname, 'bench', file), [], { execArgv: TSX, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return wrap(proc, label);
}

async function startServer(dbFile: string): Promise<{ child: Child; port: number }> {
  const proc = fork(join(__dirname, 'bench', 'server.cjs'), [], {
    // BENCH_PROFILE_DIR=dir: the server writes a V8 CPU profile there when the bench ends.
    execArgv: ['--expose-gc', ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
    env: { ...process.env, UNSILO_DB: dbFile, NODE_ENV: process.env.NODE_ENV },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const child = wrap(proc, 'server');
  const { port } = await child.ask<{ port: number }>({}, 'listening', 30_000);
  return { child, port };
}

async function startRelay(): Promise<{ child: Child; port: number }> {
  const child = forkTs('relay.ts', 'relay');
  const { port } = await child.ask<{ port: number }>({}, 'listening', 30_000);
  return { child, port };
}

// ---------------------------------------------------------------- HTTP helpers

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

const http = (port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  sendHttp(port, agent, method, path, body, headers);

async function importEvent(port: number, data: object): Promise<{ eventId: string; adminToken: string }> {
  const res = await http(port, 'POST', '/api/events/import', data);
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${res.body.slice(0, 300)}`);
  const parsed = JSON.parse(res.body) as { event: { id: string }; adminToken: string };
  return { eventId: parsed.event.id, adminToken: parsed.adminToken };
}

// ---------------------------------------------------------------- fan-out

interface BoardLike {
  rooms: { id: string }[];
  slots: { id: string }[];
  sessions: { id: string; roomId: string | null; slotId: string | null; version: number }[];
}
type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
/** What the bench reads of the server's acks: the join's board (when the server sends one) and a move's new versions. */
interface JoinData {
  /** The bare relay answers a join with no board. */
  board: BoardLike | { rooms?: undefined };
}
interface MoveData {
  version: number;
  sessions: { version: number }[];
}

function openSocket(port: number, token?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(`http://127.0.0.1:${port}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(token ? { auth: { token } } : {}),
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const emitAck = <T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> =>
  new Promise((resolve) => socket.emit(event, payload, (ack: Ack<T>) => resolve(ack)));

interface FanoutResult {
  clients: number;
  moves: number;
  failedMoves: number;
  connected: number;
  latencies: number[];
  deliveredRatio: number;
  connectMs: number;
  /** What one viewer received while the organiser moved sessions: count and JSON characters by event. */
  perViewer: Record<string, { count: number; bytes: number }>;
  window: MoveWindow;
}

/**
 * What the machine did while the organiser moved sessions: CPU of the process under test (all its
 * threads), of the viewer shards and of the bench itself, the share of both cores busy (anyone's,
 * other users' too) and the load average; for the server, what its main thread went through (from
 * probe.cjs). Which moves were slow, and when the first viewer got anything else, lines them up.
 */
interface MoveWindow {
  target_cpu_ms: number;
  shards_cpu_ms: number;
  bench_cpu_ms: number;
  /** CPU the machine spent on anything else (other users' jobs): its busy time less the three above. */
  others_cpu_ms: number;
  machine_busy: number;
  load_1m: number;
  server: (Omit<PhaseReport, 'analysis_jobs'> & { analysis_jobs_at_ms: number[] }) | null;
  /** Moves whose slowest delivery took over 100 ms: [ms after the first move was sent, slowest delivery ms]. */
  slow_moves: [number, number][];
  /** Notifications other than `session:changed` the first viewer got: [event, ms after the first move was sent]. */
  notices: [string, number][];
}

interface Target {
  port: number;
  pid: number;
  /** The server's probe (probe.cjs), which reports on its main thread per phase; the relay has none. */
  probe?: Child;
}

interface PhaseReport {
  loop_delay_p99_ms: number;
  loop_delay_max_ms: number;
  gc_ms: number;
  gc_max_ms: number;
  gc_count: number;
  gc_max_kind: string | null;
  /** [ms into the phase, sessions] of each analysis job the server handed to its worker thread. */
  analysis_jobs: [number, number][];
}

/** Viewers join, then one organiser moves sessions 10×/s for MOVE_SECONDS. */
async function fanout(
  shards: Child[],
  target: Target,
  eventId: string,
  token: string | undefined,
  clients: number,
  options: {
    beforeMoves?: () => Promise<void>;
    /** Load started with the moves and stopped when their acks are in (the mixed case's pitches). */
    alongside?: () => () => Promise<void>;
  } = {},
): Promise<FanoutResult> {
  const { port } = target;
  const url = `http://127.0.0.1:${port}`;
  const per = Math.ceil(clients / shards.length);
  const started = Date.now();
  const connected = await Promise.all(
    shards.map((s, k) =>
      s.ask<{ ok: number }>({ type: 'connect', url, eventId, count: Math.min(per, clients - k * per) }, 'connected', 180_000),
    ),
  );
  const connectMs = Date.now() - started;
  const viewers = connected.reduce((sum, c) => sum + c.ok, 0);
  if (options.beforeMoves) await options.beforeMoves();

  const organiser = await openSocket(port, token);
  const joined = await emitAck<JoinData>(organiser, 'board:join', { eventId });
  if (!joined.ok) throw new Error(`organiser join failed: ${joined.error.message}`);
  const sent = joined.data.board;
  const board: BoardLike = sent.rooms
    ? sent
    : {
        rooms: range(10).map((r) => ({ id: `r${r}` })),
        slots: range(10).map((s) => ({ id: `t${s}` })),
        sessions: range(40).map((k) => ({ id: `s${k}`, roomId: `r${k % 10}`, slotId: `t${Math.floor(k / 10)}`, version: 1 })),
      };
  const cells = board.slots.flatMap((slot) => board.rooms.map((room) => `${room.id} ${slot.id}`));
  const occupied = new Set(board.sessions.filter((s) => s.roomId).map((s) => `${s.roomId} ${s.slotId}`));
  const placed = board.sessions.filter((s) => s.roomId);
  await sleep(1500); // let the joins' presence broadcast and the first analysis settle
  await Promise.all(shards.map((s) => s.ask({ type: 'start' }, 'started')));
  await target.probe?.ask({ type: 'phase', profile: `fanout-${clients}` }, 'phase');
  const shardsCpu = () => shards.reduce((sum, s) => sum + cpuMs(s.proc.pid!), 0);
  const cpuBefore = { target: cpuMs(target.pid), shards: shardsCpu(), machine: machineCpu(), self: process.cpuUsage() };

  const sentAt = new Map<number, number>();
  const moves = MOVES_PER_S * MOVE_SECONDS;
  let failed = 0;
  let cursor = 0;
  const pending: Promise<void>[] = [];
  const stopAlongside = options.alongside?.();
  const t0 = Date.now();
  for (let i = 0; i < moves; i++) {
    const wait = t0 + (i * 1000) / MOVES_PER_S - Date.now();
    if (wait > 0) await sleep(wait);
    const session = placed[i % placed.length]!;
    let cell = '';
    for (let tries = 0; tries < cells.length; tries++) {
      cursor = (cursor + 7) % cells.length;
      if (!occupied.has(cells[cursor]!)) {
        cell = cells[cursor]!;
        break;
      }
    }
    const [roomId, slotId] = cell.split(' ') as [string, string];
    occupied.delete(`${session.roomId} ${session.slotId}`);
    occupied.add(cell);
    session.roomId = roomId;
    session.slotId = slotId;
    const payload = {
      commandId: `bench-move-${clients}-${i}-${process.pid}`,
      sessionId: session.id,
      roomId,
      slotId,
      expectedVersion: session.version,
    };
    const sent = nowMs();
    pending.push(
      emitAck<MoveData>(organiser, 'session:move', payload).then((ack) => {
        if (!ack.ok) {
          failed += 1;
          progress(`move refused: ${ack.error.code} ${ack.error.message}`);
          return;
        }
        sentAt.set(ack.data.version, sent);
        session.version = ack.data.sessions[0]?.version ?? session.version;
      }),
    );
  }
  await Promise.all(pending);
  await stopAlongside?.();
  const phase = target.probe ? await target.probe.ask<PhaseReport>({ type: 'phase' }, 'phase') : null;
  const self = process.cpuUsage(cpuBefore.self);
  const machine = machineCpu();
  const ours = {
    target: cpuMs(target.pid) - cpuBefore.target,
    shards: shardsCpu() - cpuBefore.shards,
    bench: Math.round((self.user + self.system) / 1000),
  };
  const measured = {
    target_cpu_ms: ours.target,
    shards_cpu_ms: ours.shards,
    bench_cpu_ms: ours.bench,
    others_cpu_ms: Math.max(0, (machine.busy - cpuBefore.machine.busy) * 10 - ours.target - ours.shards - ours.bench),
    machine_busy: machineBusy(cpuBefore.machine, machine),
    load_1m: round(loadavg()[0] ?? NaN, 2),
    server: phase && {
      loop_delay_p99_ms: phase.loop_delay_p99_ms,
      loop_delay_max_ms: phase.loop_delay_max_ms,
      gc_ms: phase.gc_ms,
      gc_max_ms: phase.gc_max_ms,
      gc_count: phase.gc_count,
      gc_max_kind: phase.gc_max_kind,
      analysis_jobs_at_ms: phase.analysis_jobs.map(([at]) => at),
    },
  };
  await sleep(2000); // stragglers
  const reports = await Promise.all(
    shards.map((s) =>
      s.ask<{ versions: number[]; arrivals: number[]; seen: FanoutResult['perViewer']; others: [string, number][] }>(
        { type: 'report' },
        'report',
      ),
    ),
  );
  organiser.disconnect();
  await Promise.all(shards.map((s) => s.ask({ type: 'close' }, 'closed')));
  const latencies: number[] = [];
  const worst = new Map<number, number>();
  for (const { versions, arrivals } of reports) {
    versions.forEach((v, k) => {
      const sent = sentAt.get(v);
      if (sent !== undefined) {
        latencies.push(arrivals[k]! - sent);
        worst.set(v, Math.max(worst.get(v) ?? 0, arrivals[k]! - sent));
      }
    });
  }
  const firstSent = Math.min(...sentAt.values());
  const window: MoveWindow = {
    ...measured,
    slow_moves: [...sentAt]
      .filter(([v]) => (worst.get(v) ?? 0) > 100)
      .map(([v, sent]) => [Math.round(sent - firstSent), Math.round(worst.get(v)!)]),
    notices: (reports[0]?.others ?? []).map(([name, at]) => [name, Math.round(at - firstSent)]),
  };
  const s = window.server;
  progress(
    `  CPU ${window.target_cpu_ms} ms (viewers ${window.shards_cpu_ms}, anything else ${window.others_cpu_ms}), machine ${Math.round(window.machine_busy * 100)} % busy, load ${window.load_1m}` +
      (s ? `; loop delay max ${s.loop_delay_max_ms} ms, GC max ${s.gc_max_ms} ms, ${s.analysis_jobs_at_ms.length} analyses` : '') +
      `; ${window.slow_moves.length} moves over 100 ms, ${window.notices.length} other notices`,
  );
  return {
    clients,
    moves: sentAt.size,
    failedMoves: failed,
    connected: viewers,
    latencies,
    deliveredRatio: latencies.length / (sentAt.size * clients),
    connectMs,
    perViewer: reports[0]?.seen ?? {},
    window,
  };
}

/**
 * The server's memory after a forced full GC, as the median of MEMORY_SAMPLES readings 250 ms apart:
 * one reading moved by 20 KB per viewer between runs (freed native memory is not always returned).
 */
const MEMORY_SAMPLES = 5;
async function memorySample(server: Child): Promise<{ rss: number; heapUsed: number }> {
  const samples: { rss: number; heapUsed: number }[] = [];
  for (let k = 0; k < MEMORY_SAMPLES; k++) {
    if (k > 0) await sleep(250);
    samples.push(await server.ask<{ rss: number; heapUsed: number }>({ type: 'memory', gc: true }, 'memory'));
  }
  return { rss: median(samples.map((x) => x.rss)), heapUsed: median(samples.map((x) => x.heapUsed)) };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);
const maxOf = (xs: readonly number[]): number => xs.reduce((a, b) => (b > a ? b : a), -Infinity);

// ---------------------------------------------------------------- intake

async function intake(
  port: number,
): Promise<{ perSecond: number; ackP50: number; ackP99: number; done: number; failed: number; afterP99: number; afterMax: number }> {
  const created = await http(port, 'POST', '/api/events', { name: 'Intake bench', date: '2026-12-01', venue: '' });
  const { event } = JSON.parse(created.body) as { event: { id: string } };
  const sockets = await Promise.all(range(INTAKE_SOCKETS).map(() => openSocket(port)));
  await Promise.all(sockets.map((s) => emitAck(s, 'board:join', { eventId: event.id })));
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const deadline = Date.now() + 30_000;
  const started = nowMs();
  await Promise.all(
    sockets.map(async (socket, k) => {
      while (next < INTAKE_PITCHES && Date.now() < deadline) {
        const n = next++;
        const sent = nowMs();
        const ack = await emitAck(socket, 'session:pitch', {
          commandId: `bench-pitch-${k}-${n}-${process.pid}`,
          title: `Pitch ${n}: what we learned about shared services`,
          notes: 'A conversation about shared services. Bring your stories.',
          pitcher: `Pitcher ${k}`,
        });
        latencies.push(nowMs() - sent);
        if (!ack.ok) failed += 1;
      }
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  // The burst is over: the debounced analysis now embeds every new pitch. How long does the server
  // take to answer a trivial command meanwhile (a join of an unknown board), for up to 10 s?
  const probe = sockets[0]!;
  const stalls: number[] = [];
  const quietBy = Date.now() + 10_000;
  while (Date.now() < quietBy) {
    const sent = nowMs();
    // Bounded: a server that does not answer within the window counts as stalled for all of it.
    await new Promise<void>((resolve) =>
      probe.timeout(Math.max(1, quietBy - Date.now())).emit('board:join', { eventId: 'no-such-event' }, () => resolve()),
    );
    stalls.push(nowMs() - sent);
    await sleep(50);
  }
  for (const s of sockets) s.disconnect();
  return {
    perSecond: latencies.length / seconds,
    ackP50: percentile(latencies, 0.5),
    ackP99: percentile(latencies, 0.99),
    done: latencies.length,
    failed,
    afterP99: percentile(stalls, 0.99),
    afterMax: maxOf(stalls),
  };
}

// ---------------------------------------------------------------- page

async function pageTimes(
  server: Child,
  port: number,
  eventId: string,
): Promise<{ server: number; serverP90: number; client: number; bytes: number }> {
  let bytes = 0;
  for (let k = 0; k < 10; k++) bytes = (await http(port, 'GET', `/e/${eventId}`)).body.length; // warm-up
  await server.ask({ type: 'timings' }, 'timings');
  const client: number[] = [];
  for (let k = 0; k < 40; k++) {
    const t = nowMs();
    const res = await http(port, 'GET', `/e/${eventId}`);
    if (res.status !== 200) throw new Error(`GET /e/${eventId}: ${res.status}`);
    client.push(nowMs() - t);
  }
  const { timings } = await server.ask<{ timings: [string, number][] }>({ type: 'timings' }, 'timings');
  const times = timings.filter(([url]) => url === `/e/${eventId}`).map(([, ms]) => ms);
  return { server: median(times), serverP90: percentile(times, 0.9), client: median(client), bytes };
}

// ---------------------------------------------------------------- analysis

function analysis(): { n150: number; n1000: number; incremental: number; cold: number; raw: string } {
  const run = spawnSync('npx', ['tsx', 'scripts/bench-analysis.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0)
    throw new Error(`bench-analysis failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}): ${run.stderr}`);
  const medianOf = (label: string): number => {
    const line = run.stdout.split('\n').find((l) => l.startsWith(label));
    const value = line?.slice(44).trim().split(/\s+/)[0];
    return Number(value?.replace(/,/g, ''));
  };
  return {
    n150: medianOf('detectOverlaps, 150'),
    n1000: medianOf('detectOverlaps, 1,000'),
    incremental: medianOf('new pitch into 150'),
    cold: medianOf('cold CLI, 150'),
    raw: run.stdout,
  };
}

// ---------------------------------------------------------------- mixed load and the interactive lane

/** Pitches per second during the mixed case's moves (issue 15: at least 10). */
const MIXED_PITCHES_PER_S = 12;
/** Pitches per second into the 1,000-session event while the interactive lane is timed: enough to keep a full analysis running. */
const SIMILAR_PITCHES_PER_S = 2;
const SIMILAR_SAMPLES = 40;
/** Typed titles the interactive lane is asked about (what someone starts a pitch with). */
const SIMILAR_TEXTS = [
  'Open data for small councils',
  'Why is procurement so hard?',
  'Accessibility testing on a budget',
  'Chatbots in housing services',
  'Hiring developers in local government',
];

/** Attendees pitching over a socket, with notes, `perSecond` a second, until stopped: how many were acknowledged, and over how long. */
function pitchStream(port: number, eventId: string, perSecond: number): () => Promise<{ acked: number; seconds: number }> {
  const random = seeded(4242);
  const pending: Promise<void>[] = [];
  let acked = 0;
  let stopped = false;
  const started = Date.now();
  const running = (async () => {
    const socket = await openSocket(port);
    const joined = await emitAck(socket, 'board:join', { eventId });
    if (!joined.ok) throw new Error(`pitcher join failed: ${joined.error.message}`);
    for (let k = 0; !stopped; k++) {
      const wait = started + (k * 1000) / perSecond - Date.now();
      if (wait > 0) await sleep(wait);
      if (stopped) break;
      const { title, notes } = pitchText(random, 10_000 + k);
      pending.push(
        emitAck(socket, 'session:pitch', { commandId: `bench-mixed-${k}-${process.pid}`, title, notes, pitcher: `Mixed ${k}` }).then(
          (ack) => {
            if (ack.ok) acked += 1;
          },
        ),
      );
    }
    await Promise.all(pending);
    socket.disconnect();
  })();
  return async () => {
    stopped = true;
    const seconds = (Date.now() - started) / 1000;
    await running;
    return { acked, seconds };
  };
}

/** Pitches over HTTP, `perSecond` a second, until stopped (keeps the background lane analysing the event). */
function httpPitches(port: number, eventId: string, perSecond: number): () => Promise<number> {
  const random = seeded(99);
  let stopped = false;
  let done = 0;
  const running = (async () => {
    const started = Date.now();
    for (let k = 0; !stopped; k++) {
      const wait = started + (k * 1000) / perSecond - Date.now();
      if (wait > 0) await sleep(wait);
      if (stopped) break;
      const { title, notes } = pitchText(random, 20_000 + k);
      const res = await http(port, 'POST', `/api/events/${eventId}/sessions`, { title, notes, pitcher: `Similar ${k}` });
      if (res.status === 201) done += 1;
    }
  })();
  return async () => {
    stopped = true;
    await running;
    return done;
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const benchStart = Date.now();
  const embeddingsOff = args.has('--embeddings-off');
  if (embeddingsOff) process.env.UNSILO_EMBEDDINGS = 'off';
  if (!args.has('--no-build')) {
    progress('npm run build');
    const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (built.status !== 0) throw new Error('build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'unsilo-bench-'));
  const children: Child[] = [];
  try {
    let analysed: ReturnType<typeof analysis> | null = null;
    if (!args.has('--no-analysis')) {
      progress('analysis: npx tsx scripts/bench-analysis.ts (embeds 1,150 pitches, then times the detector and 3 cold CLI runs)');
      analysed = analysis();
    }

    progress('schedule: median of 5 proposals for 150 sessions × 8 rooms × 20 slots');
    const schedule = scheduleTiming();

    progress('starting the server, the bare relay and viewer shards');
    const server = await startServer(join(dir, 'unsilo.db'));
    const relay = await startRelay();
    const shards = range(SHARDS).map((k) => forkTs('viewers.ts', `viewers ${k}`));
    children.push(server.child, relay.child, ...shards);
    const serverPid = server.child.proc.pid!;

    progress('importing events of 40, 150 and 1,000 sessions; waiting for their embeddings and first analysis');
    const board = await importEvent(server.port, syntheticExport('bench-live', 40, 10, 10, 40));
    const mixedBoard = await importEvent(server.port, syntheticExport('bench-mixed', 40, 10, 10, 40));
    const e150 = await importEvent(server.port, syntheticExport('bench-150', 150, 10, 15, 120));
    const e1000 = await importEvent(server.port, syntheticExport('bench-1000', 1000, 50, 20, 800));
    const t = Date.now();
    await http(server.port, 'GET', `/e/${board.eventId}`);
    await http(server.port, 'GET', `/e/${e150.eventId}`);
    await http(server.port, 'GET', `/e/${e1000.eventId}`);
    const quietMs = await waitQuiet(serverPid, 120_000);
    progress(`server idle again after ${((Date.now() - t) / 1000).toFixed(1)} s (${quietMs} ms)`);

    progress('page: GET /e/:id at 150 and 1,000 sessions');
    const noPage = { server: NaN, serverP90: NaN, client: NaN, bytes: NaN };
    const page150 = ONLY.has('page') ? await pageTimes(server.child, server.port, e150.eventId) : noPage;
    const page1000 = ONLY.has('page') ? await pageTimes(server.child, server.port, e1000.eventId) : noPage;

    const fan: { server: FanoutResult; relay: FanoutResult }[] = [];
    let memory = { before: 0, after: 0, heapBefore: 0, heapAfter: 0, viewers: 0 };
    for (const clients of ONLY.has('fanout') ? [500, 2000] : []) {
      progress(`fanout ${clients}: bare relay`);
      const relayResult = await fanout(shards, { port: relay.port, pid: relay.child.proc.pid! }, 'relay', undefined, clients);
      await waitQuiet(serverPid, 10_000);
      progress(`fanout ${clients}: Unsilo server`);
      const before = await memorySample(server.child);
      const serverResult = await fanout(
        shards,
        { port: server.port, pid: serverPid, probe: server.child },
        board.eventId,
        board.adminToken,
        clients,
        {
          beforeMoves: async () => {
            await sleep(2000);
            const after = await memorySample(server.child);
            if (clients === 2000)
              memory = { before: before.rss, after: after.rss, heapBefore: before.heapUsed, heapAfter: after.heapUsed, viewers: 0 };
          },
        },
      );
      if (clients === 2000) memory.viewers = serverResult.connected;
      fan.push({ server: serverResult, relay: relayResult });
      await waitQuiet(serverPid, 10_000);
    }

    let mixed: { server: FanoutResult; relay: FanoutResult; pitchesPerS: number; pitches: number } | null = null;
    if (ONLY.has('mixed')) {
      let mixedRelay = fan.find((f) => f.relay.clients === 500)?.relay;
      if (!mixedRelay) {
        progress('mixed: bare relay, 500 viewers');
        mixedRelay = await fanout(shards, { port: relay.port, pid: relay.child.proc.pid! }, 'relay', undefined, 500);
      }
      await waitQuiet(serverPid, 30_000);
      progress(`mixed: 500 viewers, moves 10/s while attendees pitch ${MIXED_PITCHES_PER_S}/s with notes`);
      let pitchedMixed = { acked: 0, seconds: 1 };
      const mixedServer = await fanout(
        shards,
        { port: server.port, pid: serverPid, probe: server.child },
        mixedBoard.eventId,
        mixedBoard.adminToken,
        500,
        {
          alongside: () => {
            const stop = pitchStream(server.port, mixedBoard.eventId, MIXED_PITCHES_PER_S);
            return async () => void (pitchedMixed = await stop());
          },
        },
      );
      mixed = {
        server: mixedServer,
        relay: mixedRelay,
        pitchesPerS: pitchedMixed.acked / pitchedMixed.seconds,
        pitches: pitchedMixed.acked,
      };
      await waitQuiet(serverPid, 60_000);
    }

    let similar: { samples: number[]; sessions: number } | null = null;
    if (ONLY.has('similar') && !embeddingsOff) {
      progress(`similar: the interactive lane, ${SIMILAR_SAMPLES} typed titles against 1,000 sessions while full analyses of them run`);
      const stop = httpPitches(server.port, e1000.eventId, SIMILAR_PITCHES_PER_S);
      const reply = await server.child.ask<{ samples: number[]; error?: string }>(
        { type: 'similar', eventId: e1000.eventId, texts: SIMILAR_TEXTS, count: SIMILAR_SAMPLES, limitMs: 120_000 },
        'similar',
        180_000,
      );
      const added = await stop();
      if (reply.error) throw new Error(`similar: ${reply.error}`);
      similar = { samples: reply.samples, sessions: 1000 + added };
      await waitQuiet(serverPid, 60_000);
    }

    progress(`intake: ${INTAKE_PITCHES} pitches from ${INTAKE_SOCKETS} sockets`);
    const noIntake = { perSecond: NaN, ackP50: NaN, ackP99: NaN, done: 0, failed: 0, afterP99: NaN, afterMax: NaN };
    let intakeWindow: PhaseReport | null = null;
    if (ONLY.has('intake')) await server.child.ask({ type: 'phase', profile: 'intake' }, 'phase');
    const pitched = ONLY.has('intake') ? await intake(server.port) : noIntake;
    if (ONLY.has('intake')) intakeWindow = await server.child.ask<PhaseReport>({ type: 'phase' }, 'phase');

    const cpu = cpus();
    const result = {
      fanout: fan.map(({ server: s, relay: r }) => ({
        clients: s.clients,
        p50_ms: round(percentile(s.latencies, 0.5)),
        p99_ms: round(percentile(s.latencies, 0.99)),
        relay_p50_ms: round(percentile(r.latencies, 0.5)),
        relay_p99_ms: round(percentile(r.latencies, 0.99)),
        delivered_ratio: round(s.deliveredRatio, 4),
      })),
      mixed: mixed && {
        p99_ms: round(percentile(mixed.server.latencies, 0.99)),
        relay_p99_ms: round(percentile(mixed.relay.latencies, 0.99)),
        pitches_per_s: round(mixed.pitchesPerS),
      },
      similar: similar && {
        p50_ms: round(percentile(similar.samples, 0.5)),
        p95_ms: round(percentile(similar.samples, 0.95)),
        sessions: similar.sessions,
      },
      intake: { pitches_per_s: Math.round(pitched.perSecond), ack_p99_ms: round(pitched.ackP99) },
      analysis: {
        n150_ms: analysed ? round(analysed.n150) : null,
        n1000_ms: analysed ? round(analysed.n1000) : null,
        incremental_ms: analysed ? round(analysed.incremental) : null,
        cold_cli_150_ms: analysed ? Math.round(analysed.cold) : null,
      },
      schedule,
      memory: { kb_per_client: round((memory.after - memory.before) / 1024 / Math.max(1, memory.viewers)) },
      page: { board150_ms: round(page150.server, 2), board1000_ms: round(page1000.server, 2) },
      machine: { cores: cpu.length, cpu: cpu[0]?.model ?? 'unknown', node: process.version, embeddings: embeddingsOff ? 'off' : 'on' },
      details: {
        fanout: fan.map(({ server: s, relay: r }) => ({
          clients: s.clients,
          moves: s.moves,
          failed_moves: s.failedMoves,
          viewers_connected: s.connected,
          relay_viewers_connected: r.connected,
          deliveries: s.latencies.length,
          relay_delivered_ratio: round(r.deliveredRatio, 4),
          max_ms: round(maxOf(s.latencies)),
          relay_max_ms: round(maxOf(r.latencies)),
          connect_s: round(s.connectMs / 1000),
          per_viewer: s.perViewer,
          window: s.window,
          relay_window: r.window,
        })),
        mixed: mixed && {
          p50_ms: round(percentile(mixed.server.latencies, 0.5)),
          delivered_ratio: round(mixed.server.deliveredRatio, 4),
          pitches: mixed.pitches,
          viewers_connected: mixed.server.connected,
          window: mixed.server.window,
        },
        similar: similar && {
          samples: similar.samples.length,
          max_ms: round(maxOf(similar.samples)),
          measured:
            "GET /api/events/:id/similar?title=… (the pitch page's request) from the server process to its own port: the typed title and notes embedded and ranked by similarSessions in the interactive worker on the event's index it keeps (rebuilt after a request that finds pitches arrived meanwhile, at low priority on that lane, at most every 2 s), each request started while the background worker ran a full analysis of the event; warm (the first request, which loads the encoder and builds the index, is not counted)",
        },
        intake: {
          pitches: pitched.done,
          refused: pitched.failed,
          ack_p50_ms: round(pitched.ackP50),
          sockets: INTAKE_SOCKETS,
          synchronous: process.env.BENCH_SYNCHRONOUS ?? 'FULL (as shipped)',
          after_burst_ack_p99_ms: round(pitched.afterP99),
          after_burst_ack_max_ms: round(pitched.afterMax),
          server: intakeWindow && { ...intakeWindow, analysis_jobs: intakeWindow.analysis_jobs.length },
        },
        memory: {
          viewers: memory.viewers,
          rss_before_mb: round(memory.before / 2 ** 20),
          rss_after_mb: round(memory.after / 2 ** 20),
          heap_kb_per_client: round((memory.heapAfter - memory.heapBefore) / 1024 / Math.max(1, memory.viewers)),
        },
        page: {
          board150_p90_ms: round(page150.serverP90, 2),
          board1000_p90_ms: round(page1000.serverP90, 2),
          board150_client_ms: round(page150.client, 2),
          board1000_client_ms: round(page1000.client, 2),
          board150_kb: round(page150.bytes / 1024),
          board1000_kb: round(page1000.bytes / 1024),
        },
        run_s: round((Date.now() - benchStart) / 1000),
      },
    };
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
    else printTable(result);
  } finally {
    for (const child of children) if (child.proc.connected) child.proc.disconnect();
    await sleep(500);
    for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures the table shows (the `--json` object has more). */
interface Summary {
  fanout: { clients: number; p50_ms: number; p99_ms: number; relay_p50_ms: number; relay_p99_ms: number; delivered_ratio: number }[];
  mixed: { p99_ms: number; relay_p99_ms: number; pitches_per_s: number } | null;
  similar: { p50_ms: number; p95_ms: number; sessions: number } | null;
  intake: { pitches_per_s: number; ack_p99_ms: number };
  analysis: { n150_ms: number | null; n1000_ms: number | null; incremental_ms: number | null; cold_cli_150_ms: number | null };
  schedule: { ms: number; sessions: number };
  memory: { kb_per_client: number };
  page: { board150_ms: number; board1000_ms: number };
  machine: { cores: number; cpu: string; node: string; embeddings: string };
  details: unknown;
}

function printTable(r: Summary): void {
  const rows: [string, string, string, boolean | null][] = [];
  const ok = (value: number | null, limit: number) => (value === null ? null : value <= limit);
  for (const f of r.fanout) {
    rows.push([
      `fan-out ${f.clients} viewers: p50 / p99`,
      `${f.p50_ms} / ${f.p99_ms} ms`,
      `p99 ≤ ${f.clients === 500 ? 60 : 200} ms`,
      ok(f.p99_ms, f.clients === 500 ? 60 : 200),
    ]);
    rows.push([
      `  bare relay ${f.clients}: p50 / p99`,
      `${f.relay_p50_ms} / ${f.relay_p99_ms} ms`,
      `server p99 ≤ 1.5 × ${f.relay_p99_ms} = ${round(1.5 * f.relay_p99_ms)}`,
      ok(f.p99_ms, 1.5 * f.relay_p99_ms),
    ]);
    rows.push([`  delivered ratio ${f.clients}`, String(f.delivered_ratio), '= 1', f.delivered_ratio === 1]);
  }
  if (r.mixed) {
    rows.push([
      `mixed: 500 viewers, ${r.mixed.pitches_per_s} pitches/s: p99`,
      `${r.mixed.p99_ms} ms`,
      `≤ 1.5 × relay ${r.mixed.relay_p99_ms} = ${round(1.5 * r.mixed.relay_p99_ms)}`,
      ok(r.mixed.p99_ms, 1.5 * r.mixed.relay_p99_ms),
    ]);
  }
  if (r.similar) {
    rows.push([
      `similar, ${r.similar.sessions} sessions: p50 / p95`,
      `${r.similar.p50_ms} / ${r.similar.p95_ms} ms`,
      'p95 ≤ 150 ms',
      ok(r.similar.p95_ms, 150),
    ]);
  }
  rows.push(['intake: pitches/s', String(r.intake.pitches_per_s), '≥ 1,000', r.intake.pitches_per_s >= 1000]);
  rows.push(['intake: ack p99', `${r.intake.ack_p99_ms} ms`, '≤ 100 ms', ok(r.intake.ack_p99_ms, 100)]);
  rows.push(['analysis: 150 sessions (cached vectors)', `${r.analysis.n150_ms} ms`, '≤ 50 ms', ok(r.analysis.n150_ms, 50)]);
  rows.push(['analysis: 1,000 sessions', `${r.analysis.n1000_ms} ms`, '≤ 1,000 ms', ok(r.analysis.n1000_ms, 1000)]);
  rows.push([
    'analysis: new pitch into 150 (embed + detect)',
    `${r.analysis.incremental_ms} ms`,
    '≤ 50 ms',
    ok(r.analysis.incremental_ms, 50),
  ]);
  rows.push(['analysis: cold CLI, 150', `${r.analysis.cold_cli_150_ms} ms`, '≤ 5,000 ms', ok(r.analysis.cold_cli_150_ms, 5000)]);
  rows.push(['schedule: proposal for 150 sessions', `${r.schedule.ms} ms`, '≤ 2,000 ms', ok(r.schedule.ms, 2000)]);
  rows.push(['memory per viewer at 2,000 (server RSS)', `${r.memory.kb_per_client} KB`, '≤ 40 KB', ok(r.memory.kb_per_client, 40)]);
  rows.push(['board page, 150 sessions (server time)', `${r.page.board150_ms} ms`, '≤ 20 ms', ok(r.page.board150_ms, 20)]);
  rows.push(['board page, 1,000 sessions (server time)', `${r.page.board1000_ms} ms`, '≤ 100 ms', ok(r.page.board1000_ms, 100)]);
  console.log(
    `Unsilo bench: ${r.machine.cores} × ${r.machine.cpu}, Node ${r.machine.node}, embeddings ${r.machine.embeddings}, ${new Date().toISOString()}\n`,
  );
  console.log(`${'measure'.padEnd(46)}${'result'.padEnd(20)}${'target'.padEnd(30)}`);
  for (const [label, value, target, pass] of rows) {
    console.log(`${label.padEnd(46)}${value.padEnd(20)}${target.padEnd(30)}${pass === null ? '–' : pass ? 'ok' : 'MISSED'}`);
  }
  console.log(`\ndetails: ${JSON.stringify(r.details)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
