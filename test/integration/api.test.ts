import request, { type Response } from 'supertest';
import { bearer, createEvent, eventsOf, getBoard, pitchSession, type SeededBoard, type TestApp, boardPerTest } from '../helpers/app';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

let t: TestApp;
let board: SeededBoard;

boardPerTest((started) => ({ t, ev: board } = started));

const call = (method: Method, url: string) => request(t.app)[method](url);
const api = (path = '') => `/api/events/${board.eventId}${path}`;

/** Every JSON error has exactly this shape, with a stable code and a sentence for people. */
function expectError(res: Response, status: number, code: string, message?: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.type).toBe('application/json');
  expect(Object.keys(res.body as object)).toEqual(['error']);
  expect(res.body.error).toEqual(expect.objectContaining({ code, message: expect.any(String) }));
  expect(Object.keys(res.body.error as object).sort()).toEqual(expect.arrayContaining(['code', 'message']));
  expect((res.body.error.message as string).length).toBeGreaterThan(5);
  if (message) expect(res.body.error.message).toMatch(message);
}

/** Sends a request that must be refused and proves the event's board, version included, did not move. */
async function expectRefused(send: () => PromiseLike<Response>, status: number, code: string, message?: RegExp): Promise<Response> {
  const before = await getBoard(t.app, board.eventId);
  const res = await send();
  expectError(res, status, code, message);
  expect(await getBoard(t.app, board.eventId)).toEqual(before);
  return res;
}

/** Every organiser-only route, with a body that would succeed for the organiser. */
function organiserRoutes(): [Method, string, object | undefined][] {
  const [r0, r1] = board.rooms;
  const [s0] = board.slots;
  const [placed, waiting] = board.sessions;
  return [
    ['patch', api(), { name: 'Renamed', date: '2026-07-01' }],
    ['get', api('/export'), undefined],
    ['post', api('/rooms'), { name: 'Annex' }],
    ['patch', api(`/rooms/${r0}`), { name: 'Big Hall' }],
    ['put', api(`/rooms/${r0}/position`), { position: 1 }],
    ['delete', api(`/rooms/${r0}`), undefined],
    ['post', api('/slots'), { startsAt: '14:00', endsAt: '14:45' }],
    ['patch', api(`/slots/${s0}`), { startsAt: '09:00', endsAt: '09:45' }],
    ['put', api(`/slots/${s0}/position`), { position: 1 }],
    ['delete', api(`/slots/${s0}`), undefined],
    ['patch', api(`/sessions/${placed}`), { title: 'Edited', pitcher: 'Priya' }],
    ['put', api(`/sessions/${waiting}/placement`), { roomId: r1, slotId: s0 }],
    ['delete', api(`/sessions/${placed}/placement`), {}],
    ['delete', api(`/sessions/${waiting}`), undefined],
    ['post', api(`/sessions/${waiting}/restore`), undefined],
    ['get', api('/hidden'), undefined],
    ['post', api('/organiser-link'), undefined],
  ];
}

describe('POST /api/events', () => {
  test('creates an event and hands back its private token and links, storing only a hash of the token', async () => {
    const res = await request(t.app)
      .post('/api/events')
      .send({ name: '  UKGovCamp  ', date: '2026-01-17', venue: 'Westminster', extra: 'ignored' })
      .expect(201);
    expect(res.body.event).toEqual({
      id: expect.any(String),
      name: 'UKGovCamp',
      date: '2026-01-17',
      venue: 'Westminster',
      timeZone: t.services.events.defaultTimeZone(),
      listed: false,
      version: 0,
      createdAt: '2026-11-29T09:00:00.000Z',
    });
    const { id } = res.body.event as { id: string };
    const token = res.body.adminToken as string;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(res.body.links).toEqual({
      board: expect.stringMatching(new RegExp(`/e/${id}$`)),
      pitch: expect.stringMatching(new RegExp(`/e/${id}/pitch$`)),
      admin: expect.stringContaining(`/e/${id}/admin?key=${encodeURIComponent(token)}`),
    });
    const stored = t.db.prepare('SELECT token_hash AS hash FROM organiser_links WHERE event_id = ?').get(id) as { hash: string };
    expect(stored.hash).not.toContain(token);
    expect(stored.hash).toMatch(/^[a-f0-9]{64}$/);
  });

  test('the venue is optional', async () => {
    const res = await request(t.app).post('/api/events').send({ name: 'Camp', date: '2026-01-17' }).expect(201);
    expect(res.body.event.venue).toBe('');
  });

  test.each([
    ['a missing name', { date: '2026-01-17' }, /Event name/],
    ['a blank name', { name: '   ', date: '2026-01-17' }, /Event name is required/],
    ['an overlong name', { name: 'x'.repeat(121), date: '2026-01-17' }, /at most 120/],
    ['an impossible date', { name: 'Camp', date: '2026-02-30' }, /not a real calendar date/],
    ['a date in the wrong format', { name: 'Camp', date: '17/01/2026' }, /2026-11-29/],
    ['a name that is not text', { name: 42, date: '2026-01-17' }, /Event name must be text/],
  ])('refuses %s with invalid_payload and creates nothing', async (_, body, message) => {
    const res = await request(t.app).post('/api/events').send(body);
    expectError(res, 400, 'invalid_payload', message);
    expect(eventsOf(t)).toHaveLength(1);
  });

  test('refuses a malformed JSON body with invalid_payload', async () => {
    const res = await request(t.app).post('/api/events').set('Content-Type', 'application/json').send('{"name": "Camp",');
    expectError(res, 400, 'invalid_payload', /not valid JSON/);
    expect(eventsOf(t)).toHaveLength(1);
  });

  test('refuses a body over the size limit', async () => {
    const res = await request(t.app)
      .post('/api/events')
      .send({ name: 'x'.repeat(200_000), date: '2026-01-17' });
    expectError(res, 400, 'invalid_payload', /too large/);
  });
});

