/**
 * `GET /metrics` (Prometheus text): off (404) without UNSILO_METRICS_TOKEN, 401 without the right
 * bearer token; viewers per event, socket commands by name and outcome, analyses, the other
 * analysis jobs by lane, the pitch form's similar lists, pitches, the write queue and the event
 * loop. Each server has its own registry.
 */
import request from 'supertest';
import { buildApp, createEvent, pitchSession, bearer } from '../helpers/app';
import { joinBoard, okData, send, commandId, seed, type Harness, harnessPerTest } from './realtime.helpers';
import { DEFAULT_RATE_LIMITS } from '../../server/shared/rate-limits';
import { SIMILAR_STALE_MS, SIMILAR_THROTTLE_FROM } from '../../server/services/similar.service';

const TOKEN = 'metrics-token-0123456789abcdef';
/** Every timer jest can fake but `performance`. */
const REAL_TIMERS = [
  'Date',
  'hrtime',
  'nextTick',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

let h: Harness;
harnessPerTest((started) => (h = started));
afterEach(() => jest.useRealTimers());

test('without UNSILO_METRICS_TOKEN, /metrics does not exist', async () => {
  const app = buildApp();
  try {
    const res = await request(app.app).get('/metrics').set(bearer(TOKEN)).expect(404);
    expect(res.body.error.code).toBe('not_found');
  } finally {
    await app.close();
  }
});

test('with a token, /metrics answers 401 without it or with another, and 200 with it', async () => {
  const live = await h.start({ metricsToken: TOKEN, encoder: 'none' });
  const denied = await request(live.url).get('/metrics').expect(401);
  expect(denied.headers['www-authenticate']).toBe('Bearer realm="metrics"');
  expect(denied.headers['set-cookie']).toBeUndefined();
  await request(live.url).get('/metrics').set(bearer('metrics-token-0123456789abcdeX')).expect(401);
  await request(live.url).get('/metrics').set(bearer('short')).expect(401);
  await request(live.url).get('/metrics').set('Authorization', TOKEN).expect(401);
  const res = await request(live.url).get('/metrics').set(bearer(TOKEN)).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  expect(res.headers['set-cookie']).toBeUndefined();
});

/** The value of one sample line, e.g. `unsilo_pitches_total` or `name{label="x"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('viewers per event, socket commands by name and outcome, analyses, pitches, the write queue and the event loop', async () => {
  // The test's sockets send no browser cookie, so they share their address's budget: two joins and a
  // pitch fit in a window, and the made-up command after them is refused by the limiter.
  const live = await h.start({ metricsToken: TOKEN, encoder: 'none', rateLimits: { ...DEFAULT_RATE_LIMITS, socketCommands: 3 } });
  const { eventId } = seed(live.services);
  const { socket } = await joinBoard(h, live, eventId);
  const second = await joinBoard(h, live, eventId);
  okData(await send(socket, 'session:pitch', { commandId: commandId('pitch'), title: 'Open data', pitcher: 'Ann', notes: '' }));
  expect(await send(socket, 'made-up:command', {})).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  await pitchSession(live.server.app, eventId, 'Pitched on the web');
  await live.services.suggestions.refresh(eventId);
  second.socket.disconnect();

  const text = (await request(live.url).get('/metrics').set(bearer(TOKEN)).expect(200)).text;
  expect(sample(text, `unsilo_viewers{event="${eventId}"}`)).toBe(1);
  expect(sample(text, 'unsilo_socket_command_duration_seconds_count{command="board:join",outcome="ok"}')).toBe(2);
  expect(sample(text, 'unsilo_socket_command_duration_seconds_count{command="session:pitch",outcome="ok"}')).toBe(1);
  // A name no handler has is never a label value: the client chose it.
  expect(sample(text, 'unsilo_socket_command_duration_seconds_count{command="unknown",outcome="rate_limited"}')).toBe(1);
  expect(text).not.toContain('made-up');
  expect(sample(text, 'unsilo_pitches_total')).toBe(3 + 2); // seed()'s three, the socket's and the web's
  expect(sample(text, 'unsilo_analysis_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'unsilo_write_queue_depth')).toBe(0);
  expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
});

test('two servers in one process keep separate counts', async () => {
  const first = await h.start({ metricsToken: TOKEN, encoder: 'none' });
  const second = await h.start({ metricsToken: TOKEN, encoder: 'none' });
  const ev = await createEvent(first.server.app);
  await pitchSession(first.server.app, ev.eventId, 'Only here');
  const count = async (url: string) => sample((await request(url).get('/metrics').set(bearer(TOKEN))).text, 'unsilo_pitches_total');
  expect(await count(first.url)).toBe(1);
  expect(await count(second.url)).toBe(0);
});

test('the pitch form’s similar lists, embedding and the similar-sessions index refreshes are timed, by lane', async () => {
  // Only this thread's performance clock is the test's: the sockets, the server and the workers keep real time.
  jest.useFakeTimers({ doNotFake: [...REAL_TIMERS] });
  const live = await h.start({ metricsToken: TOKEN, encoder: 'hashed', rateLimits: 'off' });
  const { eventId } = seed(live.services);
  // A large board: its similar-sessions index is refreshed in the background, not read on a keystroke.
  for (let k = 0; k < SIMILAR_THROTTLE_FROM; k++) {
    live.services.sessions.pitch(eventId, { title: `Topic number ${k} about item ${k}`, notes: '', pitcher: 'Sam' });
  }
  await live.services.suggestions.refresh(eventId);
  const similar = () => request(live.url).get(`/api/events/${eventId}/similar`).query({ title: 'Sharing code in councils' }).expect(200);
  await similar();
  await pitchSession(live.server.app, eventId, 'Open data in councils');
  // Past the staleness bound: the list waits for the refresh it starts.
  jest.advanceTimersByTime(SIMILAR_STALE_MS);
  await similar();

  const text = (await request(live.url).get('/metrics').set(bearer(TOKEN)).expect(200)).text;
  expect(sample(text, 'unsilo_similar_list_duration_seconds_count{outcome="ok"}')).toBe(2);
  expect(sample(text, 'unsilo_analysis_job_duration_seconds_count{kind="embed",lane="background",outcome="ok"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'unsilo_analysis_job_duration_seconds_count{kind="similar",lane="interactive",outcome="ok"}')).toBeGreaterThanOrEqual(
    2,
  );
  expect(sample(text, 'unsilo_analysis_job_duration_seconds_count{kind="similarIndex",lane="interactive",outcome="ok"}')).toBe(1);
  expect(sample(text, 'unsilo_analysis_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
}, 60_000);

test('a similar list for an event that does not exist is timed with its error code', async () => {
  const live = await h.start({ metricsToken: TOKEN, encoder: 'none' });
  await request(live.url).get('/api/events/nope/similar').query({ title: 'Open data' }).expect(404);
  const text = (await request(live.url).get('/metrics').set(bearer(TOKEN)).expect(200)).text;
  expect(sample(text, 'unsilo_similar_list_duration_seconds_count{outcome="not_found"}')).toBe(1);
});
