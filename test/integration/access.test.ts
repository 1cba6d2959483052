import request from 'supertest';
import { bearer, formsOf, getBoard, organiserAgent, type SeededBoard, type TestApp, boardPerTest } from '../helpers/app';

let t: TestApp;
let ev: SeededBoard;

boardPerTest((started) => ({ t, ev } = started));

const api = (path = '') => `/api/events/${ev.eventId}${path}`;

/** A browser (cookie jar) that pitched a session through the API; returns it and the session's id. */
async function pitcherBrowser(title = 'Open data for parish councils') {
  const browser = request.agent(t.app);
  const res = await browser.post(api('/sessions')).send({ title, pitcher: 'Sam', notes: 'Bring your spreadsheets.' }).expect(201);
  const cookie = String(res.headers['set-cookie']).match(/unsilo_browser=([^;]+)/)?.[1] ?? '';
  return { browser, sessionId: res.body.value.id as string, cookie };
}

describe('an attendee and their own pitch', () => {
  test('the browser that pitched a session may edit it; another browser is refused and nothing changes', async () => {
    const { browser, sessionId } = await pitcherBrowser();
    const edited = await browser
      .patch(api(`/sessions/${sessionId}`))
      .send({ title: 'Open data for town councils', pitcher: 'Sam' })
      .expect(200);
    expect(edited.body.value).toMatchObject({ title: 'Open data for town councils', notes: 'Bring your spreadsheets.' });

    const before = await getBoard(t.app, ev.eventId);
    const other = request.agent(t.app);
    await other.get(`/e/${ev.eventId}`).expect(200);
    const refused = await other
      .patch(api(`/sessions/${sessionId}`))
      .send({ title: 'Hijacked', pitcher: 'Mallory' })
      .expect(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/pitched this session/) });
    await other.delete(api(`/sessions/${sessionId}`)).expect(403);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });

  test('the stored owner is a hash, never the browser cookie itself', async () => {
    const { sessionId, cookie } = await pitcherBrowser();
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const { owner_key: stored } = t.db.prepare('SELECT owner_key FROM sessions WHERE id = ?').get(sessionId) as { owner_key: string };
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(cookie);
    expect(JSON.stringify(await getBoard(t.app, ev.eventId))).not.toContain(stored);
  });

  test('a withdrawn pitch leaves the board and frees its cell, but its row and a history entry are kept', async () => {
    const { browser, sessionId } = await pitcherBrowser();
    const organiser = await organiserAgent(t.app, ev);
    await organiser
      .put(api(`/sessions/${sessionId}/placement`))
      .send({ roomId: ev.rooms[1], slotId: ev.slots[1] })
      .expect(200);
    const versionBefore = (await getBoard(t.app, ev.eventId)).event as { version: number };

    await browser.delete(api(`/sessions/${sessionId}`)).expect(200);
    const board = await getBoard(t.app, ev.eventId);
    expect((board.sessions as { id: string }[]).map((s) => s.id)).not.toContain(sessionId);
    expect((board.event as { version: number }).version).toBe(versionBefore.version + 1);
    await request(t.app)
      .get(api(`/sessions/${sessionId}`))
      .expect(404);
    expect(t.db.prepare('SELECT hidden_reason, room_id FROM sessions WHERE id = ?').get(sessionId)).toEqual({
      hidden_reason: 'withdrawn',
      room_id: null,
    });

    const hidden = await request(t.app).get(api('/hidden')).set(bearer(ev.adminToken)).expect(200);
    expect(hidden.body.sessions).toEqual([expect.objectContaining({ id: sessionId, hiddenReason: 'withdrawn' })]);
    expect(hidden.body.moderation).toEqual([
      expect.objectContaining({ sessionId, action: 'withdraw', title: 'Open data for parish councils' }),
    ]);
  });

  test('the pitcher cannot restore their withdrawn pitch; the organiser can, and it comes back unscheduled', async () => {
    const { browser, sessionId } = await pitcherBrowser();
    await browser.delete(api(`/sessions/${sessionId}`)).expect(200);
    await browser.post(api(`/sessions/${sessionId}/restore`)).expect(403);
    const restored = await request(t.app)
      .post(api(`/sessions/${sessionId}/restore`))
      .set(bearer(ev.adminToken))
      .expect(200);
    expect(restored.body.value).toMatchObject({ id: sessionId, roomId: null, slotId: null });
    expect((await getBoard(t.app, ev.eventId)).sessions).toEqual(expect.arrayContaining([expect.objectContaining({ id: sessionId })]));
    const hidden = await request(t.app).get(api('/hidden')).set(bearer(ev.adminToken)).expect(200);
    expect(hidden.body.sessions).toEqual([]);
    expect(hidden.body.moderation.map((m: { action: string }) => m.action)).toEqual(['withdraw', 'restore']);
  });
});