describe('GET /api/events/:eventId/board', () => {
  test('returns the event, rooms and slots in order, and every session with its placement and interest', async () => {
    const res = await request(t.app).get(api('/board')).expect(200);
    expect(res.body.event).toMatchObject({ id: board.eventId, name: 'LocalGovCamp 2026', version: 8 });
    expect(res.body.rooms.map((r: { id: string; position: number }) => [r.id, r.position])).toEqual([
      [board.rooms[0], 0],
      [board.rooms[1], 1],
    ]);
    expect(res.body.slots.map((s: { id: string }) => s.id)).toEqual(board.slots);
    expect(res.body.sessions).toHaveLength(3);
    expect(res.body.sessions[0]).toEqual({
      id: board.sessions[0],
      eventId: board.eventId,
      title: 'Sharing code between councils',
      notes: 'Why build the same thing 300 times?',
      pitcher: 'Priya',
      cohosts: [],
      roomId: board.rooms[0],
      slotId: board.slots[0],
      version: 2,
      interest: 0,
      createdAt: '2026-11-29T09:00:00.000Z',
      updatedAt: '2026-11-29T09:00:00.000Z',
    });
  });

  test('an unknown event is not_found and a malformed id is invalid_payload', async () => {
    expectError(await request(t.app).get('/api/events/no-such-event/board'), 404, 'not_found', /event/);
    expectError(await request(t.app).get('/api/events/not%20an%20id!/board'), 400, 'invalid_payload', /id is not valid/);
  });
});

describe('organiser-only routes', () => {
  test('each one refuses a request with no token as forbidden and changes nothing', async () => {
    for (const [method, url, body] of organiserRoutes()) {
      const res = await expectRefused(() => call(method, url).send(body), 403, 'forbidden', /Only (a facilitator or )?the organiser/);
      expect([method, url, res.status]).toEqual([method, url, 403]);
    }
  });

  test('each one refuses a wrong token, and the token of another event, as forbidden', async () => {
    const other = await createEvent(t.app, { name: 'Another camp' });
    for (const [method, url, body] of organiserRoutes()) {
      await expectRefused(() => call(method, url).set(bearer('not-the-token')).send(body), 403, 'forbidden');
      await expectRefused(() => call(method, url).set(bearer(other.adminToken)).send(body), 403, 'forbidden');
    }
  });

  test('the organiser cookie set by the private link is accepted as well as the bearer token', async () => {
    const res = await request(t.app)
      .post(api('/rooms'))
      .set('Cookie', `unsilo_org_${board.eventId}=${encodeURIComponent(board.adminToken)}`)
      .send({ name: 'Annex' });
    expect(res.status).toBe(201);
  });

  test('each one answers not_found for an unknown event, even with a token', async () => {
    for (const [method, url, body] of organiserRoutes()) {
      const res = await call(method, url.replace(board.eventId, 'no-such-event')).set(bearer(board.adminToken)).send(body);
      expectError(res, 404, 'not_found', /event was not found/);
    }
  });

  test('each one refuses a malformed event id as invalid_payload', async () => {
    for (const [method, url, body] of organiserRoutes()) {
      const res = await call(method, url.replace(board.eventId, 'bad.id')).set(bearer(board.adminToken)).send(body);
      expectError(res, 400, 'invalid_payload', /id is not valid/);
    }
  });
});

