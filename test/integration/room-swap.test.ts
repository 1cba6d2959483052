/**
 * Room sizing: the "likely full" hint on cards, and the one-step swap with a larger room of the
 * same slot, over the JSON API, the board's form and a socket.
 */
import request from 'supertest';
import type { Services } from '../../server/services';
import {
  addRoom,
  addSlot,
  bearer,
  buildApp,
  createEvent,
  formsOf,
  getBoard,
  organiserAgent,
  pitchSession,
  placeSession,
  type CreatedEvent,
  type TestApp,
} from '../helpers/app';
import { commandId, connected, dump, harness, joinBoard, once, send, type Harness } from './realtime.helpers';

/** `n` distinct browsers say "I'd go". */
const interest = (services: Services, eventId: string, sessionId: string, n: number) => {
  for (let i = 0; i < n; i++) services.sessions.showInterest(eventId, sessionId, `browser-${sessionId}-${String(i).padStart(8, '0')}`);
};

interface Crowded extends CreatedEvent {
  small: string;
  hall: string;
  slot: string;
  ethics: string;
  garden: string;
}

/** Room B seats 20 and holds "Data ethics" (42 want to go); the Hall seats 80 and holds "Gardening" (8). */
async function crowded(t: TestApp): Promise<Crowded> {
  const ev = await createEvent(t.app);
  const small = await addRoom(t.app, ev, 'Room B', 20);
  const hall = await addRoom(t.app, ev, 'Hall', 80);
  const slot = await addSlot(t.app, ev, '10:00', '10:45');
  const ethics = await pitchSession(t.app, ev.eventId, 'Data ethics', 'Priya');
  const garden = await pitchSession(t.app, ev.eventId, 'Gardening', 'Tom');
  await placeSession(t.app, ev, ethics, small, slot);
  await placeSession(t.app, ev, garden, hall, slot);
  interest(t.services, ev.eventId, ethics, 42);
  interest(t.services, ev.eventId, garden, 8);
  return { ...ev, small, hall, slot, ethics, garden };
}

const versionOf = (t: TestApp, c: Crowded, id: string) => t.services.sessions.get(c.eventId, id).version;

