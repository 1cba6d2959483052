/**
 * Calendar exports: the whole event (event.ics) and a personal agenda (agenda.ics), read back with
 * ical.js field by field.
 */
import request from 'supertest';
import { addRoom, addSlot, bearer, createEvent, pitchSession, placeSession, seedBoard, type TestApp, appPerTest } from '../helpers/app';
import { readCalendar } from '../helpers/ical';

let t: TestApp;

appPerTest(
  (app) => {
    t = app;
  },
  // Events made here keep UTC times, wherever the tests run; the zone tests set theirs.
  { rateLimits: 'off', timeZone: 'UTC' },
);

const getIcs = async (path: string) => {
  const res = await request(t.app)
    .get(path)
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    });
  return { res, text: res.body as string };
};

describe('GET /e/:eventId/event.ics', () => {
  test('has one VEVENT per scheduled session, with every field as the board shows it', async () => {
    const ev = await seedBoard(t.app);
    await placeSession(t.app, ev, ev.sessions[1], ev.rooms[1], ev.slots[1]);
    t.services.events.update(ev.eventId, { name: 'LocalGovCamp 2026', date: '2026-06-20', timeZone: 'Europe/London' });

    const { res, text } = await getIcs(`/e/${ev.eventId}/event.ics`);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=localgovcamp-2026.ics');
    const calendar = readCalendar(text);
    expect(calendar.name).toBe('LocalGovCamp 2026');
    expect(calendar.prodId).toBe('-//Unsilo//Unsilo//EN');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n');
    const board = t.services.events.board(ev.eventId);
    const first = board.sessions.find((s) => s.id === ev.sessions[0])!;
    expect(calendar.entries).toEqual([
      {
        uid: `session-${ev.sessions[0]}@unsilo`,
        summary: 'Sharing code between councils',
        location: 'Main Hall, Town Hall',
        description: expect.stringMatching(
          new RegExp(
            `^Hosted by Priya\\n\\nWhy build the same thing 300 times\\?\\n\\nhttp://127\\.0\\.0\\.1:\\d+/e/${ev.eventId}/s/${ev.sessions[0]}$`,
          ),
        ),
        url: expect.stringMatching(new RegExp(`/e/${ev.eventId}/s/${ev.sessions[0]}$`)),
        // 10:00 at the venue in London is 09:00 UTC in June (summer time).
        start: '2026-06-20T09:00:00.000Z',
        end: '2026-06-20T09:45:00.000Z',
        utc: true,
        sequence: board.event.version,
        lastModified: first.updatedAt,
      },
      expect.objectContaining({
        uid: `session-${ev.sessions[1]}@unsilo`,
        summary: 'User research on a shoestring',
        location: 'Library, Town Hall',
        start: '2026-06-20T10:00:00.000Z',
        end: '2026-06-20T10:45:00.000Z',
      }),
    ]);
  });

  test('writes each session at the moment the venue’s clock shows its time, in the event’s own time zone, winter or summer', async () => {
    const ev = await seedBoard(t.app);
    const zoned = async (timeZone: string, date: string) => {
      t.services.events.update(ev.eventId, { name: 'Camp', date, timeZone });
      const [entry] = readCalendar((await getIcs(`/e/${ev.eventId}/event.ics`)).text).entries;
      return [entry?.start, entry?.end, entry?.utc];
    };
    expect(await zoned('America/New_York', '2026-06-20')).toEqual(['2026-06-20T14:00:00.000Z', '2026-06-20T14:45:00.000Z', true]);
    expect(await zoned('Europe/London', '2026-12-05')).toEqual(['2026-12-05T10:00:00.000Z', '2026-12-05T10:45:00.000Z', true]);
    expect(await zoned('Asia/Kolkata', '2026-12-05')).toEqual(['2026-12-05T04:30:00.000Z', '2026-12-05T05:15:00.000Z', true]);
  });

  test('keeps commas, semicolons, backslashes, newlines and any script in titles, notes and names intact', async () => {
    const ev = await createEvent(t.app, { name: 'Café, Camp; 2026', venue: 'Hôtel de Ville, Lyon' });
    const room = await addRoom(t.app, ev, 'Salle 1; “Étage”');
    const slot = await addSlot(t.app, ev, '09:05', '09:50');
    const title = 'Data, ethics; and \\ backslashes — 日本語 🎉';
    const notes = 'First line,\nsecond line; with "quotes"\n\n• a bullet';
    const id = await pitchSession(t.app, ev.eventId, title, 'Zoë, O’Neil', notes);
    await placeSession(t.app, ev, id, room, slot);

    const { text } = await getIcs(`/e/${ev.eventId}/event.ics`);

    const [entry] = readCalendar(text).entries;
    expect(entry?.summary).toBe(title);
    expect(entry?.location).toBe('Salle 1; “Étage”, Hôtel de Ville, Lyon');
    expect(entry?.description.startsWith(`Hosted by Zoë, O’Neil\n\n${notes}\n\nhttp`)).toBe(true);
    expect(entry?.start).toBe('2026-06-20T09:05:00.000Z');
    // RFC 5545 §3.1: content lines are folded at 75 octets, and lines end with CRLF.
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  test('leaves out unscheduled sessions, and an event with none scheduled is a valid, empty calendar', async () => {
    const ev = await createEvent(t.app);
    await pitchSession(t.app, ev.eventId, 'Waiting for a room');
    const { res, text } = await getIcs(`/e/${ev.eventId}/event.ics`);
    expect(res.status).toBe(200);
    expect(readCalendar(text).entries).toEqual([]);
  });

  test('a session moved to another slot keeps its UID and comes back with a higher SEQUENCE', async () => {
    const ev = await seedBoard(t.app);
    const before = readCalendar((await getIcs(`/e/${ev.eventId}/event.ics`)).text).entries[0]!;
    await placeSession(t.app, ev, ev.sessions[0], ev.rooms[1], ev.slots[1]);
    const after = readCalendar((await getIcs(`/e/${ev.eventId}/event.ics`)).text).entries[0]!;
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect([after.start, after.location]).toEqual(['2026-06-20T11:00:00.000Z', 'Library, Town Hall']);
  });

  test('a slot whose times change (the session itself untouched) also raises SEQUENCE', async () => {
    const ev = await seedBoard(t.app);
    const before = readCalendar((await getIcs(`/e/${ev.eventId}/event.ics`)).text).entries[0]!;
    await request(t.app)
      .patch(`/api/events/${ev.eventId}/slots/${ev.slots[0]}`)
      .set(bearer(ev.adminToken))
      .send({ startsAt: '10:15', endsAt: '11:00' })
      .expect(200);
    const after = readCalendar((await getIcs(`/e/${ev.eventId}/event.ics`)).text).entries[0]!;
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect([after.start, after.end]).toEqual(['2026-06-20T10:15:00.000Z', '2026-06-20T11:00:00.000Z']);
  });

  test('an unknown event is a 404 page, a malformed id a 400', async () => {
    await request(t.app).get('/e/no-such-event/event.ics').expect(404);
    await request(t.app).get('/e/bad%20id!/event.ics').expect(400);
  });
});

describe('GET /e/:eventId/agenda.ics?sessions=…', () => {
  test('holds just the listed sessions, in board order, under the same UIDs as the whole-event file', async () => {
    const ev = await seedBoard(t.app);
    await placeSession(t.app, ev, ev.sessions[1], ev.rooms[1], ev.slots[1]);
    await placeSession(t.app, ev, ev.sessions[2], ev.rooms[0], ev.slots[1]);

    const { res, text } = await getIcs(`/e/${ev.eventId}/agenda.ics?sessions=${ev.sessions[2]},${ev.sessions[0]}`);

    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=localgovcamp-2026-agenda.ics');
    const calendar = readCalendar(text);
    expect(calendar.name).toBe('LocalGovCamp 2026: my agenda');
    expect(calendar.entries.map((e) => e.uid)).toEqual([`session-${ev.sessions[0]}@unsilo`, `session-${ev.sessions[2]}@unsilo`]);
  });

  test('a session merged away stands for the session it was merged into, listed once', async () => {
    const ev = await seedBoard(t.app);
    t.services.facilitation.merge(ev.eventId, { sessionIds: [ev.sessions[0], ev.sessions[1]], primaryId: ev.sessions[0] });

    const { text } = await getIcs(`/e/${ev.eventId}/agenda.ics?sessions=${ev.sessions[1]},${ev.sessions[0]}`);

    const entries = readCalendar(text).entries;
    expect(entries.map((e) => e.uid)).toEqual([`session-${ev.sessions[0]}@unsilo`]);
    expect(entries[0]?.description).toContain('Hosted by Priya, Aisha');
  });

  test('leaves out withdrawn or hidden, unscheduled and unknown sessions', async () => {
    const ev = await seedBoard(t.app);
    await placeSession(t.app, ev, ev.sessions[1], ev.rooms[1], ev.slots[1]);
    await request(t.app).delete(`/api/events/${ev.eventId}/sessions/${ev.sessions[1]}`).set(bearer(ev.adminToken)).expect(200);

    const { res, text } = await getIcs(
      `/e/${ev.eventId}/agenda.ics?sessions=${ev.sessions[0]},${ev.sessions[1]},${ev.sessions[2]},never-pitched`,
    );

    expect(res.status).toBe(200);
    expect(readCalendar(text).entries.map((e) => e.uid)).toEqual([`session-${ev.sessions[0]}@unsilo`]);
  });

  test.each([
    ['no sessions parameter', ''],
    ['an empty list', '?sessions='],
    ['an empty id in the list', '?sessions=abc,,def'],
    ['an id with a forbidden character', '?sessions=abc,d%3Cef'],
    ['the parameter twice', '?sessions=abc&sessions=def'],
    ['more than 200 sessions', `?sessions=${Array.from({ length: 201 }, (_, i) => `s${i}`).join(',')}`],
  ])('refuses %s with a clear 400', async (_name, query) => {
    const ev = await createEvent(t.app);
    const res = await request(t.app).get(`/e/${ev.eventId}/agenda.ics${query}`).expect(400);
    expect(res.text).toMatch(/sessions must be|List at least one session|at most 200 sessions/);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
