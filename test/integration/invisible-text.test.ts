/**
 * Titles and names made only of characters nobody can see (NUL, zero-width spaces and joiners,
 * direction marks, Hangul fillers) would be blank cards on the board. They are refused as empty on
 * every way in: the JSON API, the forms, sockets, the event import and the CSV import.
 */
import request from 'supertest';
import { bearer, buildApp, dumpTables, formsOf, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';
import { commandId, harness, joinBoard, seed, send, type Harness } from './realtime.helpers';

const BLANK = '\u0000\u200B\u200D\u2060\u200E\u3164\uFEFF';

describe('over HTTP', () => {
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

  test('a pitch, an edit, a room, a note and an event named with invisible characters are refused as empty', async () => {
    const before = dumpTables(t.db);
    const api = `/api/events/${ev.eventId}`;
    const refusals = [
      await request(t.app).post(`${api}/sessions`).send({ title: BLANK, pitcher: 'Sam' }),
      await request(t.app).post(`${api}/sessions`).send({ title: 'Open data', pitcher: BLANK }),
      await request(t.app).patch(`${api}/sessions/${ev.sessions[0]}`).set(bearer(ev.adminToken)).send({ title: BLANK, pitcher: 'Priya' }),
      await request(t.app).post(`${api}/rooms`).set(bearer(ev.adminToken)).send({ name: BLANK }),
      await request(t.app).post(`${api}/sessions/${ev.sessions[0]}/notes`).send({ author: 'Sam', body: BLANK }),
      await request(t.app).post('/api/events').send({ name: BLANK, date: '2026-07-01' }),
    ];
    expect(refusals.map((res): [number, unknown] => [res.status, res.body.error.message])).toEqual([
      [400, 'Title is required.'],
      [400, 'Your name is required.'],
      [400, 'Title is required.'],
      [400, 'Room name is required.'],
      [400, 'Note is required.'],
      [400, 'Event name is required.'],
    ]);
    const form = await (await formsOf(t.app, `/e/${ev.eventId}/pitch`)).post(`/e/${ev.eventId}/pitch`, { title: BLANK, pitcher: 'Sam' });
    expect(form.status).toBe(400);
    expect(form.text).toContain('Title is required.');
    expect(dumpTables(t.db)).toBe(before);
  });

  test('an event import with an invisible session title is refused whole', async () => {
    const exported = (await request(t.app).get(`/api/events/${ev.eventId}/export`).set(bearer(ev.adminToken)).expect(200)).body;
    exported.sessions[1].title = BLANK;
    const before = dumpTables(t.db);
    const res = await request(t.app).post('/api/events/import').send(exported).expect(400);
    expect(res.body.error.details.fields).toEqual({ 'sessions.1.title': 'Title is required.' });
    expect(dumpTables(t.db)).toBe(before);
  });

  test('in a CSV import, an invisible title or room name is no title or room at all', async () => {
    const before = dumpTables(t.db);
    const csv = `Room,Start,End,Title,Pitcher\r\nMain Hall,12:00,12:45,${BLANK},Sam\r\n${BLANK},13:00,13:45,Open data,Sam\r\n`;
    const res = await request(t.app)
      .post(`/api/events/${ev.eventId}/grid.csv`)
      .set(bearer(ev.adminToken))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(400);
    expect(res.body.error.details.problems).toEqual([
      { row: 2, message: 'Row 2: notes, pitcher or co-hosts are given but no title.' },
      { row: 3, message: expect.stringMatching(/^Row 3: “Open data” has a time but no room/) },
    ]);
    expect(dumpTables(t.db)).toBe(before);
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

  test('a pitch with an invisible title is refused as empty and changes nothing', async () => {
    const live = await h.start({ encoder: 'none' });
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId);
    const ack = await send(socket, 'session:pitch', { commandId: commandId('invisible'), title: BLANK, notes: '', pitcher: 'Sam' });
    expect(ack).toEqual({ ok: false, error: { code: 'invalid_payload', message: 'Title is required.', details: expect.anything() } });
    expect(live.services.events.board(ev.eventId).sessions).toHaveLength(3);
    expect(live.loggedErrors).toEqual([]);
  });
});
