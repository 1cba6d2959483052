import request from 'supertest';
import { CSRF_COOKIE } from '../../server/http/security';
import { csrfTokenOf, formsOf, getBoard, organiserAgent, type SeededBoard, type TestApp, boardPerTest } from '../helpers/app';

let t: TestApp;
let ev: SeededBoard;

boardPerTest((started) => ({ t, ev } = started));

const eventCount = () => (t.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

describe('forms without a valid CSRF token', () => {
  test('every page form carries a token field', async () => {
    const organiser = await organiserAgent(t.app, ev);
    for (const page of [
      '/',
      `/e/${ev.eventId}`,
      `/e/${ev.eventId}/pitch`,
      `/e/${ev.eventId}/s/${ev.sessions[0]}`,
      `/e/${ev.eventId}/admin`,
    ]) {
      const html = (await organiser.get(page).expect(200)).text;
      const posts = html.match(/<form method="post"[^>]*>/g) ?? [];
      const tokens = html.match(/name="_csrf" value="[^"]+"|\?_csrf=[^"]+"/g) ?? [];
      expect([page, tokens.length]).toEqual([page, posts.length]);
    }
  });

  test('an organiser form sent without a token, with a made-up token or with another browser’s token is refused and changes nothing', async () => {
    const organiser = await organiserAgent(t.app, ev);
    const stranger = request.agent(t.app);
    const strangersToken = await csrfTokenOf(stranger);
    const before = await getBoard(t.app, ev.eventId);
    for (const token of [undefined, 'not-a-token', strangersToken]) {
      const res = await organiser
        .post(`/e/${ev.eventId}/admin/rooms`)
        .type('form')
        .send({ name: 'Annexe', ...(token ? { _csrf: token } : {}) })
        .expect(403);
      expect(res.text).toContain('Reload the page and send it again');
    }
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });

  test('a pitch, an “I’d go” and a new event without a token are refused and change nothing', async () => {
    const before = await getBoard(t.app, ev.eventId);
    const events = eventCount();
    const browser = request.agent(t.app);
    await browser.get(`/e/${ev.eventId}`).expect(200);
    await browser.post(`/e/${ev.eventId}/pitch`).type('form').send({ title: 'Forged', pitcher: 'Mallory' }).expect(403);
    await browser.post(`/e/${ev.eventId}/s/${ev.sessions[1]}/interest`).type('form').send({}).expect(403);
    await browser.post('/events').type('form').send({ name: 'Forged camp', date: '2026-01-01' }).expect(403);
    await browser.post('/events/import').attach('file', Buffer.from('{}'), 'event.json').expect(403);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
    expect(eventCount()).toBe(events);
  });

  test('the same forms with the page’s token go through', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    await forms.post(`/e/${ev.eventId}/pitch`, { title: 'Real pitch', pitcher: 'Sam' }).expect(303);
    expect((await getBoard(t.app, ev.eventId)).sessions).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Real pitch' })]),
    );
  });
});

describe('JSON API writes', () => {
  test('a write sent as a form or as text/plain (what a cross-site page can send) is refused with 415 and changes nothing', async () => {
    const organiser = await organiserAgent(t.app, ev);
    const before = await getBoard(t.app, ev.eventId);
    const url = `/api/events/${ev.eventId}/sessions`;
    const asForm = await organiser.post(url).type('form').send({ title: 'Forged', pitcher: 'Mallory' }).expect(415);
    expect(asForm.body.error).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/JSON/) });
    await organiser.post(url).set('Content-Type', 'text/plain').send('{"title":"Forged","pitcher":"Mallory"}').expect(415);
    await organiser.post(`/api/events/${ev.eventId}/rooms`).type('form').send({ name: 'Annexe' }).expect(415);
    await organiser
      .patch(`/api/events/${ev.eventId}/sessions/${ev.sessions[0]}`)
      .type('form')
      .send({ title: 'X', pitcher: 'Y' })
      .expect(415);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });
});

describe('the CSRF cookie over TLS', () => {
  const csrfCookieOf = (res: request.Response): string | undefined =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${CSRF_COOKIE}=`));

  test('is Secure when the request came over HTTPS (a TLS proxy on this machine), and not over plain HTTP', async () => {
    const overTls = await request(t.app).get(`/e/${ev.eventId}/pitch`).set('X-Forwarded-Proto', 'https').expect(200);
    expect(csrfCookieOf(overTls)).toMatch(/;\s*Secure/i);
    const plain = await request(t.app).get(`/e/${ev.eventId}/pitch`).expect(200);
    expect(csrfCookieOf(plain)).toBeDefined();
    expect(csrfCookieOf(plain)).not.toMatch(/;\s*Secure/i);
  });

  test('a form sent over HTTPS with the page’s token goes through', async () => {
    const browser = request.agent(t.app);
    const page = await browser.get(`/e/${ev.eventId}/pitch`).set('X-Forwarded-Proto', 'https').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeDefined();
    const cookies = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    await request(t.app)
      .post(`/e/${ev.eventId}/pitch`)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: token, title: 'Sent over TLS', pitcher: 'Priya' })
      .expect(303);
    expect(JSON.stringify(await getBoard(t.app, ev.eventId))).toContain('Sent over TLS');
  });
});
