/**
 * Helpers for the live-board integration tests: a real Unsilo server listening on 127.0.0.1,
 * real socket.io-client sockets, promises for events and acks that fail clearly on timeout, and a
 * harness that closes every socket, server, database and temporary file a test opened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol/events';
import { openDatabase, type Db } from '../../server/persistence/database';
import { createServer, type ServerDeps, type UnsiloServer } from '../../server/server';
import type { RateLimits } from '../../server/http/rate-limits';
import type { Logger } from '../../server/ops/logger';
import type { Services } from '../../server/services';
import { fixedClock, sequentialIds, type TestClock } from '../helpers/app';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without the contract's types, for sending what a hostile client might send. */
export type RawSocket = Socket;

// How long an awaited event or ack may take before the test fails: generous, because only a failing
// test ever waits it out, and a loaded 2-core machine can take seconds to connect a socket.
const WAIT_MS = 10_000;

export interface LiveServer {
  server: UnsiloServer;
  services: Services;
  db: Db;
  clock: TestClock;
  url: string;
  port: number;
  loggedErrors: unknown[];
  /** Stops sockets, timers and the HTTP server; the database stays open (the harness closes it). */
  stop(): Promise<void>;
}

export interface SocketOptions {
  /** Organiser token sent in the handshake's `auth`. */
  token?: string;
  /** Value of the `unsilo_browser` cookie, so interest is counted for this browser. */
  browser?: string;
  /** Extra cookies, e.g. `unsilo_org_<eventId>=TOKEN`. */
  cookies?: Record<string, string>;
  origin?: string;
  /** Other handshake headers a browser would send (Sec-Fetch-Site, a proxy's X-Forwarded-*). */
  headers?: Record<string, string>;
  transports?: ('websocket' | 'polling')[];
  reconnection?: boolean;
}

export interface StartOptions {
  file?: string;
  port?: number;
  idPrefix?: string;
  rateLimits?: RateLimits | 'off';
  /** How long a write waits for another connection's lock (default: the production setting). */
  busyTimeoutMs?: number;
  /**
   * The encoder the server's analysis workers load: by default the deterministic 'hashed' one (no
   * model to load); 'use-lite' is the bundled model, 'none' words alone.
   */
  encoder?: ServerDeps['encoder'];
  /** Where analysis jobs run instead of the workers (e.g. this thread, with an encoder of the test's). */
  analysis?: ServerDeps['analysis'];
  /** Also receives everything the server logs (errors are collected in `loggedErrors` either way). */
  logger?: Logger;
  metricsToken?: string;
}

export interface Harness {
  /** A server on `:memory:` (or on `file`), listening on 127.0.0.1 at `port` (0: any free port). */
  start(options?: StartOptions): Promise<LiveServer>;
  connect(server: { url: string }, options?: SocketOptions): ClientSocket;
  /** A fresh directory for database files, removed at the end of the test. */
  tempDir(): string;
  close(): Promise<void>;
}

export function harness(): Harness {
  const sockets: ClientSocket[] = [];
  const servers: LiveServer[] = [];
  const dbs: Db[] = [];
  const dirs: string[] = [];

  return {
    async start({
      file = ':memory:',
      port = 0,
      idPrefix = 'id',
      rateLimits,
      busyTimeoutMs,
      encoder = 'hashed',
      analysis,
      logger: also,
      metricsToken,
    } = {}) {
      const db = openDatabase(file, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
      dbs.push(db);
      const loggedErrors: unknown[] = [];
      const logger: Logger = {
        info: (message, fields) => also?.info(message, fields),
        error: (message, error, fields) => {
          loggedErrors.push(error ?? message);
          also?.error(message, error, fields);
        },
      };
      const clock = fixedClock();
      const server = createServer({
        db,
        logger,
        clock,
        newId: sequentialIds(idPrefix),
        ...(rateLimits ? { rateLimits } : {}),
        encoder,
        ...(analysis ? { analysis } : {}),
        ...(metricsToken ? { metricsToken } : {}),
      });
      await new Promise<void>((resolve, reject) => {
        server.http.once('error', reject);
        server.http.listen(port, '127.0.0.1', () => resolve());
      });
      const actualPort = (server.http.address() as AddressInfo).port;
      let stopped = false;
      const live: LiveServer = {
        server,
        services: server.services,
        db,
        clock,
        url: `http://127.0.0.1:${actualPort}`,
        port: actualPort,
        loggedErrors,
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await server.close();
        },
      };
      servers.push(live);
      return live;
    },

    connect({ url }, options = {}) {
      const cookies = { ...options.cookies, ...(options.browser ? { unsilo_browser: options.browser } : {}) };
      const cookie = Object.entries(cookies)
        .map(([name, value]) => `${name}=${value}`)
        .join('; ');
      const extraHeaders: Record<string, string> = { ...options.headers };
      if (cookie) extraHeaders.cookie = cookie;
      if (options.origin) extraHeaders.origin = options.origin;
      const socket: ClientSocket = connectClient(url, {
        forceNew: true,
        transports: options.transports ?? ['websocket'],
        reconnection: options.reconnection ?? true,
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
        extraHeaders,
        ...(options.token ? { auth: { token: options.token } } : {}),
      });
      sockets.push(socket);
      return socket;
    },

    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), 'unsilo-realtime-'));
      dirs.push(dir);
      return dir;
    },

    async close() {
      await Promise.all(sockets.splice(0).map(closeSocket));
      for (const server of servers.splice(0)) await server.stop();
      for (const db of dbs.splice(0)) if (db.open) db.close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Disconnects and waits until the client's transport has closed: a polling client still has a
 * request in flight after `disconnect()`, which must end before the server (and Jest) go away.
 */
function closeSocket(socket: ClientSocket): Promise<void> {
  const engine = socket.io.engine as { readyState?: string; once(event: 'close', listener: () => void): void } | undefined;
  const closed =
    engine && engine.readyState !== 'closed'
      ? new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, WAIT_MS);
          engine.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        })
      : Promise.resolve();
  socket.disconnect();
  return closed;
}

