/**
 * `npm run soak [-- --no-build] [-- --root DIR] [-- --json]`: does the server settle after a flood
 * (issue 20)? Replays what an attack test did to it, against the real server process (the compiled
 * server wired as server/main.ts wires it: scripts/bench/server.cjs) on 127.0.0.1 with a temporary
 * database, per-client limits off (this tests the analysis, not the limiter):
 *
 *  1. warm-up: a small event of 12 pitches, so the sentence encoder is loaded, then the server's
 *     RSS when idle (the value "before the flood");
 *  2. the flood, all at once: 2,000 pitches with notes over HTTP without cookies in about 9 s,
 *     500 sockets joining that board (two viewer processes, scripts/bench/viewers.ts) and an
 *     organiser moving sessions 80 times; then every client goes away;
 *  3. the server is watched until it has used under 5 % of one core for 10 s in a row.
 *
 * Exit 0 only when: it went idle within 2 minutes of the last change; its RSS then is within 1.5×
 * its value before the flood; and its event-loop delay (measured inside the server by
 * scripts/soak/monitor.cjs, preloaded for this run only) has a p99 under 100 ms over the whole
 * run and over every 10-second window of it. Every loop is bounded in count and in time.
 *
 * `--root DIR` runs the server of another checkout (its dist/ and scripts/bench/server.cjs), e.g.
 * an older commit, to measure the figures before a change.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { cpuMs, seeded, pitchText, sleep } from './bench/common';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const HERE = join(__dirname, '..');
const ROOT = resolve(option('--root') ?? HERE);
const JSON_OUT = flag('--json');

const PITCHES = 2000;
const PITCH_SECONDS = 9;
const VIEWERS = 500;
const VIEWER_SHARDS = 2;
const MOVES = 80;
const MOVES_PER_S = 10;
/** The attack's limits, which the soak asserts. */
const IDLE_WITHIN_S = 120;
const IDLE_CPU_SHARE = 0.05;
const IDLE_WINDOW_S = 10;
const RSS_FACTOR = 1.5;
/** How long after going idle the RSS may take to come back (an idle worker ends after 60 s). */
const RSS_WITHIN_S = 75;
const LOOP_P99_MS = 100;
const LOOP_WINDOW_S = 10;

const progress = (message: string): void => void process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes: number): number => round(bytes / 2 ** 20);

// ---------------------------------------------------------------- the server and its monitor

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  cpuMs: number;
  bounds: number[];
  buckets: number[];
  maxMs: number;
}

function startServer(dbFile: string, monitorFile: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(join(ROOT, 'scripts', 'bench', 'server.cjs'), [], {
    cwd: ROOT,
    execArgv: ['--require', join(HERE, 'scripts', 'soak', 'monitor.cjs')],
    env: {
      ...process.env,
      UNSILO_DB: dbFile,
      UNSILO_RATE_LIMITS: 'off',
      UNSILO_SOAK_MONITOR: monitorFile,
      ...(option('--profile') ? { UNSILO_SOAK_PROFILE: resolve(option('--profile') as string) } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not listen within 30 s')), 30_000);
    proc.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    proc.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'listening' || !message.port) return;
      clearTimeout(timer);
      resolveStart({ proc, port: message.port });
    });
  });
}

function readSamples(file: string): Sample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Sample);
}

/** p99 of the event-loop delay over these samples: the upper bound of the bucket the 99th percentile falls in. */
function loopP99(samples: readonly Sample[]): { p99: number; max: number; count: number; over: number } {
  const bounds = samples[0]?.bounds ?? [];
  const buckets = new Array<number>(bounds.length + 1).fill(0);
  let max = 0;
  for (const s of samples) {
    s.buckets.forEach((n, k) => (buckets[k] = (buckets[k] ?? 0) + n));
    max = Math.max(max, s.maxMs);
  }
  const count = buckets.reduce((a, b) => a + b, 0);
  const over = buckets.slice(bounds.indexOf(LOOP_P99_MS) + 1).reduce((a, b) => a + b, 0);
  let seen = 0;
  let p99 = 0;
  for (let k = 0; k < buckets.length; k++) {
    seen += buckets[k] ?? 0;
    if (seen >= 0.99 * count) {
      p99 = k < bounds.length ? (bounds[k] ?? 0) : max;
      break;
    }
  }
  return { p99, max, count, over };
}

// ---------------------------------------------------------------- HTTP

