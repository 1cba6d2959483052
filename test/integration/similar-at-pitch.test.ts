/**
 * Similar sessions at the pitch (issue 16): the pitch form's list over HTTP, the step that shows
 * it before saving when scripts are off, what the pitcher chooses (stored as labelled pairs), and
 * "Join that one instead": a co-host request the host or a facilitator accepts or declines.
 */
import request from 'supertest';
import type { CheerioAPI } from 'cheerio';
import { load } from 'cheerio';
import { bearer, buildApp, createEvent, formsOf, pitchSession, type CreatedEvent, type TestApp } from '../helpers/app';
import { facilitatorCookie } from '../../server/shared/cookies';
import { LIMITS } from '../../server/protocol/schemas';

const OTHERS = [
  'Bees on the roof',
  'Accessible maps',
  'Budgeting for libraries',
  'Parking permits online',
  'Climate adaptation plans',
  'Recruiting developers',
  'Data ethics boards',
  'Election night results',
  'Social care records',
];
const LIKE_IT = 'Low-code platforms for councils';

let t: TestApp;
let ev: CreatedEvent;
let lowCode: string;
let host: request.Agent;

beforeEach(async () => {
  t = buildApp({ rateLimits: 'off' });
  ev = await createEvent(t.app);
  host = request.agent(t.app);
  const forms = await formsOf(host, `/e/${ev.eventId}/pitch`);
  // The first pitch of the event: nothing to compare it with, so it is saved at once.
  const pitched = await forms.post(`/e/${ev.eventId}/pitch`, { title: 'Low-code platforms in councils', pitcher: 'Hana' }).expect(303);
  lowCode = /\/s\/([^?]+)\?/.exec(pitched.headers.location as string)?.[1] as string;
  for (const title of OTHERS) await pitchSession(t.app, ev.eventId, title);
  await t.services.suggestions.refresh(ev.eventId);
});

afterEach(async () => {
  expect(t.loggedErrors).toEqual([]);
  await t.close();
});