describe('PATCH /api/events/:eventId', () => {
  test('updates the event details and returns the new version', async () => {
    const res = await request(t.app)
      .patch(api())
      .set(bearer(board.adminToken))
      .send({ name: 'LocalGovCamp North', date: '2026-07-04', venue: 'Civic Centre' })
      .expect(200);
    expect(res.body).toEqual({
      version: 9,
      value: expect.objectContaining({ name: 'LocalGovCamp North', date: '2026-07-04', version: 9 }),
    });
    expect((await getBoard(t.app, board.eventId)).event).toMatchObject({ name: 'LocalGovCamp North', venue: 'Civic Centre' });
  });

  test.each([
    ['an impossible date', { name: 'Camp', date: '2026-02-30' }, /not a real calendar date/],
    ['a missing name', { date: '2026-07-04' }, /Event name/],
    ['an overlong venue', { name: 'Camp', date: '2026-07-04', venue: 'v'.repeat(201) }, /Venue must be at most 200/],
  ])('refuses %s and changes nothing', async (_, body, message) => {
    await expectRefused(() => request(t.app).patch(api()).set(bearer(board.adminToken)).send(body), 400, 'invalid_payload', message);
  });

  test('refuses a malformed JSON body and changes nothing', async () => {
    await expectRefused(
      () => request(t.app).patch(api()).set(bearer(board.adminToken)).set('Content-Type', 'application/json').send('{oops'),
      400,
      'invalid_payload',
      /not valid JSON/,
    );
  });
});

describe('rooms', () => {
  test('POST adds a room at the right-hand end, with an optional capacity', async () => {
    const res = await request(t.app).post(api('/rooms')).set(bearer(board.adminToken)).send({ name: 'Annex', capacity: 12 }).expect(201);
    expect(res.body).toEqual({
      version: 9,
      value: { id: expect.any(String), eventId: board.eventId, name: 'Annex', capacity: 12, position: 2 },
    });
  });

  test('POST refuses a 101st room as a conflict and changes nothing', async () => {
    const insertRoom = t.db.prepare('INSERT INTO rooms (id, event_id, name, capacity, position) VALUES (?, ?, ?, NULL, ?)');
    for (let i = 2; i < 100; i++) insertRoom.run(`filler-${i}`, board.eventId, `Room ${i}`, i);
    await expectRefused(
      () => request(t.app).post(api('/rooms')).set(bearer(board.adminToken)).send({ name: 'One too many' }),
      409,
      'conflict',
      /at most 100 rooms/,
    );
  });

  test('PATCH renames a room and changes its capacity', async () => {
    const res = await request(t.app)
      .patch(api(`/rooms/${board.rooms[1]}`))
      .set(bearer(board.adminToken))
      .send({ name: 'Reading Room', capacity: null })
      .expect(200);
    expect(res.body.value).toMatchObject({ id: board.rooms[1], name: 'Reading Room', capacity: null, position: 1 });
  });

  test('PUT position reorders rooms and returns them in their new order', async () => {
    const res = await request(t.app)
      .put(api(`/rooms/${board.rooms[1]}/position`))
      .set(bearer(board.adminToken))
      .send({ position: 0 })
      .expect(200);
    expect(res.body.value.map((r: { id: string; position: number }) => [r.id, r.position])).toEqual([
      [board.rooms[1], 0],
      [board.rooms[0], 1],
    ]);
  });

  test('DELETE of a room that holds a session unschedules the session, never deletes it, and says which', async () => {
    const res = await request(t.app)
      .delete(api(`/rooms/${board.rooms[0]}`))
      .set(bearer(board.adminToken))
      .expect(200);
    expect(res.body).toEqual({ version: 9, value: { unscheduled: [board.sessions[0]], undoId: expect.any(Number) } });
    const after = (await getBoard(t.app, board.eventId)) as {
      rooms: { id: string; position: number }[];
      sessions: { id: string; roomId: string | null; slotId: string | null }[];
    };
    expect(after.rooms).toEqual([expect.objectContaining({ id: board.rooms[1], position: 0 })]);
    expect(after.sessions.map((s) => s.id)).toEqual(board.sessions);
    expect(after.sessions[0]).toMatchObject({ roomId: null, slotId: null });
  });

  test('DELETE of an empty room reports no sessions moved', async () => {
    const res = await request(t.app)
      .delete(api(`/rooms/${board.rooms[1]}`))
      .set(bearer(board.adminToken))
      .expect(200);
    expect(res.body.value).toEqual({ unscheduled: [], undoId: expect.any(Number) });
  });

  test.each([
    ['a missing name', {}, /Room name/],
    ['an overlong name', { name: 'r'.repeat(61) }, /at most 60/],
    ['a zero capacity', { name: 'Annex', capacity: 0 }, /at least 1/],
    ['a fractional capacity', { name: 'Annex', capacity: 2.5 }, /whole number/],
    ['a capacity that is not a number', { name: 'Annex', capacity: 'lots' }, /whole number/],
  ])('POST refuses %s and changes nothing', async (_, body, message) => {
    await expectRefused(() => request(t.app).post(api('/rooms')).set(bearer(board.adminToken)).send(body), 400, 'invalid_payload', message);
  });

  test('PATCH refuses a blank name and changes nothing', async () => {
    await expectRefused(
      () =>
        request(t.app)
          .patch(api(`/rooms/${board.rooms[0]}`))
          .set(bearer(board.adminToken))
          .send({ name: ' ' }),
      400,
      'invalid_payload',
      /Room name is required/,
    );
  });

  test('PUT position refuses a position that is not a whole number and changes nothing', async () => {
    for (const position of [-1, 'first', 1.5, null]) {
      await expectRefused(
        () =>
          request(t.app)
            .put(api(`/rooms/${board.rooms[0]}/position`))
            .set(bearer(board.adminToken))
            .send({ position }),
        400,
        'invalid_payload',
        /Position|Too small|>=/,
      );
    }
  });

  test('a room id that is unknown is not_found and one that is malformed is invalid_payload', async () => {
    const auth = bearer(board.adminToken);
    for (const [method, path] of [
      ['patch', '/rooms/%s'],
      ['put', '/rooms/%s/position'],
      ['delete', '/rooms/%s'],
    ] as [Method, string][]) {
      const body = { name: 'X', position: 0 };
      await expectRefused(
        () =>
          call(method, api(path.replace('%s', 'no-such-room')))
            .set(auth)
            .send(body),
        404,
        'not_found',
        /room/,
      );
      await expectRefused(
        () =>
          call(method, api(path.replace('%s', 'bad%20room')))
            .set(auth)
            .send(body),
        400,
        'invalid_payload',
      );
    }
  });

  test('a room of another event cannot be renamed, moved or deleted through this event', async () => {
    const other = await createEvent(t.app, { name: 'Other' });
    const res = await request(t.app).post(`/api/events/${other.eventId}/rooms`).set(bearer(other.adminToken)).send({ name: 'Theirs' });
    const theirs = res.body.value.id as string;
    await expectRefused(
      () =>
        request(t.app)
          .delete(api(`/rooms/${theirs}`))
          .set(bearer(board.adminToken)),
      404,
      'not_found',
      /room/,
    );
  });
});

