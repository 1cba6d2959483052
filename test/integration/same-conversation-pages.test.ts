/**
 * "Same conversation as…" without scripts: the session page's ranked list and form, hosts' answers,
 * the rate limit, and labelled pairs in the event's export (issue 16).
 */
import request from 'supertest';
import { DEFAULT_RATE_LIMITS } from '../../server/shared/rate-limits';
import { EventExport } from '../../server/protocol/schemas';
import { buildApp, eventsOf, formsOf, getBoard, organiserAgent, seedBoard, type TestApp } from '../helpers/app';
import { fragment } from '../helpers/html';

let t: TestApp;

afterEach(async () => {
  expect(t.loggedErrors).toEqual([]);
  await t.close();
});

/** A browser that pitched `title` through the pitch form: it is that session's host. */
async function host(eventId: string, title: string) {
  const agent = request.agent(t.app);
  const forms = await formsOf(agent, `/e/${eventId}/pitch`);
  const res = await forms.post(`/e/${eventId}/pitch`, { title, notes: '', pitcher: 'Host' }).expect(303);
  const sessionId = /\/s\/([^/?]+)/.exec(res.headers.location as string)?.[1] as string;
  return { agent, sessionId };
}

describe('the session page', () => {
  test('lists the other sessions most alike first, and a flag is private: the board and its marks do not change', async () => {
    t = buildApp();
    const ev = await seedBoard(t.app);
    const a = await host(ev.eventId, 'Why can’t councils collaborate?');
    const b = await host(ev.eventId, 'Breaking down silos between councils');
    await host(ev.eventId, 'Knitting for beginners');
    const visitor = request.agent(t.app);
    const page = `/e/${ev.eventId}/s/${a.sessionId}`;
    const $ = fragment((await visitor.get(page).expect(200)).text);
    expect($('#same-as [data-same-choice] label').first().text()).toBe('Breaking down silos between councils');
    const boardBefore = await getBoard(t.app, ev.eventId);

    const forms = await formsOf(visitor, page);
    const res = await forms.post(`${page}/same`, { other: b.sessionId }).expect(303);
    expect(res.headers.location).toBe(`${page}?notice=same-flagged#same-as`);
    const after = fragment((await visitor.get(page).expect(200)).text);
    expect(after('.same-mine li').text()).toContain('Breaking down silos between councils');
    expect(await getBoard(t.app, ev.eventId)).toEqual(boardBefore);

    // Saying it again changes nothing: one vote per browser per pair.
    await forms.post(`${page}/same`, { other: b.sessionId }).expect(303);
    const hostPage = fragment((await a.agent.get(page).expect(200)).text);
    expect(hostPage('.host-flags li p').first().text()).toBe(
      '1 person says this is the same conversation as “Breaking down silos between councils”.',
    );

    await forms.post(`${page}/same`, { other: b.sessionId, action: 'unflag' }).expect(303);
    expect(fragment((await a.agent.get(page).expect(200)).text)('.host-flags li')).toHaveLength(0);
    const refused = await forms.post(`${page}/same`, { other: a.sessionId }).expect(400);
    expect(refused.text).toContain('a session is always the same conversation as itself');
  });

  test('the list’s order never tells a visitor what other people flagged', async () => {
    t = buildApp();
    const ev = await seedBoard(t.app);
    const a = await host(ev.eventId, 'Why can’t councils collaborate?');
    const page = `/e/${ev.eventId}/s/${a.sessionId}`;
    const order = async () => fragment((await request.agent(t.app).get(page).expect(200)).text)('#same-as [data-same-choice] label').text();
    await host(ev.eventId, 'Breaking down silos between councils');
    const knitting = await host(ev.eventId, 'Knitting for beginners');
    await t.services.suggestions.refresh(ev.eventId);
    const before = await order();
    // Three visitors, each in their own browser, say "Knitting" is the same conversation.
    for (let visitor = 0; visitor < 3; visitor++) {
      const agent = request.agent(t.app);
      await (await formsOf(agent, page)).post(`${page}/same`, { other: knitting.sessionId }).expect(303);
    }
    const suggestions = await t.services.suggestions.refresh(ev.eventId);
    // The facilitators see the flagged pair; a visitor's list is as it was.
    expect(suggestions.some((s) => s.sessions.includes(knitting.sessionId) && s.sessions.includes(a.sessionId))).toBe(true);
    expect(await order()).toBe(before);
  });

  test('when both hosts say "same", the sessions are merged; only a host may answer for their session', async () => {
    t = buildApp();
    const ev = await seedBoard(t.app);
    const a = await host(ev.eventId, 'Why can’t councils collaborate?');
    const b = await host(ev.eventId, 'Working together across local government');
    const visitor = request.agent(t.app);
    const pageA = `/e/${ev.eventId}/s/${a.sessionId}`;
    const pageB = `/e/${ev.eventId}/s/${b.sessionId}`;
    await (await formsOf(visitor, pageA)).post(`${pageA}/same`, { other: b.sessionId }).expect(303);

    const stranger = await formsOf(visitor, pageA);
    await stranger.post(`${pageA}/host-answer`, { other: b.sessionId, answer: 'same' }).expect(403);
    const first = await (await formsOf(a.agent, pageA)).post(`${pageA}/host-answer`, { other: b.sessionId, answer: 'same' }).expect(303);
    expect(first.headers.location).toContain('notice=host-answered');
    expect(t.services.events.board(ev.eventId).sessions.map((s) => s.id)).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
    const second = await (await formsOf(b.agent, pageB)).post(`${pageB}/host-answer`, { other: a.sessionId, answer: 'same' }).expect(303);
    expect(second.headers.location).toContain('notice=hosts-merged');
    const ids = t.services.events.board(ev.eventId).sessions.map((s) => s.id);
    expect(ids.filter((id) => id === a.sessionId || id === b.sessionId)).toHaveLength(1);
  });

  test('flags are rate-limited per browser', async () => {
    t = buildApp({ rateLimits: { ...DEFAULT_RATE_LIMITS, flags: 2 } });
    const ev = await seedBoard(t.app);
    const a = await host(ev.eventId, 'One');
    const b = await host(ev.eventId, 'Two');
    const page = `/e/${ev.eventId}/s/${a.sessionId}`;
    const forms = await formsOf(request.agent(t.app), page);
    await forms.post(`${page}/same`, { other: b.sessionId }).expect(303);
    await forms.post(`${page}/same`, { other: b.sessionId, action: 'unflag' }).expect(303);
    const refused = await forms.post(`${page}/same`, { other: b.sessionId }).expect(429);
    expect(refused.text).toContain('Slow down');
  });
});