function http(port: number, agent: Agent, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolveRequest, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          // The server's own origin: what a same-origin page sends (no cookie is ever sent).
          origin: `http://127.0.0.1:${port}`,
          ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveRequest({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function createEvent(port: number, agent: Agent, name: string): Promise<{ eventId: string; token: string }> {
  const res = await http(port, agent, 'POST', '/api/events', { name, date: '2026-12-01', venue: 'Soak hall' });
  if (res.status !== 201) throw new Error(`creating an event: ${res.status} ${res.body.slice(0, 200)}`);
  const body = JSON.parse(res.body) as { event: { id: string }; adminToken: string };
  return { eventId: body.event.id, token: body.adminToken };
}

async function addGrid(port: number, agent: Agent, ev: { eventId: string; token: string }, rooms: number, slots: number) {
  const auth = { authorization: `Bearer ${ev.token}` };
  const roomIds: string[] = [];
  const slotIds: string[] = [];
  for (let r = 0; r < rooms; r++) {
    const res = await http(port, agent, 'POST', `/api/events/${ev.eventId}/rooms`, { name: `Room ${r + 1}`, capacity: 40 }, auth);
    roomIds.push((JSON.parse(res.body) as { value: { id: string } }).value.id);
  }
  for (let s = 0; s < slots; s++) {
    const start = 9 * 60 + s * 30;
    const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const res = await http(
      port,
      agent,
      'POST',
      `/api/events/${ev.eventId}/slots`,
      { label: '', startsAt: hhmm(start), endsAt: hhmm(start + 25) },
      auth,
    );
    slotIds.push((JSON.parse(res.body) as { value: { id: string } }).value.id);
  }
  return { roomIds, slotIds };
}

interface Pitched {
  id: string;
  version: number;
}

/** `count` pitches spread evenly over `seconds`, over at most 16 keep-alive connections; resolves when all are answered. */
async function pitchFlood(port: number, eventId: string, count: number, seconds: number, onPitched: (p: Pitched) => void) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const random = seeded(20_2026);
  let failed = 0;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let k = 0; k < count; k++) {
    const wait = started + (k * seconds * 1000) / count - Date.now();
    if (wait > 0) await sleep(wait);
    const { title, notes } = pitchText(random, k);
    pending.push(
      http(port, agent, 'POST', `/api/events/${eventId}/sessions`, { title, notes: `${notes} ${notes}`, pitcher: `Soak ${k}` })
        .then((res) => {
          if (res.status !== 201) {
            failed += 1;
            return;
          }
          const { value } = JSON.parse(res.body) as { value: Pitched };
          onPitched({ id: value.id, version: value.version });
        })
        .catch(() => void (failed += 1)),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { failed, seconds: (Date.now() - started) / 1000 };
}

// ---------------------------------------------------------------- sockets

type Ack = { ok: true; data: { version: number; sessions: { version: number }[] } } | { ok: false; error: { code: string } };

function openSocket(port: number, token: string): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
    socket.once('connect', () => resolveSocket(socket));
    socket.once('connect_error', reject);
  });
}

const emitAck = (socket: Socket, event: string, payload: unknown): Promise<Ack> =>
  new Promise((resolveAck) =>
    socket
      .timeout(30_000)
      .emit(event, payload, (error: Error | null, ack: Ack) => resolveAck(error ? { ok: false, error: { code: 'timeout' } } : ack)),
  );

interface Shard {
  proc: ChildProcess;
  ask<T>(message: object, reply: string, timeoutMs: number): Promise<T>;
}