describe('slots', () => {
  test('POST adds a time slot at the bottom', async () => {
    const res = await request(t.app)
      .post(api('/slots'))
      .set(bearer(board.adminToken))
      .send({ label: 'After lunch', startsAt: '13:30', endsAt: '14:15' })
      .expect(201);
    expect(res.body.value).toEqual({
      id: expect.any(String),
      eventId: board.eventId,
      label: 'After lunch',
      startsAt: '13:30',
      endsAt: '14:15',
      position: 2,
    });
  });

  test('PATCH changes a slot’s label and times', async () => {
    const res = await request(t.app)
      .patch(api(`/slots/${board.slots[0]}`))
      .set(bearer(board.adminToken))
      .send({ label: 'Opening', startsAt: '09:30', endsAt: '10:15' })
      .expect(200);
    expect(res.body.value).toMatchObject({ id: board.slots[0], label: 'Opening', startsAt: '09:30', endsAt: '10:15' });
  });

  test('PUT position reorders slots', async () => {
    const res = await request(t.app)
      .put(api(`/slots/${board.slots[0]}/position`))
      .set(bearer(board.adminToken))
      .send({ position: 5 })
      .expect(200);
    expect(res.body.value.map((s: { id: string }) => s.id)).toEqual([board.slots[1], board.slots[0]]);
  });

  test('DELETE of a slot that holds a session unschedules it and says which', async () => {
    const res = await request(t.app)
      .delete(api(`/slots/${board.slots[0]}`))
      .set(bearer(board.adminToken))
      .expect(200);
    expect(res.body.value).toEqual({ unscheduled: [board.sessions[0]], undoId: expect.any(Number) });
    const after = (await getBoard(t.app, board.eventId)) as { slots: { id: string }[]; sessions: { roomId: string | null }[] };
    expect(after.slots.map((s) => s.id)).toEqual([board.slots[1]]);
    expect(after.sessions).toHaveLength(3);
    expect(after.sessions.every((s) => s.roomId === null)).toBe(true);
  });

  test.each([
    ['an end before the start', { startsAt: '11:00', endsAt: '10:00' }, /End time must be after the start time/],
    ['an end equal to the start', { startsAt: '11:00', endsAt: '11:00' }, /End time must be after the start time/],
    ['an impossible time', { startsAt: '25:00', endsAt: '26:00' }, /24-hour time/],
    ['a missing start', { endsAt: '10:00' }, /Start time/],
    ['an overlong label', { label: 'l'.repeat(41), startsAt: '10:00', endsAt: '11:00' }, /at most 40/],
  ])('POST refuses %s and changes nothing', async (_, body, message) => {
    await expectRefused(() => request(t.app).post(api('/slots')).set(bearer(board.adminToken)).send(body), 400, 'invalid_payload', message);
  });

  test('PATCH refuses an end before the start and changes nothing', async () => {
    await expectRefused(
      () =>
        request(t.app)
          .patch(api(`/slots/${board.slots[0]}`))
          .set(bearer(board.adminToken))
          .send({ startsAt: '12:00', endsAt: '11:00' }),
      400,
      'invalid_payload',
      /End time must be after the start time/,
    );
  });

  test('an unknown slot is not_found and a malformed slot id is invalid_payload', async () => {
    const auth = bearer(board.adminToken);
    const body = { startsAt: '09:00', endsAt: '09:30', position: 0 };
    for (const [method, path] of [
      ['patch', '/slots/%s'],
      ['put', '/slots/%s/position'],
      ['delete', '/slots/%s'],
    ] as [Method, string][]) {
      await expectRefused(
        () =>
          call(method, api(path.replace('%s', 'no-such-slot')))
            .set(auth)
            .send(body),
        404,
        'not_found',
        /time slot/,
      );
      await expectRefused(
        () =>
          call(method, api(path.replace('%s', 'bad%20slot')))
            .set(auth)
            .send(body),
        400,
        'invalid_payload',
      );
    }
  });
});

