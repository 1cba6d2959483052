/**
 * Graceful shutdown of the real server process: SIGTERM stops it taking new work, lets a request
 * already in flight finish, drops live sockets (they reconnect to the next server) and leaves a
 * consistent, checkpointed database file behind.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect, type AddressInfo, type Socket as TcpSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectClient } from 'socket.io-client';
import { openDatabase } from '../../server/persistence/database';
import { createServer } from '../../server/server';
import { handleShutdownSignals } from '../../server/shutdown';
import { freePort, spawnServer, type ServerProcess } from '../helpers/server-process';

let dir: string;
let server: ServerProcess | null = null;
let tcp: TcpSocket | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-shutdown-'));
});

afterEach(async () => {
  tcp?.destroy();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Reads one whole HTTP response from a raw connection the server closes after answering. */
function responseOf(socket: TcpSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.once('error', reject);
    socket.once('close', () => resolve(text));
  });
}

test('SIGTERM lets an in-flight request finish, disconnects sockets, closes the database and exits 0', async () => {
  const dbFile = join(dir, 'unsilo.db');
  server = await spawnServer({ dbFile, port: await freePort() });
  const { port } = new URL(server.url);

  const client = connectClient(server.url, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const dropped = new Promise<string>((resolve) => client.once('disconnect', (reason) => resolve(reason)));

  // A request whose body is only half sent when the signal arrives.
  const body = JSON.stringify({ name: 'Created during shutdown', date: '2026-06-20', venue: 'Town Hall' });
  tcp = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => tcp!.once('connect', () => resolve()));
  const response = responseOf(tcp);
  tcp.write(
    `POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  tcp.write(body.slice(0, 10));

  server.child.kill('SIGTERM');
  await server.printed(/SIGTERM: shutting down/);
  expect(await dropped).toBe('transport close');
  tcp.write(body.slice(10));

  const answer = await response;
  expect(answer).toMatch(/^HTTP\/1\.1 201 /);
  expect(answer).toMatch(/\r\nConnection: close\r\n/i);
  expect(await server.exited).toEqual({ code: 0, signal: null });
  expect(server.output()).toContain('Stopped: the database is closed');
  client.close();

  // The WAL was folded into the file, which holds the event created during shutdown.
  const wal = `${dbFile}-wal`;
  expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  const db = new Database(dbFile, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT name FROM events WHERE name = ?').pluck().get('Created during shutdown')).toBe('Created during shutdown');
  } finally {
    db.close();
  }
});

test('a request still open when the time limit runs out is cut off, the database closed, and the exit code is 1', async () => {
  const db = openDatabase(join(dir, 'unsilo.db'));
  const logged: string[] = [];
  const logger = { info: (m: string) => void logged.push(m), error: (m: string) => void logged.push(m) };
  const server = createServer({ db, logger });
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const signals = new EventEmitter();
  const exited = new Promise<number>((exit) => handleShutdownSignals({ server, db, logger, timeoutMs: 200, exit, signals }));

  // Headers of a body that never comes.
  tcp = connect((server.http.address() as AddressInfo).port, '127.0.0.1');
  await new Promise<void>((resolve) => tcp!.once('connect', () => resolve()));
  const closed = new Promise<void>((resolve) => tcp!.once('close', () => resolve()));
  tcp.write('POST /api/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
  await new Promise<void>((resolve) => server.http.once('request', () => resolve()));
  signals.emit('SIGTERM', 'SIGTERM');

  expect(await exited).toBe(1);
  await closed;
  expect(db.open).toBe(false);
  expect(logged).toEqual([
    'SIGTERM: shutting down, finishing requests in flight (at most 200 ms)',
    'Requests still open after 200 ms: cutting them off',
    'Stopped: the database is closed',
  ]);
});