function viewerShard(): Shard {
  const proc = fork(join(HERE, 'scripts', 'bench', 'viewers.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return {
    proc,
    ask<T>(message: object, reply: string, timeoutMs: number) {
      return new Promise<T>((resolveReply, reject) => {
        const timer = setTimeout(() => reject(new Error(`viewers: no '${reply}' within ${timeoutMs} ms`)), timeoutMs);
        const onMessage = (m: { type?: string }) => {
          if (m.type !== reply) return;
          clearTimeout(timer);
          proc.off('message', onMessage);
          resolveReply(m as T);
        };
        proc.on('message', onMessage);
        proc.send(message);
      });
    },
  };
}

/** The organiser moves sessions (pitched by then) into free cells, `MOVES_PER_S` a second. */
async function moveFlood(
  port: number,
  ev: { eventId: string; token: string },
  grid: { roomIds: string[]; slotIds: string[] },
  pitched: Pitched[],
): Promise<{ ok: number; refused: number; lastAckAt: number }> {
  const organiser = await openSocket(port, ev.token);
  const joined = await emitAck(organiser, 'board:join', { eventId: ev.eventId });
  if (!joined.ok) throw new Error(`the organiser could not join: ${joined.error.code}`);
  const cells = grid.slotIds.flatMap((slotId) => grid.roomIds.map((roomId) => ({ roomId, slotId })));
  let ok = 0;
  let refused = 0;
  let lastAckAt = 0;
  const started = Date.now();
  for (let k = 0; k < MOVES; k++) {
    const wait = started + (k * 1000) / MOVES_PER_S - Date.now();
    if (wait > 0) await sleep(wait);
    // Each move takes a session not yet placed into the next free cell (80 moves, 100 cells).
    const session = pitched[k];
    const cell = cells[k % cells.length];
    if (!session || !cell) {
      refused += 1;
      continue;
    }
    const ack = await emitAck(organiser, 'session:move', {
      commandId: `soak-move-${k}-${process.pid}`,
      sessionId: session.id,
      ...cell,
      expectedVersion: session.version,
    });
    if (ack.ok) {
      ok += 1;
      lastAckAt = Date.now();
      session.version = ack.data.sessions[0]?.version ?? session.version;
    } else refused += 1;
  }
  organiser.disconnect();
  return { ok, refused, lastAckAt };
}

// ---------------------------------------------------------------- the run

/** Every 5 s on stderr: the server's CPU, RSS and longest event-loop delay over the last 5 samples. */
function watchServer(monitorFile: string): NodeJS.Timeout {
  return setInterval(() => {
    const last = readSamples(monitorFile).slice(-6);
    const first = last[0];
    const end = last[last.length - 1];
    if (!first || !end || first === end) return;
    const cpu = (end.cpuMs - first.cpuMs) / (end.t - first.t);
    const maxMs = last.slice(1).reduce((max, s) => Math.max(max, s.maxMs), 0);
    progress(`  server: CPU ${Math.round(cpu * 100)} % of a core, RSS ${mb(end.rss)} MB, loop delay max ${round(maxMs)} ms`);
  }, 5000);
}

/** Waits until the server has used under IDLE_CPU_SHARE of one core for IDLE_WINDOW_S in a row, or `limitMs` passes. */
async function waitIdle(pid: number, limitMs: number): Promise<{ idleAt: number | null; cpuShares: number[] }> {
  const start = Date.now();
  const shares: number[] = [];
  let last = cpuMs(pid);
  let quietSince: number | null = null;
  while (Date.now() - start < limitMs + IDLE_WINDOW_S * 1000) {
    const before = Date.now();
    await sleep(1000);
    const used = cpuMs(pid);
    const share = (used - last) / (Date.now() - before);
    last = used;
    shares.push(round(share, 3));
    if (share < IDLE_CPU_SHARE) {
      quietSince ??= before;
      if (Date.now() - quietSince >= IDLE_WINDOW_S * 1000) return { idleAt: quietSince, cpuShares: shares };
    } else {
      quietSince = null;
      if (Date.now() - start > limitMs) break;
    }
  }
  return { idleAt: null, cpuShares: shares };
}

async function main(): Promise<void> {
  if (!flag('--no-build')) {
    progress(`npm run build (in ${ROOT})`);
    const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (built.status !== 0) throw new Error('build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'unsilo-soak-'));
  const monitorFile = join(dir, 'monitor.jsonl');
  const shards: Shard[] = [];
  let server: ChildProcess | null = null;
  let watch: NodeJS.Timeout | null = null;
  try {
    const started = await startServer(join(dir, 'soak.db'), monitorFile);
    server = started.proc;
    const { port } = started;
    const pid = server.pid as number;
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });

    progress('warm-up: 12 pitches into a small event (the encoder loads), then waiting for the server to go idle');
    const warm = await createEvent(port, agent, 'Soak warm-up');
    const random = seeded(7);
    for (let k = 0; k < 12; k++) {
      const { title, notes } = pitchText(random, k);
      await http(port, agent, 'POST', `/api/events/${warm.eventId}/sessions`, { title, notes, pitcher: 'Warm' });
    }
    const warmIdle = await waitIdle(pid, 60_000);
    if (warmIdle.idleAt === null) throw new Error('the server did not go idle after the warm-up');
    await sleep(3000);
    const before = readSamples(monitorFile).slice(-3);
    const rssBefore = before.reduce((sum, s) => sum + s.rss, 0) / Math.max(1, before.length);
    progress(`idle; RSS before the flood ${mb(rssBefore)} MB`);

    const ev = await createEvent(port, agent, 'Soak flood');
    const grid = await addGrid(port, agent, ev, 10, 10);
    for (let k = 0; k < VIEWER_SHARDS; k++) shards.push(viewerShard());

    progress(`flood: ${PITCHES} pitches in ~${PITCH_SECONDS} s, ${VIEWERS} sockets joining, ${MOVES} moves`);
    const floodStart = Date.now();
    watch = watchServer(monitorFile);
    const pitched: Pitched[] = [];
    let lastPitchAt = 0;
    const pitching = pitchFlood(port, ev.eventId, PITCHES, PITCH_SECONDS, (p) => {
      pitched.push(p);
      lastPitchAt = Date.now();
    });
    const joining = Promise.all(
      shards.map((shard) =>
        shard
          .ask<{ ok: number }>(
            { type: 'connect', url: `http://127.0.0.1:${port}`, eventId: ev.eventId, count: VIEWERS / VIEWER_SHARDS },
            'connected',
            150_000,
          )
          .then((r) => r.ok)
          // A server too busy to let them join in time: the soak goes on (and says so); they leave with their process.
          .catch(() => {
            shard.proc.disconnect();
            return 0;
          }),
      ),
    );
    // Moves start once a second of pitches is in, so there are sessions to move.
    await sleep(1000);
    const moving = moveFlood(port, ev, grid, pitched);
    const [pitchResult, joined, moved] = await Promise.all([pitching, joining, moving]);
    const viewers = joined.reduce((a, b) => a + b, 0);
    await Promise.all(shards.filter((shard) => shard.proc.connected).map((shard) => shard.ask({ type: 'close' }, 'closed', 60_000)));
    agent.destroy();
    const lastChange = Math.max(lastPitchAt, moved.lastAckAt);
    progress(
      `flood done in ${round((Date.now() - floodStart) / 1000)} s: ${pitched.length} pitches (${pitchResult.failed} failed) in ${round(pitchResult.seconds)} s, ` +
        `${viewers}/${VIEWERS} viewers joined, ${moved.ok} moves (${moved.refused} refused); every client gone`,
    );

    progress(
      `waiting for the server to go idle (< ${IDLE_CPU_SHARE * 100} % of a core for ${IDLE_WINDOW_S} s; limit ${IDLE_WITHIN_S} s after the last change)`,
    );
    const idle = await waitIdle(pid, Math.max(0, lastChange + IDLE_WITHIN_S * 1000 - Date.now()));
    // Memory: how long after going idle its RSS is back within RSS_FACTOR of its value before the
    // flood (an idle analysis worker ends after a minute, giving back its model and heap).
    progress(`idle; waiting up to ${RSS_WITHIN_S} s for RSS to come back within ${RSS_FACTOR}× ${mb(rssBefore)} MB`);
    const memoryFrom = Date.now();
    let rssAfter = Infinity;
    while (Date.now() - memoryFrom < RSS_WITHIN_S * 1000) {
      await sleep(2000);
      const last = readSamples(monitorFile).slice(-2);
      rssAfter = last.reduce((sum, s) => sum + s.rss, 0) / Math.max(1, last.length);
      if (rssAfter <= RSS_FACTOR * rssBefore) break;
    }
    const rssBackS = round((Date.now() - memoryFrom) / 1000, 0);
    clearInterval(watch);
    const samples = readSamples(monitorFile);
    const after = samples.slice(-2);
    const run = samples.filter((s) => s.t >= floodStart);
    const peakRss = run.reduce((max, s) => Math.max(max, s.rss), 0);
    const whole = loopP99(run);
    const windows: { at: number; p99: number; max: number }[] = [];
    for (let k = 0; k < run.length; k += LOOP_WINDOW_S) {
      const slice = run.slice(k, k + LOOP_WINDOW_S);
      const figures = loopP99(slice);
      windows.push({ at: round(((slice[0]?.t ?? floodStart) - floodStart) / 1000, 0), p99: figures.p99, max: figures.max });
    }
    const floodLoop = loopP99(run.filter((s) => s.t <= lastChange));
    const afterLoop = loopP99(run.filter((s) => s.t > lastChange));
    const worstWindow = windows.reduce((worst, w) => (w.p99 > worst.p99 ? w : worst), { at: 0, p99: 0, max: 0 });
    const settleS = idle.idleAt === null ? null : round(Math.max(0, idle.idleAt - lastChange) / 1000);

    const checks = {
      idle_within_120_s: settleS !== null && settleS <= IDLE_WITHIN_S,
      rss_within_1_5x: rssAfter <= RSS_FACTOR * rssBefore,
      loop_p99_under_100_ms: whole.p99 < LOOP_P99_MS && worstWindow.p99 < LOOP_P99_MS,
    };
    const result = {
      ok: Object.values(checks).every(Boolean),
      checks,
      settle_s: settleS,
      rss_mb: {
        before: mb(rssBefore),
        peak: mb(peakRss),
        after: mb(rssAfter),
        ratio: round(rssAfter / rssBefore, 2),
        after_idle_s: rssBackS,
      },
      loop_delay_ms: {
        p99: whole.p99,
        max: round(whole.max),
        samples: whole.count,
        share_over_100_ms: round(whole.over / Math.max(1, whole.count), 4),
        worst_10s_window: worstWindow,
        windows_p99: windows.map((w) => w.p99),
        during_flood: { p99: floodLoop.p99, max: round(floodLoop.max) },
        after_flood: { p99: afterLoop.p99, max: round(afterLoop.max) },
      },
      heap_mb: {
        before: mb(before.reduce((sum, s) => sum + s.heapUsed, 0) / Math.max(1, before.length)),
        after: mb(after.reduce((sum, s) => sum + s.heapUsed, 0) / Math.max(1, after.length)),
      },
      flood: {
        pitches: pitched.length,
        pitch_failures: pitchResult.failed,
        pitch_seconds: round(pitchResult.seconds),
        viewers,
        moves: moved.ok,
        moves_refused: moved.refused,
      },
      cpu_share_per_s_after_flood: idle.cpuShares,
      root: ROOT,
    };
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const mark = (pass: boolean): string => (pass ? 'ok' : 'FAILED');
      console.log(`Unsilo soak (${ROOT})`);
      console.log(
        `flood: ${result.flood.pitches} pitches in ${result.flood.pitch_seconds} s (${result.flood.pitch_failures} failed), ${viewers} viewers, ${moved.ok} moves`,
      );
      console.log(
        `idle (< 5 % CPU for ${IDLE_WINDOW_S} s) ${settleS === null ? 'never' : `${settleS} s`} after the last change   ${mark(checks.idle_within_120_s)} (≤ ${IDLE_WITHIN_S} s)`,
      );
      console.log(
        `RSS before ${result.rss_mb.before} MB, peak ${result.rss_mb.peak} MB, ${rssBackS} s after idle ${result.rss_mb.after} MB (${result.rss_mb.ratio}×)   ${mark(checks.rss_within_1_5x)} (≤ ${RSS_FACTOR}×)`,
      );
      console.log(
        `event-loop delay p99 ${whole.p99} ms (worst 10 s window ${worstWindow.p99} ms at +${worstWindow.at} s), max ${round(whole.max)} ms, ` +
          `${round((100 * whole.over) / Math.max(1, whole.count), 2)} % of ${whole.count} samples ≥ 100 ms   ${mark(checks.loop_p99_under_100_ms)} (< ${LOOP_P99_MS} ms)`,
      );
      console.log(
        `  loop delay p99 / max during the flood ${floodLoop.p99} / ${round(floodLoop.max)} ms, after it ${afterLoop.p99} / ${round(afterLoop.max)} ms; heap ${result.heap_mb.before} → ${result.heap_mb.after} MB`,
      );
      console.log(`  loop delay p99 per 10 s window (ms, from the flood's start): ${windows.map((w) => w.p99).join(' ')}`);
      console.log(`CPU share of one core each second after the flood: ${idle.cpuShares.join(' ')}`);
    }
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    if (watch) clearInterval(watch);
    for (const shard of shards) if (shard.proc.connected) shard.proc.disconnect();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolveExit) => {
        const timer = setTimeout(() => {
          server?.kill('SIGKILL');
          resolveExit(null);
        }, 15_000);
        server?.once('exit', () => {
          clearTimeout(timer);
          resolveExit(null);
        });
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
