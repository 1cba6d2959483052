import request from 'supertest';
import { DEFAULT_RATE_LIMITS } from '../../server/http/rate-limits';
import { buildApp, formsOf, getBoard, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';
import { harness, type Harness } from './realtime.helpers';

const TIGHT = { pitches: 2, edits: 2, interest: 3, notes: 2, socketCommands: 4 };

describe('over HTTP', () => {
  let t: TestApp;
  let ev: SeededBoard;

  beforeEach(async () => {
    t = buildApp({ rateLimits: TIGHT });
    ev = await seedBoard(t.app);
  });

  afterEach(async () => {
    expect(t.loggedErrors).toEqual([]);
    await t.close();
  });

  const pitch = { title: 'One more idea', pitcher: 'Sam' };

  test('a browser over its pitch limit is told to slow down, nothing is pitched, and other browsers still pitch', async () => {
    const browser = request.agent(t.app);
    const url = `/api/events/${ev.eventId}/sessions`;
    await browser.post(url).send(pitch).expect(201);
    await browser.post(url).send(pitch).expect(201);
    const before = await getBoard(t.app, ev.eventId);
    const refused = await browser.post(url).send(pitch).expect(429);
    expect(refused.body.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Slow down/) });
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
    await request.agent(t.app).post(url).send(pitch).expect(201);
  });

  test('the pitch form over the limit shows a “Slow down” page', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    await forms.post(`/e/${ev.eventId}/pitch`, pitch).expect(303);
    await forms.post(`/e/${ev.eventId}/pitch`, pitch).expect(303);
    const page = await forms.post(`/e/${ev.eventId}/pitch`, pitch).expect(429);
    expect(page.text).toContain('Slow down');
  });

  test('edits of one’s own pitch and “I’d go” clicks are limited too', async () => {
    const browser = request.agent(t.app);
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

  test('production defaults are sized for a real event', () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({ pitches: 10, edits: 30, interest: 60, notes: 20, socketCommands: 30 });
  });
});

describe('over a socket', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
  });

  afterEach(async () => {
    await h.close();
  });

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
});