describe('sessions', () => {
  test('POST pitches a session into unscheduled without any token', async () => {
    const res = await request(t.app)
      .post(api('/sessions'))
      .send({ title: '  Open data: who uses it?  ', notes: 'Bring examples.', pitcher: 'Sam' })
      .expect(201);
    expect(res.body).toEqual({
      version: 9,
      value: {
        id: expect.any(String),
        eventId: board.eventId,
        title: 'Open data: who uses it?',
        notes: 'Bring examples.',
        pitcher: 'Sam',
        cohosts: [],
        roomId: null,
        slotId: null,
        version: 1,
        interest: 0,
        createdAt: '2026-11-29T09:00:00.000Z',
        updatedAt: '2026-11-29T09:00:00.000Z',
      },
    });
  });

  test('POST accepts a title of exactly 120 characters and notes of exactly 2,000', async () => {
    const res = await request(t.app)
      .post(api('/sessions'))
      .send({ title: 't'.repeat(120), notes: 'n'.repeat(2000), pitcher: 'Sam' })
      .expect(201);
    expect(res.body.value.title).toHaveLength(120);
    expect(res.body.value.notes).toHaveLength(2000);
  });

  test.each([
    ['a missing title', { pitcher: 'Sam' }, /Title/],
    ['a blank title', { title: '   ', pitcher: 'Sam' }, /Title is required/],
    ['a title of 121 characters', { title: 't'.repeat(121), pitcher: 'Sam' }, /Title must be at most 120 characters/],
    ['notes of 2,001 characters', { title: 'Ok', notes: 'n'.repeat(2001), pitcher: 'Sam' }, /Notes must be at most 2000 characters/],
    ['a missing pitcher name', { title: 'Ok' }, /Your name/],
    ['a title that is not text', { title: ['a'], pitcher: 'Sam' }, /Title must be text/],
  ])('POST refuses %s and changes nothing', async (_, body, message) => {
    await expectRefused(() => request(t.app).post(api('/sessions')).send(body), 400, 'invalid_payload', message);
  });

  test('POST refuses a malformed JSON body, and a pitch to an unknown event, changing nothing', async () => {
    await expectRefused(
      () => request(t.app).post(api('/sessions')).set('Content-Type', 'application/json').send('{"title":'),
      400,
      'invalid_payload',
      /not valid JSON/,
    );
    expectError(await request(t.app).post('/api/events/no-such-event/sessions').send({ title: 'Hi', pitcher: 'Sam' }), 404, 'not_found');
  });

  test('GET returns one session; unknown and malformed ids are refused', async () => {
    const res = await request(t.app)
      .get(api(`/sessions/${board.sessions[1]}`))
      .expect(200);
    expect(res.body).toMatchObject({ id: board.sessions[1], title: 'User research on a shoestring', roomId: null });
    expectError(await request(t.app).get(api('/sessions/no-such-session')), 404, 'not_found', /session/);
    expectError(await request(t.app).get(api('/sessions/bad%20id')), 400, 'invalid_payload');
    expectError(await request(t.app).get(`/api/events/no-such-event/sessions/${board.sessions[1]}`), 404, 'not_found');
  });

  test('PATCH edits a session’s text and bumps its version', async () => {
    const res = await request(t.app)
      .patch(api(`/sessions/${board.sessions[1]}`))
      .set(bearer(board.adminToken))
      .send({ title: 'User research for free', notes: 'Guerrilla testing', pitcher: 'Aisha K' })
      .expect(200);
    expect(res.body.value).toMatchObject({ title: 'User research for free', notes: 'Guerrilla testing', pitcher: 'Aisha K', version: 2 });
  });

  test('PATCH refuses an overlong title and an unknown session, changing nothing', async () => {
    const auth = bearer(board.adminToken);
    await expectRefused(
      () =>
        request(t.app)
          .patch(api(`/sessions/${board.sessions[1]}`))
          .set(auth)
          .send({ title: 't'.repeat(121), pitcher: 'A' }),
      400,
      'invalid_payload',
      /at most 120/,
    );
    await expectRefused(
      () => request(t.app).patch(api('/sessions/no-such-session')).set(auth).send({ title: 'T', pitcher: 'A' }),
      404,
      'not_found',
    );
  });
});