/** The next `event` on `socket`, or a rejection naming what did not arrive. */
export function once<E extends keyof ServerToClientEvents | 'connect' | 'disconnect' | 'connect_error'>(
  socket: ClientSocket,
  event: E,
  timeoutMs = WAIT_MS,
): Promise<E extends keyof ServerToClientEvents ? Parameters<ServerToClientEvents[E]>[0] : unknown> {
  return new Promise((resolve, reject) => {
    const raw = socket as unknown as { on(e: string, l: (v: unknown) => void): void; off(e: string, l: (v: unknown) => void): void };
    const timer = setTimeout(() => {
      raw.off(event, listener);
      reject(new Error(`Socket ${socket.id ?? '(unconnected)'} got no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: unknown) => {
      clearTimeout(timer);
      raw.off(event, listener);
      resolve(value as never);
    };
    raw.on(event, listener);
  });
}

/** Resolves once the socket is connected (at once if it already is). */
export async function connected(socket: ClientSocket): Promise<void> {
  if (!socket.connected) await once(socket, 'connect');
}

/** Sends a command (typed or not) and returns its ack, failing clearly if none comes. */
export async function send<T = unknown>(socket: ClientSocket, event: string, payload?: unknown): Promise<Ack<T>> {
  const raw = socket as unknown as RawSocket;
  try {
    return (await raw.timeout(WAIT_MS).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    throw new Error(`No ack for "${event}" within ${WAIT_MS} ms`);
  }
}

/** The data of a successful ack; a refusal fails the test with its message. */
export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`Expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** Every server event a socket receives from now on, in order: for asserting what did NOT arrive. */
export function record(socket: ClientSocket): { event: string; payload: unknown }[] {
  const seen: { event: string; payload: unknown }[] = [];
  (socket as unknown as RawSocket).onAny((event: string, payload: unknown) => seen.push({ event, payload }));
  return seen;
}

/** A browser id as the page would set it: 16+ URL-safe characters. */
export const browserCookie = (n: number): string => `browser-${String(n).padStart(12, '0')}`;

export const commandId = (label: string): string => `cmd-${label}-${'x'.repeat(8)}`.slice(0, 64);

export interface Seeded {
  eventId: string;
  adminToken: string;
  rooms: [string, string];
  slots: [string, string];
  sessions: [string, string, string];
}

/** An event with two rooms, two slots and three unscheduled pitches, made through the services. */
export function seed(services: Services, name = 'LocalGovCamp 2026'): Seeded {
  const { event, adminToken } = services.events.create({ name, date: '2026-06-20', venue: 'Town Hall' });
  const eventId = event.id;
  const rooms: [string, string] = [
    services.grid.addRoom(eventId, { name: 'Main Hall', capacity: 120 }).value.id,
    services.grid.addRoom(eventId, { name: 'Library', capacity: null }).value.id,
  ];
  const slots: [string, string] = [
    services.grid.addSlot(eventId, { label: 'Session 1', startsAt: '10:00', endsAt: '10:45' }).value.id,
    services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id,
  ];
  const pitch = (title: string, pitcher: string) => services.sessions.pitch(eventId, { title, notes: '', pitcher }).value.id;
  const sessions: [string, string, string] = [
    pitch('Sharing code between councils', 'Priya'),
    pitch('User research on a shoestring', 'Aisha'),
    pitch('Generative AI policies', 'Tom'),
  ];
  return { eventId, adminToken, rooms, slots, sessions };
}

/** Everything a board shows plus the commands table: the yardstick for "nothing changed". */
export function dump(db: Db): unknown {
  return {
    events: db.prepare('SELECT * FROM events ORDER BY id').all(),
    sessions: db.prepare('SELECT * FROM sessions ORDER BY id').all(),
    rooms: db.prepare('SELECT * FROM rooms ORDER BY id').all(),
    slots: db.prepare('SELECT * FROM slots ORDER BY id').all(),
    interest: db.prepare('SELECT * FROM interests ORDER BY 1, 2').all(),
    commands: db.prepare('SELECT * FROM commands ORDER BY 1, 2').all(),
  };
}

/** Connects and joins a board; returns the socket and its join ack data. */
export async function joinBoard(h: Harness, live: LiveServer, eventId: string, options: SocketOptions = {}) {
  const socket = h.connect(live, options);
  await connected(socket);
  const joined = okData(await send<import('../../server/protocol/events').Joined>(socket, 'board:join', { eventId }));
  return { socket, joined };
}
