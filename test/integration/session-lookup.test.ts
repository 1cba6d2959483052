/** GET /api/events/:eventId/session-lookup: a browser finds again the sessions it remembers. */
import request from 'supertest';
import { buildApp, createEvent, type TestApp } from '../helpers/app';

let t: TestApp;
beforeEach(() => {
  t = buildApp();
});
afterEach(async () => {
  await t.close();
  expect(t.loggedErrors).toEqual([]);
});

describe('session lookup', () => {
  test('answers each id with itself, the session it was merged into (through merges of merges), or null', async () => {
    const ev = await createEvent(t.app);
    const s = t.services;
    const pitch = (title: string) => s.sessions.pitch(ev.eventId, { title, notes: '', pitcher: 'Ann' }).value.id;
    const [a, b, c, d] = ['Open data', 'Data nobody uses', 'Data again', 'Withdrawn talk'].map(pitch) as [string, string, string, string];
    s.facilitation.merge(ev.eventId, { sessionIds: [a, b], primaryId: b });
    s.facilitation.merge(ev.eventId, { sessionIds: [b, c], primaryId: c });
    s.sessions.hide(ev.eventId, d, 'withdrawn');

    const res = await request(t.app)
      .get(`/api/events/${ev.eventId}/session-lookup`)
      .query({ ids: `${a},${b}, ${c},${d},nope,${a}` })
      .expect(200);
    expect(res.body).toEqual({ sessions: { [a]: c, [b]: c, [c]: c, [d]: null, nope: null } });
  });

  test('refuses a bad list with a clear message, and an unknown event with not_found', async () => {
    const ev = await createEvent(t.app);
    const bad = await request(t.app).get(`/api/events/${ev.eventId}/session-lookup`).query({ ids: 'ok,<script>' }).expect(400);
    expect(bad.body.error.code).toBe('invalid_payload');
    const none = await request(t.app).get(`/api/events/${ev.eventId}/session-lookup`).expect(400);
    expect(none.body.error.message).toMatch(/ids/);
    const many = Array.from({ length: 201 }, (_, i) => `s${i}`).join(',');
    const tooMany = await request(t.app).get(`/api/events/${ev.eventId}/session-lookup`).query({ ids: many }).expect(400);
    expect(JSON.stringify(tooMany.body)).toMatch(/At most 200/);
    await request(t.app).get('/api/events/nope/session-lookup').query({ ids: 'a' }).expect(404);
  });
});