const sessionCount = (): number => (t.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
const labels = () =>
  t.db.prepare('SELECT session_a, session_b, source, label FROM pair_labels ORDER BY session_a, session_b').all() as {
    session_a: string;
    session_b: string;
    source: string;
    label: string;
  }[];
const page = async (agent: request.Agent, path: string): Promise<CheerioAPI> => load((await agent.get(path).expect(200)).text);

describe('GET /api/events/:eventId/similar', () => {
  test('lists the sessions already pitched that look like the typed title, with where and why, in plain words', async () => {
    const res = await request(t.app).get(`/api/events/${ev.eventId}/similar`).query({ title: LIKE_IT }).expect(200);
    expect(res.body.similar[0]).toEqual({
      id: lowCode,
      title: 'Low-code platforms in councils',
      pitcher: 'Hana',
      where: 'Not scheduled yet',
      reason: expect.stringMatching(/^Both about /),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/score|terms|relation/);
    expect(res.body.similar.length).toBeLessThanOrEqual(3);
  });

  test('refuses a missing title and an unknown event with clear messages', async () => {
    const res = await request(t.app).get(`/api/events/${ev.eventId}/similar`).expect(400);
    expect(res.body.error.message).toMatch(/Title/);
    await request(t.app).get('/api/events/nope/similar').query({ title: LIKE_IT }).expect(404);
  });
});

describe('the pitch form without scripts', () => {
  test('a pitch like an existing session is not saved at first: the page shows the list with the choices', async () => {
    const before = sessionCount();
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    const res = await forms.post(`/e/${ev.eventId}/pitch`, { title: LIKE_IT, notes: 'Which ones work?', pitcher: 'Ana' }).expect(200);
    const $ = load(res.text);
    expect(sessionCount()).toBe(before);
    expect($('.similar-item').first().text()).toContain('Low-code platforms in councils');
    expect($('.similar-item').first().text()).toContain('Not scheduled yet.');
    expect($(`button[value="join:${lowCode}"]`).text()).toBe('Join that one instead');
    expect($(`button[value="link:${lowCode}"]`).text()).toBe('Pitch mine and suggest linking them');
    expect($('input[name="checkedTitle"]').val()).toBe(LIKE_IT);
    expect($('#title').val()).toBe(LIKE_IT);
    expect($('#notes').text()).toBe('Which ones work?');
    expect($('[data-similar-status]').text()).toMatch(/like yours/);
  });

  test('"Pitch mine" after the list saves the pitch and labels each session shown "different"', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    const res = await forms
      .post(`/e/${ev.eventId}/pitch`, { title: LIKE_IT, pitcher: 'Ana', choice: 'pitch', checkedTitle: LIKE_IT, shown: lowCode })
      .expect(303);
    expect(res.headers.location).toMatch(/notice=pitched$/);
    const mine = /\/s\/([^?]+)\?/.exec(res.headers.location as string)?.[1] as string;
    expect(labels()).toEqual([
      { session_a: [mine, lowCode].sort()[0], session_b: [mine, lowCode].sort()[1], source: 'pitcher', label: 'different' },
    ]);
  });

  test('a title changed after the list was shown is checked again before saving', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    const before = sessionCount();
    await forms
      .post(`/e/${ev.eventId}/pitch`, { title: 'Low-code platforms in local councils', pitcher: 'Ana', checkedTitle: 'Bees', shown: [] })
      .expect(200);
    expect(sessionCount()).toBe(before);
  });

  test('"Pitch mine and suggest linking them" saves the pitch and labels that pair "link"', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    const res = await forms
      .post(`/e/${ev.eventId}/pitch`, { title: LIKE_IT, pitcher: 'Ana', choice: `link:${lowCode}`, checkedTitle: LIKE_IT, shown: lowCode })
      .expect(303);
    expect(res.headers.location).toMatch(/notice=pitched-linked$/);
    expect(labels().map((l) => [l.source, l.label])).toEqual([['pitcher', 'link']]);
    expect(
      (
        await request(t.app)
          .get(res.headers.location as string)
          .expect(200)
      ).text,
    ).toContain('suggest linking');
  });

  test('a refused choice keeps what was typed and says why', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    const res = await forms.post(`/e/${ev.eventId}/pitch`, { title: LIKE_IT, pitcher: 'Ana', choice: 'join:missing' }).expect(404);
    expect(load(res.text)('#title').val()).toBe(LIKE_IT);
    const bad = await forms.post(`/e/${ev.eventId}/pitch`, { title: LIKE_IT, pitcher: 'Ana', choice: 'merge-all' }).expect(400);
    expect(bad.text).toContain('Choose “Pitch mine”');
  });
});

