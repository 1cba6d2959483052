import type { Express } from 'express';
import request from 'supertest';
import { TOO_MANY_SOCKETS } from '../../server/realtime/limits';
import { DEFAULT_RATE_LIMITS } from '../../server/shared/rate-limits';
import { buildApp, formsOf, getBoard, type Browser, type TestApp } from '../helpers/app';
import { once, seed, type Harness, type Seeded, harnessPerTest } from './realtime.helpers';

const TIGHT = {
  pitches: 2,
  edits: 2,
  interest: 3,
  notes: 2,
  flags: 2,
  similar: 2,
  socketCommands: 4,
  addressPitches: 100,
  addressEvents: 2,
  addressSockets: 100,
};

/** A browser that opened the board first, as a person's does, so it sends its `unsilo_browser` cookie. */
async function visitor(app: Express, eventId: string): Promise<Browser> {
  const browser = request.agent(app);
  await browser.get(`/e/${eventId}`).expect(200);
  return browser;
}

describe('over HTTP', () => {
  let t: TestApp;
  let ev: Seeded;

  beforeEach(() => {
    t = buildApp({ rateLimits: TIGHT });
    ev = seed(t.services);
  });

  afterEach(async () => {
    expect(t.loggedErrors).toEqual([]);
    await t.close();
  });

  const pitch = { title: 'One more idea', pitcher: 'Sam' };

  test('a browser over its pitch limit is told to slow down, nothing is pitched, and other browsers still pitch', async () => {
    const browser = await visitor(t.app, ev.eventId);
    const url = `/api/events/${ev.eventId}/sessions`;
    await browser.post(url).send(pitch).expect(201);
    await browser.post(url).send(pitch).expect(201);
    const before = await getBoard(t.app, ev.eventId);
    const refused = await browser.post(url).send(pitch).expect(429);
    expect(refused.body.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Slow down/) });
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
    await (await visitor(t.app, ev.eventId)).post(url).send(pitch).expect(201);
  });

  test('the pitch form over the limit shows a “Slow down” page', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    await forms.post(`/e/${ev.eventId}/pitch`, pitch).expect(303);
    await forms.post(`/e/${ev.eventId}/pitch`, pitch).expect(303);
    const page = await forms.post(`/e/${ev.eventId}/pitch`, pitch).expect(429);
    expect(page.text).toContain('Slow down');
  });

  test('edits of one’s own pitch and “I’d go” clicks are limited too', async () => {
    const browser = await visitor(t.app, ev.eventId);
    const { body } = await browser.post(`/api/events/${ev.eventId}/sessions`).send(pitch).expect(201);
    const session = `/api/events/${ev.eventId}/sessions/${body.value.id as string}`;
    await browser
      .patch(session)
      .send({ ...pitch, title: 'Edit 1' })
      .expect(200);
    await browser
      .patch(session)
      .send({ ...pitch, title: 'Edit 2' })
      .expect(200);
    await browser
      .patch(session)
      .send({ ...pitch, title: 'Edit 3' })
      .expect(429);
    for (let i = 0; i < 3; i++) await browser.put(`${session}/interest`).expect(200);
    const refused = await browser.put(`${session}/interest`).expect(429);
    expect(refused.body.error.message).toMatch(/Slow down/);
  });

  test('look-ups of sessions like yours are limited per browser, and other browsers still get theirs', async () => {
    const browser = await visitor(t.app, ev.eventId);
    const similar = `/api/events/${ev.eventId}/similar?title=${encodeURIComponent('Sharing code between councils')}`;
    await browser.get(similar).expect(200);
    await browser.get(similar).expect(200);
    const refused = await browser.get(similar).expect(429);
    expect(refused.body.error.message).toBe(
      'Slow down: too many look-ups of sessions like yours from this browser. Wait a minute and try again.',
    );
    await (await visitor(t.app, ev.eventId)).get(similar).expect(200);
  });

  // Every form that writes for a visitor carries its limit on its own route: requests past the limit
  // are refused whatever they hold (these bodies are refused anyway; the limit counts them first).
  const forms: [string, keyof typeof TIGHT, (e: Seeded) => string][] = [
    ['the edit form', 'edits', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/edit`],
    ['the withdraw form', 'edits', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/withdraw`],
    ['the note form', 'notes', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/notes`],
    ['the “I’d go” form', 'interest', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/interest`],
    ['the “same conversation as…” form', 'flags', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/same`],
    ['a host’s answer', 'flags', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/host-answer`],
    ['an answer to a co-host request', 'flags', (e) => `/e/${e.eventId}/s/${e.sessions[0]}/cohosts/1`],
  ];
  test.each(forms)('%s is limited per browser', async (_name, kind, url) => {
    const page = await formsOf(await visitor(t.app, ev.eventId), `/e/${ev.eventId}/s/${ev.sessions[0]}`);
    for (let i = 0; i < TIGHT[kind]; i++) expect((await page.post(url(ev), { body: '' })).status).not.toBe(429);
    const refused = await page.post(url(ev), { body: '' });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Slow down');
  });

  test('production defaults are sized for a real event', () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({
      pitches: 10,
      edits: 30,
      interest: 60,
      notes: 20,
      flags: 20,
      similar: 60,
      socketCommands: 30,
      addressPitches: 100,
      addressEvents: 30,
      addressSockets: 2_000,
    });
  });

  test('new events from one address, by the home page’s forms and the API together, are limited per hour, and nothing is created past it', async () => {
    const eventCount = () => (t.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const before = eventCount();
    const home = await formsOf(t.app, '/');
    await home.post('/events', { name: 'Camp one', date: '2026-12-05', venue: '' }).expect(201);
    const file = t.services.transfer.export(ev.eventId);
    await request(t.app).post('/api/events/import').send(file).expect(201);
    const refused = await request(t.app).post('/api/events').send({ name: 'Camp three', date: '2026-12-05', venue: '' }).expect(429);
    expect(refused.body.error.message).toBe('Slow down: too many new events from your network. Wait an hour and try again.');
    await request(t.app).post('/api/events/import').send(file).expect(429);
    const page = await home.post('/events', { name: 'Camp four', date: '2026-12-05', venue: '' }).expect(429);
    expect(page.text).toContain('Slow down');
    expect(eventCount()).toBe(before + 2);
    // Another address still has its budget.
    await request(t.app)
      .post('/api/events')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ name: 'Elsewhere', date: '2026-12-05', venue: '' })
      .expect(201);
  });
});