describe('PATCH leaves optional fields that are not sent as they were', () => {
  test('renaming a room keeps its capacity; capacity null clears it', async () => {
    const auth = bearer(board.adminToken);
    const renamed = await request(t.app)
      .patch(api(`/rooms/${board.rooms[0]}`))
      .set(auth)
      .send({ name: 'Big Hall' })
      .expect(200);
    expect(renamed.body.value).toMatchObject({ name: 'Big Hall', capacity: 120 });
    const cleared = await request(t.app)
      .patch(api(`/rooms/${board.rooms[0]}`))
      .set(auth)
      .send({ name: 'Big Hall', capacity: null })
      .expect(200);
    expect(cleared.body.value.capacity).toBeNull();
  });

  test('changing a slot’s times keeps its label; an empty label clears it', async () => {
    const auth = bearer(board.adminToken);
    const moved = await request(t.app)
      .patch(api(`/slots/${board.slots[0]}`))
      .set(auth)
      .send({ startsAt: '09:30', endsAt: '10:15' })
      .expect(200);
    expect(moved.body.value).toMatchObject({ label: 'Session 1', startsAt: '09:30' });
    const cleared = await request(t.app)
      .patch(api(`/slots/${board.slots[0]}`))
      .set(auth)
      .send({ label: '', startsAt: '09:30', endsAt: '10:15' })
      .expect(200);
    expect(cleared.body.value.label).toBe('');
  });

  test('editing a session’s title keeps its notes; empty notes clear them', async () => {
    const auth = bearer(board.adminToken);
    const url = api(`/sessions/${board.sessions[0]}`);
    const edited = await request(t.app).patch(url).set(auth).send({ title: 'Sharing code', pitcher: 'Priya' }).expect(200);
    expect(edited.body.value).toMatchObject({ title: 'Sharing code', notes: 'Why build the same thing 300 times?' });
    const cleared = await request(t.app).patch(url).set(auth).send({ title: 'Sharing code', notes: '', pitcher: 'Priya' }).expect(200);
    expect(cleared.body.value.notes).toBe('');
  });

  test('renaming the event keeps its venue; an empty venue clears it', async () => {
    const auth = bearer(board.adminToken);
    const event = await request(t.app).patch(api()).set(auth).send({ name: 'Renamed', date: '2026-06-20' }).expect(200);
    expect(event.body.value).toMatchObject({ name: 'Renamed', venue: 'Town Hall' });
    const cleared = await request(t.app).patch(api()).set(auth).send({ name: 'Renamed', date: '2026-06-20', venue: '' }).expect(200);
    expect(cleared.body.value.venue).toBe('');
  });
});