describe('"Join that one instead"', () => {
  async function join(agent: request.Agent, status: number, name = 'Ana'): Promise<request.Response> {
    const forms = await formsOf(agent, `/e/${ev.eventId}/pitch`);
    return forms
      .post(`/e/${ev.eventId}/pitch`, { title: LIKE_IT, notes: 'Which ones work?', pitcher: name, choice: `join:${lowCode}` })
      .expect(status);
  }

  test('creates no session: it counts the joiner’s “I’d go” and asks the host, who sees the request and accepts it', async () => {
    const before = sessionCount();
    const joiner = request.agent(t.app);
    const res = await join(joiner, 303);
    expect(res.headers.location).toBe(`/e/${ev.eventId}/s/${lowCode}?notice=cohost-asked`);
    expect(sessionCount()).toBe(before);
    const board = await request(t.app).get(`/api/events/${ev.eventId}/board`).expect(200);
    const session = (board.body.sessions as { id: string; interest: number; cohosts: string[] }[]).find((s) => s.id === lowCode);
    expect(session).toMatchObject({ interest: 1, cohosts: [] });
    expect((await page(joiner, `/e/${ev.eventId}/s/${lowCode}`))('#my-request-heading').next().text()).toMatch(/will answer/);

    // Someone else sees no request; the host does, with what the joiner typed.
    expect((await page(request.agent(t.app), `/e/${ev.eventId}/s/${lowCode}`))('#cohost-requests').length).toBe(0);
    const $ = await page(host, `/e/${ev.eventId}/s/${lowCode}`);
    expect($('.cohost-request').text()).toContain('Ana');
    expect($('.cohost-request').text()).toContain(LIKE_IT);
    const action = $('.cohost-request form').attr('action') as string;
    const forms = await formsOf(host, `/e/${ev.eventId}/s/${lowCode}`);
    await forms.post(action, { answer: 'accept' }).expect(303);
    const after = await request(t.app).get(`/api/events/${ev.eventId}/sessions/${lowCode}`).expect(200);
    expect(after.body.cohosts).toEqual(['Ana']);
    expect((await page(joiner, `/e/${ev.eventId}/s/${lowCode}`))('#my-request-heading').next().text()).toMatch(/Accepted/);
    expect((await page(host, `/e/${ev.eventId}/s/${lowCode}`))('.cohost-request').length).toBe(0);
    // A host is no organiser: the organisers' history has no entry for their answer.
    expect(t.services.activity.latest(ev.eventId).filter((a) => a.action === 'cohosts')).toEqual([]);
  });

  test('a facilitator may decline; nobody else may answer; an answered request stands', async () => {
    const joiner = request.agent(t.app);
    await join(joiner, 303);
    const requestId = (t.db.prepare('SELECT id FROM cohost_requests').get() as { id: string }).id;
    const action = `/e/${ev.eventId}/s/${lowCode}/cohosts/${requestId}`;
    const stranger = await formsOf(t.app, `/e/${ev.eventId}/s/${lowCode}`);
    const refused = await stranger.post(action, { answer: 'accept' }).expect(403);
    expect(refused.text).toContain('Only the session’s host or a facilitator');

    const facilitator = request.agent(t.app);
    const link = await request(t.app).post(`/api/events/${ev.eventId}/facilitator-link`).set(bearer(ev.adminToken)).expect(201);
    facilitator.jar.setCookie(`${facilitatorCookie(ev.eventId)}=${link.body.facilitatorToken as string}; Path=/`);
    expect((await page(facilitator, `/e/${ev.eventId}/s/${lowCode}`))('.cohost-request').text()).toContain('Ana');
    const forms = await formsOf(facilitator, `/e/${ev.eventId}/s/${lowCode}`);
    await forms.post(action, { answer: 'decline' }).expect(303);
    const again = await forms.post(action, { answer: 'accept' }).expect(409);
    expect(again.text).toContain('answered already');
    expect((await request(t.app).get(`/api/events/${ev.eventId}/sessions/${lowCode}`).expect(200)).body.cohosts).toEqual([]);
    expect(t.db.prepare('SELECT status, answered_by FROM cohost_requests').get()).toEqual({
      status: 'declined',
      answered_by: 'facilitator',
    });
    const title = t.services.sessions.get(ev.eventId, lowCode).title;
    expect(t.services.activity.latest(ev.eventId).filter((a) => a.action === 'cohosts')).toEqual([
      expect.objectContaining({ actor: 'Facilitator', summary: `Declined Ana’s request to co-host “${title}”.` }),
    ]);
    const reask = await join(joiner, 409);
    expect(load(reask.text)('#title').val()).toBe(LIKE_IT);
    expect(reask.text).toContain('has already answered your request');
  });

  test('a session with the most co-hosts it can have refuses one more, and the request stays unanswered', async () => {
    const full = Array.from({ length: LIMITS.cohosts }, (_, i) => `Co-host ${i + 1}`);
    t.db.prepare('UPDATE sessions SET cohosts = ? WHERE id = ?').run(JSON.stringify(full), lowCode);
    await join(request.agent(t.app), 303);
    const requestId = (t.db.prepare('SELECT id FROM cohost_requests').get() as { id: string }).id;
    const forms = await formsOf(host, `/e/${ev.eventId}/s/${lowCode}`);
    const refused = await forms.post(`/e/${ev.eventId}/s/${lowCode}/cohosts/${requestId}`, { answer: 'accept' }).expect(409);
    expect(refused.text).toContain(`has ${LIMITS.cohosts} co-hosts already`);
    expect((await request(t.app).get(`/api/events/${ev.eventId}/sessions/${lowCode}`).expect(200)).body.cohosts).toEqual(full);
    expect(t.db.prepare('SELECT status FROM cohost_requests').get()).toEqual({ status: 'pending' });
  });

  test('the host cannot ask to join their own session', async () => {
    const res = await join(host, 409, 'Hana');
    expect(res.text).toContain('you are its host already');
  });
});
