/**
 * CSRF from another origin, on every write the app has. The routes are read from the Express app
 * itself (its router stack), so a route added later is attacked here without anyone listing it. Each
 * write is sent with the victim's cookies (organiser, facilitator and browser) and no token, as a page
 * of another origin would send it: another port on this host, a sibling subdomain (same-site, which
 * SameSite=Lax cookies let through), another site. Each must be refused with 403 and change nothing.
 */
import type { Express } from 'express';
import request from 'supertest';
import { facilitatorCookie } from '../../server/shared/cookies';
import {
  bearer,
  buildApp,
  createEvent,
  dumpTables,
  formsOf,
  organiserAgent,
  seedBoard,
  type SeededBoard,
  type TestApp,
} from '../helpers/app';

jest.setTimeout(60_000);

interface Route {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method and path the app routes, mounted routers included, as Express matches them. */
function routesOf(app: Express): Route[] {
  const found = new Map<string, Route>();
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path)) {
          for (const method of Object.keys(layer.route.methods)) found.set(`${method} ${prefix}${path}`, { method, path: prefix + path });
        }
      } else if (layer.handle?.stack) {
        for (const mount of ([] as string[]).concat(layer.rawPath ?? '/')) walk(layer.handle.stack, prefix + (mount === '/' ? '' : mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found.values()];
}

const SAFE = new Set(['get', 'head', 'options']);

let t: TestApp;
let ev: SeededBoard;
let noteId: string;
let linkId: string;
let entryId: string;
let requestId: string;

beforeEach(async () => {
  t = buildApp({ rateLimits: 'off' });
  ev = await seedBoard(t.app);
  const note = await request(t.app)
    .post(`/api/events/${ev.eventId}/sessions/${ev.sessions[1]}/notes`)
    .send({ author: 'Sam', body: 'Slides are on the wiki' })
    .expect(201);
  noteId = String(note.body.value.id);
  await request(t.app)
    .post(`/api/events/${ev.eventId}/links`)
    .set(bearer(ev.adminToken))
    .send({ sessionIds: [ev.sessions[1], ev.sessions[2]] })
    .expect(201);
  const history = await request(t.app).get(`/api/events/${ev.eventId}/history`).set(bearer(ev.adminToken)).expect(200);
  entryId = String(history.body[0].id);
  const asked = await t.services.pitches.submit(
    ev.eventId,
    { title: 'Same as yours', notes: '', pitcher: 'Ana', choice: `join:${ev.sessions[1]}`, shown: [], checkedTitle: '' },
    'a-joining-browser-0001',
  );
  requestId = asked.kind === 'asked' ? asked.request.id : '';
  const coOrganiser = await request(t.app)
    .post(`/api/events/${ev.eventId}/organiser-links`)
    .set(bearer(ev.adminToken))
    .send({ name: 'Sam' })
    .expect(201);
  linkId = String(coOrganiser.body.link.id);
});

afterEach(async () => {
  expect(t.loggedErrors).toEqual([]);
  await t.close();
});

/** The route's path with real ids of the seeded event, so that a request let through would change it. */
function urlOf(path: string): string {
  const ids: Record<string, string> = {
    eventId: ev.eventId,
    sessionId: ev.sessions[1],
    roomId: ev.rooms[1],
    slotId: ev.slots[1],
    noteId,
    entryId,
    requestId,
    linkId,
  };
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = ids[name];
    if (value === undefined) throw new Error(`${path}: give :${name} a real id in urlOf() so this route is attacked too`);
    return value;
  });
}

/** The organiser's browser, which also followed the facilitator link: every role's cookie at once. */
async function victim(): Promise<ReturnType<typeof request.agent>> {
  const agent = await organiserAgent(t.app, ev);
  const link = await agent.post(`/api/events/${ev.eventId}/facilitator-link`).set(bearer(ev.adminToken)).expect(201);
  agent.jar.setCookie(`${facilitatorCookie(ev.eventId)}=${link.body.facilitatorToken as string}; Path=/`);
  return agent;
}