describe('labelled pairs in the export', () => {
  test('people’s flags are exported as labelled pairs (facilitators’ decisions as decisions) and come back on import', async () => {
    t = buildApp();
    const ev = await seedBoard(t.app);
    const a = await host(ev.eventId, 'Why can’t councils collaborate?');
    const b = await host(ev.eventId, 'Working together across local government');
    const c = await host(ev.eventId, 'Knitting for beginners');
    t.services.flags.flag(ev.eventId, a.sessionId, b.sessionId, 'browser-000000000001');
    t.services.facilitation.dismiss(ev.eventId, { sessionIds: [a.sessionId, c.sessionId] });
    const organiser = await organiserAgent(t.app, ev);
    const exported = (await organiser.get(`/e/${ev.eventId}/export.json`).expect(200)).body as {
      labelledPairs: { sessions: string[]; by: string; label: string; browser: string }[];
      decisions: { sessions: string[]; kind: string }[];
    };
    expect(exported.labelledPairs).toEqual([
      expect.objectContaining({
        sessions: [a.sessionId, b.sessionId],
        by: 'attendee',
        label: 'same',
        browser: expect.stringMatching(/^[a-f0-9]{64}$/),
        clearedAt: null,
      }),
    ]);
    expect(exported.decisions).toEqual([expect.objectContaining({ sessions: [a.sessionId, c.sessionId], kind: 'dismissed' })]);
    const copy = buildApp();
    try {
      const imported = copy.services.transfer.import(EventExport.parse(exported));
      const again = copy.services.transfer.export(imported.event.id);
      expect(again.labelledPairs).toEqual(exported.labelledPairs);
      expect(again.decisions).toEqual(exported.decisions);
    } finally {
      await copy.close();
    }
  });

  test('a labelled pair naming a session not in the file is refused, and nothing is written', async () => {
    t = buildApp();
    const ev = await seedBoard(t.app);
    const a = await host(ev.eventId, 'Why can’t councils collaborate?');
    const b = await host(ev.eventId, 'Working together across local government');
    t.services.flags.flag(ev.eventId, a.sessionId, b.sessionId, 'browser-000000000001');
    const file = t.services.transfer.export(ev.eventId);
    const bad = {
      ...file,
      event: { ...file.event, id: 'another' },
      labelledPairs: [{ ...file.labelledPairs![0]!, sessions: [a.sessionId, 'nowhere'] }],
    };
    const copy = buildApp();
    try {
      const res = await request(copy.app).post('/api/events/import').send(bad).expect(400);
      expect(res.body.error.message).toBe('A labelled pair names a session that is not in the file, or the same session twice.');
      expect(eventsOf(copy)).toEqual([]);
    } finally {
      await copy.close();
    }
  });
});