describe('the organiser and abusive pitches', () => {
  test('the organiser hides any pitch, which is listed on the admin page with a restore button', async () => {
    const [placed] = ev.sessions;
    await request(t.app)
      .delete(api(`/sessions/${placed}`))
      .set(bearer(ev.adminToken))
      .expect(200);
    expect(t.db.prepare('SELECT hidden_reason FROM sessions WHERE id = ?').get(placed)).toEqual({ hidden_reason: 'hidden' });
    const organiser = await organiserAgent(t.app, ev);
    const page = await organiser.get(`/e/${ev.eventId}/admin`).expect(200);
    expect(page.text).toContain('Sharing code between councils');
    expect(page.text).toContain('hidden by the organiser');
    expect(page.text).toContain(`/e/${ev.eventId}/admin/sessions/${placed}/restore`);
  });

  test('restoring a session that is on the board is not_found and changes nothing', async () => {
    const before = await getBoard(t.app, ev.eventId);
    await request(t.app)
      .post(api(`/sessions/${ev.sessions[1]}/restore`))
      .set(bearer(ev.adminToken))
      .expect(404);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });
});

describe('a new organiser link', () => {
  test('revokes the old one over the API', async () => {
    const res = await request(t.app).post(api('/organiser-link')).set(bearer(ev.adminToken)).expect(200);
    const fresh = res.body.adminToken as string;
    expect(fresh).not.toEqual(ev.adminToken);
    expect(res.body.links.admin).toContain(encodeURIComponent(fresh));
    await request(t.app).get(api('/export')).set(bearer(ev.adminToken)).expect(403);
    await request(t.app).get(api('/export')).set(bearer(fresh)).expect(200);
  });
});

describe('the same rights through the pages', () => {
  test('the pitcher sees edit and withdraw on their session page, withdraws it, and the organiser restores it from the admin page', async () => {
    const forms = await formsOf(t.app, `/e/${ev.eventId}/pitch`);
    const pitched = await forms.post(`/e/${ev.eventId}/pitch`, { title: 'Maps for everyone', pitcher: 'Sam' }).expect(303);
    const sessionPage = pitched.headers.location!.split('?')[0]!;
    const sessionId = sessionPage.split('/').at(-1)!;
    const mine = await forms.post(`${sessionPage}/edit`, { title: 'Maps for everybody', notes: '', pitcher: 'Sam' }).expect(303);
    expect(mine.headers.location).toBe(`${sessionPage}?notice=session-saved`);
    const withdrawn = await forms.post(`${sessionPage}/withdraw`).expect(303);
    expect(withdrawn.headers.location).toBe(`/e/${ev.eventId}?notice=session-withdrawn`);
    expect((await getBoard(t.app, ev.eventId)).sessions).not.toEqual(expect.arrayContaining([expect.objectContaining({ id: sessionId })]));

    const organiser = await organiserAgent(t.app, ev);
    const admin = await formsOf(organiser, `/e/${ev.eventId}/admin`);
    await admin.post(`/e/${ev.eventId}/admin/sessions/${sessionId}/restore`).expect(303);
    expect((await getBoard(t.app, ev.eventId)).sessions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: sessionId, title: 'Maps for everybody' })]),
    );
  });

  test('another browser sees neither form and is refused both', async () => {
    const stranger = await formsOf(t.app);
    const page = (await request(t.app).get(`/e/${ev.eventId}/s/${ev.sessions[1]}`).expect(200)).text;
    expect(page).not.toContain('/withdraw');
    expect(page).not.toContain('/edit');
    await stranger.post(`/e/${ev.eventId}/s/${ev.sessions[1]}/edit`, { title: 'Hijacked', pitcher: 'Mallory' }).expect(403);
    await stranger.post(`/e/${ev.eventId}/s/${ev.sessions[1]}/withdraw`).expect(403);
  });

  test('a new organiser link made on the admin page keeps this browser signed in and signs out every other', async () => {
    const mine = await organiserAgent(t.app, ev);
    const elsewhere = await organiserAgent(t.app, ev);
    const page = await (await formsOf(mine, `/e/${ev.eventId}/admin`)).post(`/e/${ev.eventId}/admin/organiser-link`).expect(200);
    expect(page.text).toContain(`/e/${ev.eventId}/admin?key=`);
    await mine.get(`/e/${ev.eventId}/admin`).expect(200);
    await elsewhere.get(`/e/${ev.eventId}/admin`).expect(403);
    await request(t.app).get(`/e/${ev.eventId}/admin`).query({ key: ev.adminToken }).expect(403);
  });
});