describe('events are sealed from each other', () => {
  test('a session of another event cannot be read, edited, placed or liked through this event', async () => {
    const other = await createEvent(t.app, { name: 'Other camp' });
    const theirs = await pitchSession(t.app, other.eventId, 'Their session');
    const auth = bearer(board.adminToken);
    const attempts: [Method, string, object][] = [
      ['get', api(`/sessions/${theirs}`), {}],
      ['patch', api(`/sessions/${theirs}`), { title: 'Mine now', pitcher: 'X' }],
      ['put', api(`/sessions/${theirs}/placement`), { roomId: board.rooms[1], slotId: board.slots[1] }],
      ['delete', api(`/sessions/${theirs}/placement`), {}],
      ['put', api(`/sessions/${theirs}/interest`), {}],
    ];
    const theirsBefore = await getBoard(t.app, other.eventId);
    for (const [method, url, body] of attempts) {
      await expectRefused(() => call(method, url).set(auth).send(body), 404, 'not_found', /session/);
    }
    expect(await getBoard(t.app, other.eventId)).toEqual(theirsBefore);
  });
});

describe('placement', () => {
  const placement = (sessionId: string) => api(`/sessions/${sessionId}/placement`);

  test('PUT places a session in a free cell and bumps its version', async () => {
    const res = await request(t.app)
      .put(placement(board.sessions[1]))
      .set(bearer(board.adminToken))
      .send({ roomId: board.rooms[1], slotId: board.slots[0], expectedVersion: 1 })
      .expect(200);
    expect(res.body).toEqual({
      version: 9,
      value: expect.objectContaining({ id: board.sessions[1], roomId: board.rooms[1], slotId: board.slots[0], version: 2 }),
    });
  });

  test('PUT moves a placed session to another cell', async () => {
    const res = await request(t.app)
      .put(placement(board.sessions[0]))
      .set(bearer(board.adminToken))
      .send({ roomId: board.rooms[1], slotId: board.slots[1] })
      .expect(200);
    expect(res.body.value).toMatchObject({ roomId: board.rooms[1], slotId: board.slots[1] });
  });

  test('PUT into a taken cell is a conflict that names the session holding it, and changes nothing', async () => {
    const res = await expectRefused(
      () =>
        request(t.app)
          .put(placement(board.sessions[1]))
          .set(bearer(board.adminToken))
          .send({ roomId: board.rooms[0], slotId: board.slots[0] }),
      409,
      'conflict',
      /That slot was just taken by “Sharing code between councils”/,
    );
    expect(res.body.error.details).toEqual({ occupant: { id: board.sessions[0], title: 'Sharing code between councils' } });
  });

  test('PUT with a stale expectedVersion is refused as stale with the current session, and changes nothing', async () => {
    const res = await expectRefused(
      () =>
        request(t.app)
          .put(placement(board.sessions[0]))
          .set(bearer(board.adminToken))
          .send({ roomId: board.rooms[1], slotId: board.slots[1], expectedVersion: 1 }),
      409,
      'stale',
      /changed by someone else/,
    );
    expect(res.body.error.details.session).toMatchObject({ id: board.sessions[0], version: 2, roomId: board.rooms[0] });
  });

  test.each([
    ['a missing room', (b: SeededBoard) => ({ slotId: b.slots[0] }), 400, 'invalid_payload'],
    ['a malformed room id', (b: SeededBoard) => ({ roomId: 'bad id', slotId: b.slots[0] }), 400, 'invalid_payload'],
    [
      'a version that is not a number',
      (b: SeededBoard) => ({ roomId: b.rooms[1], slotId: b.slots[0], expectedVersion: 'x' }),
      400,
      'invalid_payload',
    ],
    ['an unknown room', (b: SeededBoard) => ({ roomId: 'no-such-room', slotId: b.slots[0] }), 404, 'not_found'],
    ['an unknown slot', (b: SeededBoard) => ({ roomId: b.rooms[1], slotId: 'no-such-slot' }), 404, 'not_found'],
  ])('PUT refuses %s and changes nothing', async (_, body, status, code) => {
    await expectRefused(
      () => request(t.app).put(placement(board.sessions[1])).set(bearer(board.adminToken)).send(body(board)),
      status,
      code,
    );
  });

  test('PUT refuses a room and slot that belong to another event', async () => {
    const other = await createEvent(t.app, { name: 'Other' });
    const auth = bearer(other.adminToken);
    const room = (await request(t.app).post(`/api/events/${other.eventId}/rooms`).set(auth).send({ name: 'Theirs' })).body.value
      .id as string;
    const slot = (await request(t.app).post(`/api/events/${other.eventId}/slots`).set(auth).send({ startsAt: '10:00', endsAt: '11:00' }))
      .body.value.id as string;
    await expectRefused(
      () => request(t.app).put(placement(board.sessions[1])).set(bearer(board.adminToken)).send({ roomId: room, slotId: slot }),
      404,
      'not_found',
      /room/,
    );
  });

  test('DELETE unschedules a placed session', async () => {
    const res = await request(t.app)
      .delete(placement(board.sessions[0]))
      .set(bearer(board.adminToken))
      .send({ expectedVersion: 2 })
      .expect(200);
    expect(res.body.value).toMatchObject({ id: board.sessions[0], roomId: null, slotId: null, version: 3 });
  });

  test('DELETE with a stale expectedVersion is refused as stale and changes nothing', async () => {
    await expectRefused(
      () => request(t.app).delete(placement(board.sessions[0])).set(bearer(board.adminToken)).send({ expectedVersion: 1 }),
      409,
      'stale',
    );
  });

  test('DELETE of an unknown session is not_found', async () => {
    await expectRefused(() => request(t.app).delete(placement('no-such-session')).set(bearer(board.adminToken)), 404, 'not_found');
  });
});