/** Headers of a request a browser sends from a page of another origin; none can be set by the page. */
const ATTACKERS: [string, Record<string, string>][] = [
  ['another port on this host (Origin only, as an older browser sends it)', { Origin: 'http://127.0.0.1:4298' }],
  ['another site', { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' }],
  ['a sibling subdomain (same-site)', { Host: 'board.camp.example', 'Sec-Fetch-Site': 'same-site', Origin: 'https://talks.camp.example' }],
  ['a sandboxed frame', { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' }],
];

/** What an HTML form of the attacker's page can post (fields of every kind of write, no token). */
const FORGED_FORM = {
  name: 'Forged',
  date: '2026-01-01',
  title: 'Forged',
  pitcher: 'Mallory',
  author: 'Mallory',
  body: 'Forged',
  capacity: '1',
  label: 'Forged',
  startsAt: '07:00',
  endsAt: '07:30',
  position: '0',
  direction: 'up',
  answer: 'accept',
};

describe('the routes under attack', () => {
  test('are every write the app routes, found in its router', () => {
    const writes = routesOf(t.app).filter((route) => !SAFE.has(route.method));
    expect(writes.length).toBeGreaterThanOrEqual(50);
    expect(writes).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/api/events/:eventId/organiser-link' },
        { method: 'post', path: '/api/events/:eventId/facilitator-link' },
        { method: 'post', path: '/api/events/:eventId/sessions/:sessionId/restore' },
        { method: 'post', path: '/api/events/:eventId/history/:entryId/undo' },
        { method: 'post', path: '/e/:eventId/admin/organiser-link' },
        { method: 'post', path: '/events/import' },
      ]),
    );
    for (const route of writes) expect(() => urlOf(route.path)).not.toThrow();
  });
});

describe.each(ATTACKERS)('a write sent from %s with the victim’s cookies and no token', (_, headers) => {
  test('is refused with 403 on every route, with or without a body, and changes nothing', async () => {
    const browser = await victim();
    const before = dumpTables(t.db);
    const writes = routesOf(t.app).filter((route) => !SAFE.has(route.method));
    const answers: string[] = [];
    for (const { method, path } of writes) {
      for (const form of [false, true]) {
        let attempt = browser[method as 'post'](urlOf(path)).set(headers);
        if (form) attempt = attempt.type('form').send(FORGED_FORM);
        const res = await attempt;
        const refusal = path.startsWith('/api/') ? (res.body as { error?: { message?: string } }).error?.message : res.text;
        answers.push(
          `${method} ${path}${form ? ' (form)' : ''}: ${res.status} ${/came from another website/.test(refusal ?? '') ? 'refused' : ''}`,
        );
      }
    }
    expect(answers.filter((answer) => !answer.endsWith(': 403 refused'))).toEqual([]);
    expect(dumpTables(t.db)).toEqual(before);
    // The victim's links still work: the organiser's was not rotated.
    await browser.get(`/e/${ev.eventId}/admin`).expect(200);
  });
});

describe('writes from this site’s own pages', () => {
  // supertest listens on a new port for every request: the Host is pinned so the page's origin is known.
  const site = { Host: 'board.camp.example' };
  const origin = 'http://board.camp.example';

  test('a form without scripts goes through, with Sec-Fetch-Site (current browsers) or Origin alone (older ones)', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    await forms
      .post(`/e/${ev.eventId}/pitch`, { title: 'From the page', pitcher: 'Sam' })
      .set({ ...site, 'Sec-Fetch-Site': 'same-origin', Origin: origin })
      .expect(303);
    await forms
      .post(`/e/${ev.eventId}/pitch`, { title: 'From an older browser', pitcher: 'Sam' })
      .set({ ...site, Origin: origin })
      .expect(303);
    const titles = dumpTables(t.db);
    expect(titles).toContain('From the page');
    expect(titles).toContain('From an older browser');
  });

  test('the JSON API goes through from the page, body-less writes included', async () => {
    const organiser = await organiserAgent(t.app, ev);
    await organiser
      .put(`/api/events/${ev.eventId}/sessions/${ev.sessions[1]}/interest`)
      .set({ ...site, 'Sec-Fetch-Site': 'same-origin', Origin: origin })
      .expect(200);
    await organiser.post(`/api/events/${ev.eventId}/rooms`).set({ 'Sec-Fetch-Site': 'same-origin' }).send({ name: 'Annexe' }).expect(201);
    const rotated = await organiser
      .post(`/api/events/${ev.eventId}/organiser-link`)
      .set({ ...site, Origin: origin })
      .expect(200);
    expect(rotated.body.adminToken).toEqual(expect.any(String));
  });

  test('behind the TLS proxy on this machine, the forwarded scheme and host are this site’s origin', async () => {
    const organiser = await organiserAgent(t.app, ev);
    const proxied = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'board.camp.example', Host: '127.0.0.1:3000' };
    await organiser
      .post(`/api/events/${ev.eventId}/rooms`)
      .set({ ...proxied, Origin: 'http://board.camp.example' })
      .send({ name: 'Over plain HTTP' })
      .expect(403);
    await organiser
      .post(`/api/events/${ev.eventId}/rooms`)
      .set({ ...proxied, Origin: 'https://board.camp.example' })
      .send({ name: 'Through the proxy' })
      .expect(201);
  });

  test('without a trusted proxy, a client cannot claim a forwarded scheme and host to pass as this site', async () => {
    const exposed = buildApp({ rateLimits: 'off', trustProxy: 'off' });
    try {
      const camp = await createEvent(exposed.app);
      const organiser = await organiserAgent(exposed.app, camp);
      const rooms = `/api/events/${camp.eventId}/rooms`;
      await organiser
        .post(rooms)
        .set({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'board.camp.example', Origin: 'https://board.camp.example' })
        .send({ name: 'Claimed' })
        .expect(403);
      await organiser
        .post(rooms)
        .set({ ...site, Origin: origin })
        .send({ name: 'Annexe' })
        .expect(201);
    } finally {
      await exposed.close();
    }
  });

  test('API clients without a browser (no Origin, no Sec-Fetch-Site) and Bearer clients go through', async () => {
    await request(t.app).put(`/api/events/${ev.eventId}/sessions/${ev.sessions[2]}/interest`).expect(200);
    await request(t.app)
      .post(`/api/events/${ev.eventId}/organiser-link`)
      .set({ ...bearer(ev.adminToken), Origin: 'https://dashboard.example' })
      .expect(200);
  });
});
