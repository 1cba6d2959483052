/**
 * Structured logs: one JSON line per request (id, method, path, status, duration) and per socket
 * command (name, outcome), errors with their stack and request id, and never a private key from a
 * query string or a cookie.
 */
import request from 'supertest';
import { captureLogs, type CapturedLogs } from '../helpers/logs';
import { harness, joinBoard, send, commandId, seed, type Harness, type LiveServer } from './realtime.helpers';

let h: Harness;
let logs: CapturedLogs;
let live: LiveServer;

beforeEach(async () => {
  h = harness();
  logs = captureLogs();
  live = await h.start({ logger: logs.logger, encoder: 'none' });
});
afterEach(() => h.close());

const requests = () => logs.lines().filter((line) => line.msg === 'request');

test('one line per request, with a request id (also sent back), method, path without its query, status and duration', async () => {
  const { eventId, adminToken } = seed(live.services);
  const res = await request(live.url).get(`/e/${eventId}/admin`).query({ key: adminToken }).expect(303);
  const cookie = String(res.headers['set-cookie']);
  expect(cookie).toContain(adminToken);

  const [line] = requests();
  expect(line).toEqual({
    level: 30,
    time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    pid: process.pid,
    msg: 'request',
    requestId: res.headers['x-request-id'],
    method: 'GET',
    path: `/e/${eventId}/admin`,
    status: 303,
    ms: expect.any(Number),
  });
  expect(logs.text()).not.toContain(adminToken);
});

test("a proxy's request id is kept; one that does not look like an id is replaced", async () => {
  await request(live.url).get('/').set('X-Request-Id', 'proxy-42.a').expect(200).expect('X-Request-Id', 'proxy-42.a');
  const replaced = await request(live.url).get('/').set('X-Request-Id', 'two words').expect(200);
  expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(requests().map((line) => line.requestId)).toEqual(['proxy-42.a', replaced.headers['x-request-id']]);
});

test('probes are logged only when they fail', async () => {
  await request(live.url).get('/healthz').expect(200);
  await request(live.url).get('/readyz').expect(200);
  await request(live.url).get('/metrics').expect(404);
  expect(requests().map((line) => [line.path, line.status])).toEqual([['/metrics', 404]]);
});

test('one line per socket command with its outcome, and none of its payload', async () => {
  const { eventId } = seed(live.services);
  const { socket } = await joinBoard(h, live, eventId);
  await send(socket, 'session:pitch', { commandId: commandId('ok'), title: 'Open data for parish councils', pitcher: 'Ann', notes: '' });
  await send(socket, 'session:pitch', { commandId: commandId('bad'), title: '', pitcher: 'Ann' });
  const commands = logs.lines().filter((line) => line.msg === 'socket command');
  expect(commands.map(({ command, outcome, eventId: event }) => ({ command, outcome, event }))).toEqual([
    { command: 'board:join', outcome: 'ok', event: eventId },
    { command: 'session:pitch', outcome: 'ok', event: eventId },
    { command: 'session:pitch', outcome: 'invalid_payload', event: eventId },
  ]);
  expect(commands.every((line) => line.socketId === socket.id && typeof line.ms === 'number')).toBe(true);
  expect(logs.text()).not.toContain('Open data for parish councils');
});

test('an unexpected error is logged with its stack and the request id; the client sees only "internal"', async () => {
  const { eventId } = seed(live.services);
  live.db.close();
  const res = await request(live.url).get(`/api/events/${eventId}/board`).expect(500);
  expect(res.body.error.code).toBe('internal');
  const error = logs.lines().find((line) => line.msg === 'unexpected error');
  expect(error).toMatchObject({ level: 50, requestId: res.headers['x-request-id'], method: 'GET', path: `/api/events/${eventId}/board` });
  expect((error?.err as { stack: string }).stack).toMatch(/database connection is not open\n\s+at /);
  live.loggedErrors.length = 0;
});