describe('interest', () => {
  const interest = () => api(`/sessions/${board.sessions[1]}/interest`);

  test('PUT counts a browser once however often it says “I’d go”, and DELETE withdraws it', async () => {
    const alice = request.agent(t.app);
    const bob = request.agent(t.app);
    expect((await alice.put(interest()).expect(200)).body.value.interest).toBe(1);
    expect((await alice.put(interest()).expect(200)).body.value.interest).toBe(1);
    expect((await bob.put(interest()).expect(200)).body.value.interest).toBe(2);
    expect((await alice.delete(interest()).expect(200)).body.value.interest).toBe(1);
    expect((await alice.delete(interest()).expect(200)).body.value.interest).toBe(1);
    const after = (await getBoard(t.app, board.eventId)) as { sessions: { id: string; interest: number }[] };
    expect(after.sessions.find((s) => s.id === board.sessions[1])?.interest).toBe(1);
  });

  test('the browser is recognised by its unsilo_browser cookie, which is set on first contact', async () => {
    const first = await request(t.app).put(interest()).expect(200);
    const cookie = (first.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('unsilo_browser='));
    expect(cookie).toMatch(/HttpOnly/);
    const pair = cookie!.split(';')[0]!;
    const again = await request(t.app).put(interest()).set('Cookie', pair).expect(200);
    expect(again.body.value.interest).toBe(1);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  test('interest in an unknown session or event is not_found and changes nothing', async () => {
    await expectRefused(() => request(t.app).put(api('/sessions/no-such-session/interest')), 404, 'not_found');
    await expectRefused(() => request(t.app).delete(api('/sessions/no-such-session/interest')), 404, 'not_found');
    expectError(await request(t.app).put(`/api/events/no-such-event/sessions/${board.sessions[1]}/interest`), 404, 'not_found');
  });
});

describe('GET /api/events/:eventId/export', () => {
  test('downloads the event in the documented format', async () => {
    const res = await request(t.app).get(api('/export')).set(bearer(board.adminToken)).expect(200);
    expect(res.headers['content-disposition']).toContain(`unsilo-${board.eventId}.json`);
    expect(res.body).toMatchObject({ format: 'unsilo.event', version: 2, event: { id: board.eventId } });
    expect(res.body.sessions).toHaveLength(3);
  });
});

describe('POST /api/events/import', () => {
  test('imports an export as a new event with its own token', async () => {
    const exported = (await request(t.app).get(api('/export')).set(bearer(board.adminToken))).body;
    const res = await request(t.app).post('/api/events/import').send(exported).expect(201);
    expect(res.body).toMatchObject({ keptIds: false, event: { name: 'LocalGovCamp 2026 (copy)' }, links: { admin: expect.any(String) } });
    expect(res.body.adminToken).not.toBe(board.adminToken);
  });

  test('refuses a body that is not an export, and malformed JSON, creating nothing', async () => {
    expectError(
      await request(t.app).post('/api/events/import').send({ format: 'other' }),
      400,
      'invalid_payload',
      /not an Unsilo event export/,
    );
    expectError(
      await request(t.app).post('/api/events/import').set('Content-Type', 'application/json').send('{"format":'),
      400,
      'invalid_payload',
      /not valid JSON/,
    );
    expect(eventsOf(t)).toHaveLength(1);
  });
});

test('an unknown API address answers not_found as JSON', async () => {
  expectError(await request(t.app).get('/api/nothing-here'), 404, 'not_found');
  expectError(await request(t.app).post(api('/teleport')).send({}), 404, 'not_found');
});