describe('clients that send no browser cookie', () => {
  let t: TestApp;
  let ev: Seeded;

  afterEach(async () => {
    expect(t.loggedErrors).toEqual([]);
    await t.close();
  });

  const pitch = (i: number) => ({ title: `Scripted pitch ${i}`, pitcher: 'Bot' });
  const titles = () => t.services.events.board(ev.eventId).sessions.map((s) => s.title);

  test('share their address’s budget: a flood of pitches without cookies lands only the limit, and browsers still pitch', async () => {
    t = buildApp({ rateLimits: TIGHT });
    ev = seed(t.services);
    const url = `/api/events/${ev.eventId}/sessions`;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => request(t.app).post(url).send(pitch(i))));

    expect(answers.filter((res) => res.status === 201)).toHaveLength(TIGHT.pitches);
    expect(answers.filter((res) => res.status === 429)).toHaveLength(40 - TIGHT.pitches);
    expect(answers.find((res) => res.status === 429)?.body.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Slow down: too many pitches/),
    });
    expect(titles().filter((title) => title.startsWith('Scripted'))).toHaveLength(TIGHT.pitches);
    await (await visitor(t.app, ev.eventId)).post(url).send(pitch(99)).expect(201);
  });

  test('made-up cookies buy a fresh budget only up to the address’s ceiling', async () => {
    t = buildApp({ rateLimits: { ...TIGHT, addressPitches: 5 } });
    ev = seed(t.services);
    const url = `/api/events/${ev.eventId}/sessions`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request(t.app)
        .post(url)
        .set('Cookie', `unsilo_browser=made-up-browser-${String(i).padStart(4, '0')}`)
        .send(pitch(i));
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.error.message).toMatch(/too many pitches from your network/);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
  });

  test('behind the trusted proxy, each forwarded address has its own budget; other clients cannot claim one', async () => {
    t = buildApp({ rateLimits: TIGHT });
    ev = seed(t.services);
    const url = `/api/events/${ev.eventId}/sessions`;
    const from = (address: string, i: number) => request(t.app).post(url).set('X-Forwarded-For', address).send(pitch(i));
    await from('203.0.113.7', 1).expect(201);
    await from('203.0.113.7', 2).expect(201);
    await from('203.0.113.7', 3).expect(429);
    await from('198.51.100.20', 4).expect(201);

    const exposed = buildApp({ rateLimits: TIGHT, trustProxy: 'off' });
    try {
      const camp = seed(exposed.services);
      const direct = (address: string, i: number) =>
        request(exposed.app).post(`/api/events/${camp.eventId}/sessions`).set('X-Forwarded-For', address).send(pitch(i));
      await direct('203.0.113.1', 1).expect(201);
      await direct('203.0.113.2', 2).expect(201);
      await direct('203.0.113.3', 3).expect(429);
    } finally {
      await exposed.close();
    }
  });

  test('with the limits off (UNSILO_RATE_LIMITS=off, for benchmarks), nothing is limited', async () => {
    t = buildApp({ rateLimits: 'off' });
    ev = seed(t.services);
    const url = `/api/events/${ev.eventId}/sessions`;
    for (let i = 0; i < DEFAULT_RATE_LIMITS.pitches + 5; i++) await request(t.app).post(url).send(pitch(i)).expect(201);
    expect(titles().filter((title) => title.startsWith('Scripted'))).toHaveLength(DEFAULT_RATE_LIMITS.pitches + 5);
  });
});

