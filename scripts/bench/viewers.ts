/**
 * A load-generator shard (forked by scripts/bench.ts): opens N socket.io-client viewers (websocket
 * transport, 127.0.0.1 only), joins them to one board, and records when each `session:changed`
 * arrives (CLOCK_MONOTONIC, see common.ts). It reports raw arrivals; the parent matches them to
 * the organiser's send times. Driven over the IPC channel; exits when the parent goes away.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { nowMs, sleep } from './common';

type Command =
  { type: 'connect'; url: string; eventId: string; count: number } | { type: 'start' } | { type: 'report' } | { type: 'close' };

const sockets: Socket[] = [];
let versions: number[] = [];
let arrivals: number[] = [];
let recording = false;
/** Notifications of every kind the first viewer of this shard got while recording, and their JSON size. */
let seen: Record<string, { count: number; bytes: number }> = {};
/** When the first viewer of this shard got each notification other than `session:changed` (CLOCK_MONOTONIC ms). */
let others: [string, number][] = [];

function send(message: unknown): void {
  process.send?.(message);
}

function openViewer(url: string, eventId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
    const timer = setTimeout(() => resolve(false), 30_000);
    socket.on('session:changed', (change: { version: number }) => {
      if (!recording) return;
      versions.push(change.version);
      arrivals.push(nowMs());
    });
    socket.on('connect_error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    socket.on('connect', () => {
      socket.emit('board:join', { eventId }, (ack: { ok: boolean }) => {
        clearTimeout(timer);
        resolve(ack.ok);
      });
    });
    if (sockets.length === 0) {
      socket.onAny((name: string, payload: unknown) => {
        if (!recording) return;
        const entry = (seen[name] ??= { count: 0, bytes: 0 });
        entry.count += 1;
        entry.bytes += JSON.stringify(payload).length;
        if (name !== 'session:changed') others.push([name, nowMs()]);
      });
    }
    sockets.push(socket);
  });
}

async function handle(command: Command): Promise<void> {
  if (command.type === 'connect') {
    let ok = 0;
    const started = Date.now();
    // Bounded batches, so the handshakes do not all land in the same millisecond.
    for (let k = 0; k < command.count; k += 25) {
      const batch = Math.min(25, command.count - k);
      const results = await Promise.all(Array.from({ length: batch }, () => openViewer(command.url, command.eventId)));
      ok += results.filter(Boolean).length;
    }
    send({ type: 'connected', ok, ms: Date.now() - started });
  } else if (command.type === 'start') {
    versions = [];
    arrivals = [];
    seen = {};
    others = [];
    recording = true;
    send({ type: 'started' });
  } else if (command.type === 'report') {
    recording = false;
    send({ type: 'report', versions, arrivals, seen, others });
  } else if (command.type === 'close') {
    recording = false;
    for (const socket of sockets.splice(0)) socket.disconnect();
    await sleep(200);
    send({ type: 'closed' });
  }
}

process.on('message', (command: Command) => void handle(command));
process.on('disconnect', () => process.exit(0));
