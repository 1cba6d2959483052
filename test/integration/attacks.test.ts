import fc from 'fast-check';
import request from 'supertest';
import { bearer, buildApp, dumpTables, formsOf, organiserAgent, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';
import { INJECTED, XSS_CORPUS, injectedMarkup } from '../fixtures/security/xss-corpus';

jest.setTimeout(120_000);

let t: TestApp;
let ev: SeededBoard;

beforeEach(async () => {
  t = buildApp({ rateLimits: 'off' });
  ev = await seedBoard(t.app);
});

afterEach(async () => {
  expect(t.loggedErrors).toEqual([]);
  await t.close();
});

describe('the XSS corpus is shown inert on every page', () => {
  test('the detector would catch most of the corpus if it were rendered raw', () => {
    expect(XSS_CORPUS.filter((payload) => INJECTED.test(payload)).length).toBeGreaterThanOrEqual(18);
    expect(injectedMarkup('<p><img src=x onerror=alert(1)></p>')).not.toBeNull();
    expect(injectedMarkup('<input value="" autofocus onfocus="alert(1)">')).not.toBeNull();
    expect(injectedMarkup('<a href="javascript:alert(1)">x</a>')).not.toBeNull();
    expect(injectedMarkup('<input aria-label="&#34; onfocus=&#34;alert(1)">')).toBeNull();
  });

  test(`${XSS_CORPUS.length} payloads pitched as titles, notes and names, and set as event, room and slot names`, async () => {
    const organiser = await organiserAgent(t.app, ev);
    const api = (path = '') => `/api/events/${ev.eventId}${path}`;
    const owner = request.agent(t.app);
    const sessions: string[] = [];
    for (const [i, payload] of XSS_CORPUS.entries()) {
      const title = payload.slice(0, 120);
      const res = await owner
        .post(api('/sessions'))
        .send({ title, notes: `${payload}\n${payload}`, pitcher: payload.slice(0, 80) })
        .expect(201);
      expect(res.body.value.title).toBe(title.trim());
      sessions.push(res.body.value.id as string);
      if (i === 0) {
        await organiser.patch(api()).send({ name: payload, date: '2026-06-20', venue: payload }).expect(200);
        await organiser
          .post(api('/rooms'))
          .send({ name: payload.slice(0, 60) })
          .expect(201);
      }
    }
    // One is hidden so the admin page lists it too.
    await organiser.delete(api(`/sessions/${sessions[1]}`)).expect(200);

    const pages: [string, ReturnType<typeof request.agent>][] = [
      [`/e/${ev.eventId}`, organiser],
      [`/e/${ev.eventId}`, owner],
      [`/e/${ev.eventId}/pitch`, owner],
      [`/e/${ev.eventId}/wall`, owner],
      [`/e/${ev.eventId}/agenda`, owner],
      [`/e/${ev.eventId}/admin`, organiser],
      ...sessions.filter((_, i) => i !== 1).map((id): [string, ReturnType<typeof request.agent>] => [`/e/${ev.eventId}/s/${id}`, owner]),
    ];
    let checked = 0;
    for (const [url, browser] of pages) {
      const html = (await browser.get(url).expect(200)).text;
      expect([url, injectedMarkup(html)]).toEqual([url, null]);
      expect([url, html.match(/<script\b[^>]*>/g) ?? []]).toEqual([url, html.match(/<script src="\/static\/[^"]+"[^>]*>/g) ?? []]);
      checked++;
    }
    // The report draws its own SVG theme map: there, no payload may appear unescaped.
    const report = (await owner.get(`/e/${ev.eventId}/report`).expect(200)).text;
    expect(XSS_CORPUS.filter((payload) => /[<>"']/.test(payload) && report.includes(payload.slice(0, 80).trim()))).toEqual([]);
    expect(report).toContain('&lt;script&gt;');
    checked++;
    // The organiser's link pages, and a refused pitch form shown again with what was typed.
    const forms = await formsOf(organiser, `/e/${ev.eventId}/admin`);
    for (const action of ['/admin/facilitator-link', '/admin/organiser-link']) {
      const html = (await forms.post(`/e/${ev.eventId}${action}`).expect(200)).text;
      expect(injectedMarkup(html)).toBeNull();
      checked++;
    }
    for (const payload of XSS_CORPUS) {
      const html = (await forms.post(`/e/${ev.eventId}/pitch`, { title: '', notes: payload, pitcher: payload.slice(0, 80) }).expect(400))
        .text;
      expect([payload, injectedMarkup(html)]).toEqual([payload, null]);
      checked++;
    }
    expect(checked).toBe(pages.length + 1 + 2 + XSS_CORPUS.length);
  });
});

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every HTTP route, with ids of this event filled in: random bodies and ids are sent to each. */
function routes(): [Method, string][] {
  const e = `/api/events/${ev.eventId}`;
  const [s0, s1] = ev.sessions;
  const [r0] = ev.rooms;
  const [t0] = ev.slots;
  return [
    ['post', '/api/events'],
    ['post', '/api/events/import'],
    ['patch', e],
    ['post', `${e}/rooms`],
    ['patch', `${e}/rooms/${r0}`],
    ['put', `${e}/rooms/${r0}/position`],
    ['post', `${e}/slots`],
    ['patch', `${e}/slots/${t0}`],
    ['put', `${e}/slots/${t0}/position`],
    ['post', `${e}/sessions`],
    ['patch', `${e}/sessions/${s0}`],
    ['put', `${e}/sessions/${s0}/placement`],
    ['delete', `${e}/sessions/${s0}/placement`],
    ['put', `${e}/sessions/${s1}/interest`],
    ['post', `${e}/merges`],
    ['post', `${e}/links`],
    ['post', `${e}/dismissals`],
    ['post', `${e}/history/1/undo`],
    ['post', '/events'],
    ['post', `/e/${ev.eventId}/pitch`],
    ['post', `/e/${ev.eventId}/s/${s0}/edit`],
    ['post', `/e/${ev.eventId}/s/${s0}/place`],
    ['post', `/e/${ev.eventId}/s/${s0}/unschedule`],
    ['post', `/e/${ev.eventId}/s/${s1}/interest`],
    ['post', `/e/${ev.eventId}/admin/event`],
    ['post', `/e/${ev.eventId}/admin/rooms`],
    ['post', `/e/${ev.eventId}/admin/slots/${t0}`],
  ];
}

const junk = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      'title',
      'notes',
      'pitcher',
      'name',
      'date',
      'roomId',
      'slotId',
      'sessionIds',
      'position',
      'expectedVersion',
      'cell',
      'capacity',
      'startsAt',
      'endsAt',
      'kind',
      '__proto__',
      'constructor',
    ),
    fc.anything({ maxDepth: 2 }),
  ),
  fc.string({ maxLength: 300 }),
  fc.constant(null),
);

describe('random and malformed input', () => {
  test('reaches every HTTP route as the organiser: never a 500, and a refusal changes nothing', async () => {
    const organiser = await organiserAgent(t.app, ev);
    const forms = await formsOf(organiser);
    let tried = 0;
    for (const [method, url] of routes()) {
      await fc.assert(
        fc.asyncProperty(junk, fc.boolean(), async (body, asForm) => {
          const before = dumpTables(t.db);
          const isPage = !url.startsWith('/api/');
          const res = isPage
            ? await organiser
                .post(url)
                .type('form')
                .send({
                  ...(typeof body === 'object' && body !== null && !Array.isArray(body) ? flatten(body) : { value: String(body) }),
                  _csrf: forms.token,
                })
            : asForm
              ? await organiser[method](url).set(bearer(ev.adminToken)).type('form').send(flatten(body))
              : await organiser[method](url)
                  .set(bearer(ev.adminToken))
                  .set('Content-Type', 'application/json')
                  .send(JSON.stringify(body) ?? 'null');
          tried++;
          expect([method, url, res.status < 500]).toEqual([method, url, true]);
          if (res.status >= 400) expect(dumpTables(t.db)).toBe(before);
          expect(t.loggedErrors).toEqual([]);
        }),
        { numRuns: 25, seed: 20261129 },
      );
    }
    expect(tried).toBe(routes().length * 25);
  });

  test('malformed ids and raw bytes on every route are refused without a 500', async () => {
    const before = dumpTables(t.db);
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom(...routes()), async (bad, [method, url]) => {
        const mangled = url.replace(/id-\d{4}/, encodeURIComponent(bad));
        const res = await request(t.app)[method](mangled).set('Content-Type', 'application/json').send('{"title": "x", broken');
        tried++;
        expect([mangled, res.status < 500]).toEqual([mangled, true]);
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(tried).toBe(200);
    expect(dumpTables(t.db)).toBe(before);
  });
});

/** A form body carries strings only: nested values become their JSON. */
function flatten(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { value: JSON.stringify(body) ?? '' };
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]));
}