describe('over a socket', () => {
  let h: Harness;

  harnessPerTest((started) => (h = started));

  test('commands over the socket limit are acknowledged with rate_limited and never run', async () => {
    const live = await h.start({ rateLimits: { ...TIGHT, pitches: 100 } });
    const { event } = live.services.events.create({ name: 'Camp', date: '2026-06-20', venue: '' });
    const socket = h.connect(live, { browser: 'browser-aaaaaaaaaaaaaaaa' });
    expect(await socket.emitWithAck('board:join', { eventId: event.id })).toMatchObject({ ok: true });
    const acks = [];
    for (let i = 0; i < 4; i++) {
      acks.push(
        await socket.emitWithAck('session:pitch', { commandId: `command-${i}-xxxx`, title: `Pitch ${i}`, notes: '', pitcher: 'Sam' }),
      );
    }
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, false]);
    expect(acks[3]).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/^Slow down/) } });
    expect(live.services.events.board(event.id).sessions.map((s) => s.title)).toEqual(['Pitch 0', 'Pitch 1', 'Pitch 2']);
    expect(live.loggedErrors).toEqual([]);
  });

  test('socket pitches count against the pitch limit', async () => {
    const live = await h.start({ rateLimits: TIGHT });
    const { event } = live.services.events.create({ name: 'Camp', date: '2026-06-20', venue: '' });
    const socket = h.connect(live, { browser: 'browser-bbbbbbbbbbbbbbbb' });
    await socket.emitWithAck('board:join', { eventId: event.id });
    const pitchOnce = (i: number) =>
      socket.emitWithAck('session:pitch', { commandId: `command-${i}-yyyy`, title: `Pitch ${i}`, notes: '', pitcher: 'Sam' });
    expect((await pitchOnce(0)).ok).toBe(true);
    expect((await pitchOnce(1)).ok).toBe(true);
    expect(await pitchOnce(2)).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/too many pitches/) } });
  });

  const pitchOn = (socket: ReturnType<Harness['connect']>, i: number) =>
    socket.emitWithAck('session:pitch', { commandId: `scripted-${i}-zzzz`, title: `Scripted ${i}`, notes: '', pitcher: 'Bot' });

  test('sockets without a browser cookie share their address’s budget, however many connections they open', async () => {
    const live = await h.start({ rateLimits: { ...TIGHT, socketCommands: 100 } });
    const { event } = live.services.events.create({ name: 'Camp', date: '2026-06-20', venue: '' });
    const oks: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const socket = h.connect(live);
      await socket.emitWithAck('board:join', { eventId: event.id });
      oks.push((await pitchOn(socket, i)).ok);
    }
    expect(oks).toEqual([true, true, false, false]);
    expect(live.services.events.board(event.id).sessions).toHaveLength(TIGHT.pitches);
  });

  test('one address may hold only so many live connections open; closing one makes room, and other addresses still connect', async () => {
    const live = await h.start({ rateLimits: { ...TIGHT, addressSockets: 2 } });
    const open = [h.connect(live, { reconnection: false }), h.connect(live, { reconnection: false })];
    await Promise.all(open.map((socket) => once(socket, 'connect')));
    for (const transport of ['websocket', 'polling'] as const) {
      const refused = h.connect(live, { reconnection: false, transports: [transport] });
      await once(refused, 'connect_error');
      expect(refused.connected).toBe(false);
    }
    // What the refused handshake says (a browser's board shows it is not connected, and retries).
    const handshake = await request(`${live.url}`).get('/socket.io/?EIO=4&transport=polling').expect(403);
    expect(handshake.body).toMatchObject({ message: TOO_MANY_SOCKETS });
    const elsewhere = h.connect(live, { reconnection: false, headers: { 'x-forwarded-for': '203.0.113.7' } });
    await once(elsewhere, 'connect');
    // The connection, not just the board's namespace, is closed on the server: then it no longer counts.
    const gone = new Promise((resolve) =>
      live.server.io
        .of('/')
        .sockets.get(open[0]!.id as string)
        ?.conn.once('close', resolve),
    );
    open[0]!.disconnect();
    await gone;
    const again = h.connect(live, { reconnection: false });
    await once(again, 'connect');
    expect(again.connected).toBe(true);
  });

  test('sockets with made-up cookies are held at the address’s pitch ceiling', async () => {
    const live = await h.start({ rateLimits: { ...TIGHT, socketCommands: 100, addressPitches: 3 } });
    const { event } = live.services.events.create({ name: 'Camp', date: '2026-06-20', venue: '' });
    const acks = [];
    for (let i = 0; i < 5; i++) {
      const socket = h.connect(live, { browser: `made-up-browser-${String(i).padStart(4, '0')}` });
      await socket.emitWithAck('board:join', { eventId: event.id });
      acks.push(await pitchOn(socket, i));
    }
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, false, false]);
    expect(acks[4]).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/from your network/) } });
  });
});