describe('room sizing over HTTP', () => {
  let t: TestApp;
  let c: Crowded;

  beforeEach(async () => {
    t = buildApp({ rateLimits: 'off' });
    c = await crowded(t);
  });
  afterEach(() => t.close());

  test('every viewer sees the “likely full” hint and the suggested swap; only organisers get the button', async () => {
    const anonymous = (await request(t.app).get(`/e/${c.eventId}`).expect(200)).text;
    expect(anonymous).toContain('Likely full: 42 want to go, Room B seats 20');
    expect(anonymous).toContain('“Data ethics” (42 want to go, Room B seats 20) ↔ “Gardening” (8, Hall seats 80)');
    expect(anonymous).not.toContain('Swap rooms</button>');
    const organiser = await organiserAgent(t.app, c);
    const page = (await organiser.get(`/e/${c.eventId}`).expect(200)).text;
    expect(page).toContain(`action="/e/${c.eventId}/s/${c.ethics}/swap"`);
    expect(page).toContain(`name="withSessionId" value="${c.garden}"`);
    const sessionPage = (await request(t.app).get(`/e/${c.eventId}/s/${c.ethics}`).expect(200)).text;
    expect(sessionPage).toContain('Likely full: 42 want to go, Room B seats 20');
  });

  test('POST …/swap trades the two cells in one change and answers with both sessions', async () => {
    const before = (await getBoard(t.app, c.eventId)) as { event: { version: number } };
    const res = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(c.adminToken))
      .send({ withSessionId: c.garden, expectedVersion: versionOf(t, c, c.ethics), withExpectedVersion: versionOf(t, c, c.garden) })
      .expect(200);
    expect(res.body.version).toBe(before.event.version + 1);
    expect(res.body.value.map((s: { id: string; roomId: string }) => [s.id, s.roomId])).toEqual([
      [c.ethics, c.hall],
      [c.garden, c.small],
    ]);
    expect(t.services.sessions.get(c.eventId, c.ethics).slotId).toBe(c.slot);
    // One step each, like a move: a client holding the answer can act on them again at once.
    expect(res.body.value.map((s: { version: number }) => s.version)).toEqual([versionOf(t, c, c.ethics), versionOf(t, c, c.garden)]);
    expect(res.body.value[0].version).toBe(3);
    const page = (await request(t.app).get(`/e/${c.eventId}`).expect(200)).text;
    expect(page).not.toContain('Likely full');
  });

  test('a facilitator may swap too, as they may move sessions', async () => {
    const token = t.services.facilitation.newFacilitatorToken(c.eventId);
    await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(token))
      .send({ withSessionId: c.garden, expectedVersion: versionOf(t, c, c.ethics), withExpectedVersion: versionOf(t, c, c.garden) })
      .expect(200);
  });

  test('a swap on a stale view is refused with the current session, and nothing moves', async () => {
    const stale = { withSessionId: c.garden, expectedVersion: versionOf(t, c, c.ethics), withExpectedVersion: versionOf(t, c, c.garden) };
    t.services.sessions.edit(c.eventId, c.garden, { title: 'Gardening for councils', pitcher: 'Tom' });
    const before = await getBoard(t.app, c.eventId);
    const res = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(c.adminToken))
      .send(stale)
      .expect(409);
    expect(res.body.error.code).toBe('stale');
    expect(res.body.error.message).toContain('Gardening for councils');
    expect(await getBoard(t.app, c.eventId)).toEqual(before);
  });

  test('a command id makes a retried swap apply once', async () => {
    const body = {
      commandId: 'swap-retry-0001',
      withSessionId: c.garden,
      expectedVersion: versionOf(t, c, c.ethics),
      withExpectedVersion: versionOf(t, c, c.garden),
    };
    const first = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(c.adminToken))
      .send(body)
      .expect(200);
    const again = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(c.adminToken))
      .send(body)
      .expect(200);
    expect(again.body).toEqual(first.body);
    expect(t.services.sessions.get(c.eventId, c.ethics).roomId).toBe(c.hall);
  });

  test.each([
    ['no partner', (_x: Crowded, v: number) => ({ expectedVersion: v, withExpectedVersion: v }), 400, 'invalid_payload'],
    [
      'a version that is not a number',
      (x: Crowded, v: number) => ({ withSessionId: x.garden, expectedVersion: 'one', withExpectedVersion: v }),
      400,
      'invalid_payload',
    ],
    [
      'itself as partner',
      (x: Crowded, v: number) => ({ withSessionId: x.ethics, expectedVersion: v, withExpectedVersion: v }),
      400,
      'invalid_payload',
    ],
    [
      'an unknown partner',
      (_x: Crowded, v: number) => ({ withSessionId: 'nope-nope', expectedVersion: v, withExpectedVersion: v }),
      404,
      'not_found',
    ],
  ])('refuses %s and changes nothing', async (_name, body, status, code) => {
    const before = await getBoard(t.app, c.eventId);
    const res = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(c.adminToken))
      .send(body(c, versionOf(t, c, c.ethics)))
      .expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(await getBoard(t.app, c.eventId)).toEqual(before);
  });

  test('refuses to swap with an unscheduled session', async () => {
    const loose = await pitchSession(t.app, c.eventId, 'Unplaced', 'Ann');
    const res = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .set(bearer(c.adminToken))
      .send({ withSessionId: loose, expectedVersion: versionOf(t, c, c.ethics), withExpectedVersion: 1 })
      .expect(409);
    expect(res.body.error.code).toBe('conflict');
    expect(t.services.sessions.get(c.eventId, c.ethics).roomId).toBe(c.small);
  });

  test('attendees may not swap', async () => {
    const res = await request(t.app)
      .post(`/api/events/${c.eventId}/sessions/${c.ethics}/swap`)
      .send({ withSessionId: c.garden, expectedVersion: 3, withExpectedVersion: 3 })
      .expect(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  test('the board’s swap button (a form) swaps and returns to the board', async () => {
    const organiser = await organiserAgent(t.app, c);
    const forms = await formsOf(organiser, `/e/${c.eventId}`);
    await forms
      .post(`/e/${c.eventId}/s/${c.ethics}/swap`, {
        withSessionId: c.garden,
        expectedVersion: String(versionOf(t, c, c.ethics)),
        withExpectedVersion: String(versionOf(t, c, c.garden)),
        from: 'board',
      })
      .expect(303)
      .expect('Location', `/e/${c.eventId}?notice=swapped`);
    expect(t.services.sessions.get(c.eventId, c.garden).roomId).toBe(c.small);
  });

  test('with a free larger room in the slot, the card offers a move there instead, which the organiser applies', async () => {
    const annexe = await addRoom(t.app, c, 'Annexe', 50);
    const anonymous = (await request(t.app).get(`/e/${c.eventId}`).expect(200)).text;
    expect(anonymous).toContain('Move: “Data ethics” (42 want to go, Room B seats 20) → Annexe (free, seats 50)');
    expect(anonymous).not.toContain('Swap rooms:');
    const organiser = await organiserAgent(t.app, c);
    const forms = await formsOf(organiser, `/e/${c.eventId}`);
    const html = (await organiser.get(`/e/${c.eventId}`).expect(200)).text;
    expect(html).toContain(`name="cell" value="${annexe}:${c.slot}"`);
    expect(html).toContain('Move to Annexe</button>');
    await forms
      .post(`/e/${c.eventId}/s/${c.ethics}/place`, {
        cell: `${annexe}:${c.slot}`,
        expectedVersion: String(versionOf(t, c, c.ethics)),
        from: 'board',
      })
      .expect(303);
    expect(t.services.sessions.get(c.eventId, c.ethics).roomId).toBe(annexe);
  });

  test('a stale swap form shows the board again with the reason', async () => {
    const organiser = await organiserAgent(t.app, c);
    const forms = await formsOf(organiser, `/e/${c.eventId}`);
    const res = await forms
      .post(`/e/${c.eventId}/s/${c.ethics}/swap`, {
        withSessionId: c.garden,
        expectedVersion: '1',
        withExpectedVersion: '1',
        from: 'board',
      })
      .expect(409);
    expect(res.text).toContain('was changed by someone else meanwhile');
    expect(t.services.sessions.get(c.eventId, c.ethics).roomId).toBe(c.small);
  });
});

describe('room sizing over sockets', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  async function liveCrowded() {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const s = live.services;
    const { event, adminToken } = s.events.create({ name: 'Camp', date: '2026-06-20', venue: '' });
    const small = s.grid.addRoom(event.id, { name: 'Room B', capacity: 20 }).value.id;
    const hall = s.grid.addRoom(event.id, { name: 'Hall', capacity: 80 }).value.id;
    const slot = s.grid.addSlot(event.id, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
    const ethics = s.sessions.pitch(event.id, { title: 'Data ethics', notes: '', pitcher: 'Priya' }).value.id;
    const garden = s.sessions.pitch(event.id, { title: 'Gardening', notes: '', pitcher: 'Tom' }).value.id;
    s.sessions.place(event.id, ethics, { roomId: small, slotId: slot });
    s.sessions.place(event.id, garden, { roomId: hall, slotId: slot });
    interest(s, event.id, ethics, 42);
    return { live, eventId: event.id, adminToken, small, hall, ethics, garden };
  }

  test('session:swap moves both sessions and every viewer gets both in one change', async () => {
    const x = await liveCrowded();
    const organiser = await joinBoard(h, x.live, x.eventId, { token: x.adminToken });
    const viewer = await joinBoard(h, x.live, x.eventId);
    const seen = once(viewer.socket, 'session:changed');
    const versions = (id: string) => x.live.services.sessions.get(x.eventId, id).version;
    const ack = await send(organiser.socket, 'session:swap', {
      commandId: commandId('swap'),
      sessionId: x.ethics,
      withSessionId: x.garden,
      expectedVersion: versions(x.ethics),
      withExpectedVersion: versions(x.garden),
    });
    expect(ack.ok).toBe(true);
    const change = await seen;
    expect(change.version).toBe(viewer.joined.board.event.version + 1);
    expect(change.sessions.map((s) => [s.id, s.roomId])).toEqual([
      [x.ethics, x.hall],
      [x.garden, x.small],
    ]);
  });

  test('a stale session:swap is refused and changes nothing; an attendee’s is forbidden', async () => {
    const x = await liveCrowded();
    const organiser = await joinBoard(h, x.live, x.eventId, { token: x.adminToken });
    const attendee = await joinBoard(h, x.live, x.eventId);
    await connected(attendee.socket);
    const before = dump(x.live.db);
    const stale = await send(organiser.socket, 'session:swap', {
      commandId: commandId('stale'),
      sessionId: x.ethics,
      withSessionId: x.garden,
      expectedVersion: 1,
      withExpectedVersion: 1,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'stale' } });
    const forbidden = await send(attendee.socket, 'session:swap', {
      commandId: commandId('attendee'),
      sessionId: x.ethics,
      withSessionId: x.garden,
      expectedVersion: 3,
      withExpectedVersion: 3,
    });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await send(organiser.socket, 'session:swap', { commandId: commandId('bad'), sessionId: x.ethics });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(dump(x.live.db)).toEqual(before);
  });
});
