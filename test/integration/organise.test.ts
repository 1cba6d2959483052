/**
 * Setting an event up: co-organiser links (made, named in the history, revoked), rooms and slots
 * pasted as lists, deleting a room or slot and undoing it, time zones, listing on the home page,
 * inviting people (QR code, poster), and the favicon.
 */
import request from 'supertest';
import {
  bearer,
  buildApp,
  createEvent,
  fixedClock,
  formsOf,
  organiserAgent,
  seedBoard,
  type SeededBoard,
  type TestApp,
} from '../helpers/app';

let t: TestApp;
let b: SeededBoard;

beforeEach(async () => {
  t = buildApp({ rateLimits: 'off' });
  b = await seedBoard(t.app);
});

afterEach(async () => {
  await t.close();
  expect(t.loggedErrors).toEqual([]);
});

const admin = (path = '') => `/e/${b.eventId}/admin${path}`;
const api = (path = '') => `/api/events/${b.eventId}${path}`;
const historyOf = async (browser: ReturnType<typeof request.agent>) => {
  const html = (await browser.get(admin()).expect(200)).text;
  const list = html.slice(html.indexOf('<ol class="activity"'), html.indexOf('</ol>', html.indexOf('<ol class="activity"')));
  return [...list.matchAll(/<span class="actor">([^<]*)<\/span>\s*<span class="what[^"]*">([^<]*)<\/span>/g)].map(
    (m) => `${m[1]}: ${m[2]}`,
  );
};

describe('co-organiser links', () => {
  test('an organiser makes a named link, shown once, that opens the organiser page; the history says what each link did', async () => {
    const organiser = await organiserAgent(t.app, b);
    const made = await (await formsOf(organiser, admin())).post(admin('/organiser-links'), { name: 'Sam' }).expect(201);
    expect(made.text).toContain('Organiser link for Sam');
    const link = /https?:\/\/[^/]+(\/e\/[^"<\s]+\/admin\?key=[^"<\s]+)<\/textarea>/.exec(made.text)?.[1];
    expect(link).toBeDefined();
    expect(made.text).toContain('data-copy="organiser-link"');

    const sam = request.agent(t.app);
    await sam.get(link!).expect(303);
    await (await formsOf(sam, admin())).post(admin('/rooms'), { name: 'Attic', capacity: '' }).expect(303);
    await (await formsOf(organiser, admin())).post(admin('/rooms'), { name: 'Cellar', capacity: '' }).expect(303);

    // Newest first; the seeding's own steps (made over the API with the first link) come after these.
    expect((await historyOf(organiser)).slice(0, 4)).toEqual([
      'Organiser: Added the room “Cellar”.',
      'Sam: Added the room “Attic”.',
      'Organiser: Made an organiser link for “Sam”.',
      'Organiser: Put “Sharing code between councils” in Main Hall at 10:00.',
    ]);
    const history = (await organiser.get(admin()).expect(200)).text;
    expect(history).toMatch(/<time datetime="2026-11-29T09:00:00.000Z">2026-11-29 \d\d:00<\/time>/);
    // Only a hash of each link is stored.
    const token = decodeURIComponent(link!.split('key=')[1]!);
    const stored = (t.db.prepare('SELECT token_hash FROM organiser_links').all() as { token_hash: string }[]).map((r) => r.token_hash);
    expect(stored.some((hash) => hash.includes(token))).toBe(false);
    expect(stored).toHaveLength(2);
  });

  test('revoking a link stops it at once; the other links keep working, and a link cannot revoke itself', async () => {
    const created = await request(t.app).post(api('/organiser-links')).set(bearer(b.adminToken)).send({ name: 'Sam' }).expect(201);
    const samToken = created.body.adminToken as string;
    const samLink = created.body.link.id as string;
    const ownLink = (await request(t.app).get(api('/organiser-links')).set(bearer(b.adminToken)).expect(200)).body.links[0].id as string;

    const selfRevoke = await request(t.app)
      .delete(api(`/organiser-links/${samLink}`))
      .set(bearer(samToken))
      .expect(409);
    expect(selfRevoke.body.error.message).toMatch(/cannot revoke itself/);
    await request(t.app)
      .delete(api(`/organiser-links/${ownLink}`))
      .set(bearer(samToken))
      .expect(200);
    await request(t.app).get(api('/export')).set(bearer(b.adminToken)).expect(403);
    await request(t.app).get(api('/export')).set(bearer(samToken)).expect(200);
    const again = await request(t.app)
      .delete(api(`/organiser-links/${ownLink}`))
      .set(bearer(samToken))
      .expect(409);
    expect(again.body.error.message).toMatch(/already revoked/);

    const { links } = (await request(t.app).get(api('/organiser-links')).set(bearer(samToken)).expect(200)).body as {
      links: { name: string; revokedAt: string | null }[];
    };
    expect(links.map((l) => [l.name, l.revokedAt === null])).toEqual([
      ['Organiser', false],
      ['Sam', true],
    ]);
  });

  test('making a new token for one’s own link leaves the co-organisers’ links working', async () => {
    const sam = (await request(t.app).post(api('/organiser-links')).set(bearer(b.adminToken)).send({ name: 'Sam' }).expect(201)).body
      .adminToken as string;
    const fresh = (await request(t.app).post(api('/organiser-link')).set(bearer(b.adminToken)).expect(200)).body.adminToken as string;
    await request(t.app).get(api('/export')).set(bearer(b.adminToken)).expect(403);
    await request(t.app).get(api('/export')).set(bearer(fresh)).expect(200);
    await request(t.app).get(api('/export')).set(bearer(sam)).expect(200);
  });

  test('a name is required, and two working links cannot share one', async () => {
    const organiser = await organiserAgent(t.app, b);
    const forms = await formsOf(organiser, admin());
    const empty = await forms.post(admin('/organiser-links'), { form: 'organiser-link', name: '' }).expect(400);
    expect(empty.text).toContain('Name is required.');
    await forms.post(admin('/organiser-links'), { name: 'Sam' }).expect(201);
    const twice = await forms.post(admin('/organiser-links'), { form: 'organiser-link', name: 'sam' }).expect(400);
    expect(twice.text).toContain('There is already a working link named “sam”.');
    expect(twice.text).toMatch(/id="organiser-name"[^>]*value="sam"/);
  });
});

describe('rooms and slots pasted as lists', () => {
  test('every line becomes a room, with its seats', async () => {
    const organiser = await organiserAgent(t.app, b);
    const res = await (
      await formsOf(organiser, admin())
    )
      .post(admin('/rooms/bulk'), { lines: 'Committee Room 1, 20\r\n\r\n  Atrium\t150\nGarden (40 seats)\nQuiet Room' })
      .expect(303);
    expect(res.headers.location).toBe(admin('?notice=rooms-added&n=4#rooms'));
    expect(t.services.events.board(b.eventId).rooms.map((r) => [r.name, r.capacity])).toEqual([
      ['Main Hall', 120],
      ['Library', null],
      ['Committee Room 1', 20],
      ['Atrium', 150],
      ['Garden', 40],
      ['Quiet Room', null],
    ]);
  });

  test('a list with problems adds nothing and names every line at fault, keeping what was typed', async () => {
    const organiser = await organiserAgent(t.app, b);
    const lines = 'Hall A, 40\n, 20\nHall B, 0\nHall C';
    const res = await (await formsOf(organiser, admin())).post(admin('/rooms/bulk'), { form: 'rooms-list', lines }).expect(400);
    expect(res.text).toContain('No rooms were added.');
    expect(res.text).toContain('Line 2 (“, 20”): the room needs a name before its seats.');
    expect(res.text).toContain('Line 3 (“Hall B, 0”): seats must be a whole number from 1 to 100000.');
    expect(res.text).toContain(`>${lines}</textarea>`);
    expect(t.services.events.board(b.eventId).rooms).toHaveLength(2);
  });

  test('time slots: start-end and a label, every problem by line, all or nothing', async () => {
    const added = await request(t.app)
      .post(api('/slots/list'))
      .set(bearer(b.adminToken))
      .send({ lines: '09:45-10:30 Keynote\n13:30–14:15, After lunch\n9.00 to 9.30' })
      .expect(201);
    expect(added.body.value.map((s: { label: string; startsAt: string; endsAt: string }) => [s.label, s.startsAt, s.endsAt])).toEqual([
      ['Keynote', '09:45', '10:30'],
      ['After lunch', '13:30', '14:15'],
      ['', '09:00', '09:30'],
    ]);
    const refused = await request(t.app)
      .post(api('/slots/list'))
      .set(bearer(b.adminToken))
      .send({ lines: '10:00-09:00\nlunch\n25:00-26:00' })
      .expect(400);
    expect(refused.body.error.details.problems).toEqual([
      { line: 1, message: 'Line 1 (“10:00-09:00”): the end (09:00) must be after the start (10:00).' },
      { line: 2, message: 'Line 2 (“lunch”): write the times as 09:45-10:30, then a label if you like.' },
      { line: 3, message: 'Line 3 (“25:00-26:00”): times must be on a 24-hour clock, such as 09:45 or 14:30.' },
    ]);
    expect(t.services.events.board(b.eventId).slots).toHaveLength(5);
  });

  test('a list that would pass the event’s limit is refused whole', async () => {
    const lines = Array.from({ length: 99 }, (_, i) => `Room ${i}`).join('\n');
    const res = await request(t.app).post(api('/rooms/list')).set(bearer(b.adminToken)).send({ lines }).expect(409);
    expect(res.body.error.message).toBe('An event can have at most 100 rooms (it has 2).');
    expect(t.services.events.board(b.eventId).rooms).toHaveLength(2);
  });
});

describe('deleting a room or slot can be undone', () => {
  test('the notice after deleting offers Undo, which puts the room back in its place with its sessions', async () => {
    const organiser = await organiserAgent(t.app, b);
    await request(t.app)
      .put(api(`/sessions/${b.sessions[1]}/placement`))
      .set(bearer(b.adminToken))
      .send({ roomId: b.rooms[0], slotId: b.slots[1] })
      .expect(200);
    const deleted = await (await formsOf(organiser, admin())).post(admin(`/rooms/${b.rooms[0]}/delete`)).expect(303);
    expect(t.services.events.board(b.eventId).sessions.every((s) => s.roomId === null)).toBe(true);
    const page = (await organiser.get(deleted.headers.location!).expect(200)).text;
    expect(page).toContain('Room deleted. 2 sessions it held were moved back to unscheduled, none deleted.');
    const undo = /action="([^"]+\/undo)"/.exec(page)?.[1];
    expect(undo).toBeDefined();

    // Meanwhile one of them was given another cell: the undo leaves it there.
    await request(t.app)
      .put(api(`/sessions/${b.sessions[1]}/placement`))
      .set(bearer(b.adminToken))
      .send({ roomId: b.rooms[1], slotId: b.slots[1] })
      .expect(200);
    const res = await (await formsOf(organiser, admin())).post(undo!).expect(303);
    expect(res.headers.location).toBe(admin('?notice=deletion-undone&n=1'));
    const board = t.services.events.board(b.eventId);
    expect(board.rooms.map((r) => [r.id, r.name, r.capacity, r.position])).toEqual([
      [b.rooms[0], 'Main Hall', 120, 0],
      [b.rooms[1], 'Library', null, 1],
    ]);
    expect(board.sessions.find((s) => s.id === b.sessions[0])).toMatchObject({ roomId: b.rooms[0], slotId: b.slots[0] });
    expect(board.sessions.find((s) => s.id === b.sessions[1])).toMatchObject({ roomId: b.rooms[1], slotId: b.slots[1] });
    expect(await historyOf(organiser)).toEqual(
      expect.arrayContaining([
        'Organiser: Undid deleting the room “Main Hall”; 1 session back in place, 1 left where it was moved since.',
        'Organiser: Deleted the room “Main Hall”; 2 sessions went back to unscheduled. (undone)',
      ]),
    );
    // Once undone, it cannot be undone again, and the notice no longer offers it.
    await (await formsOf(organiser, admin())).post(undo!).expect(409);
    expect((await organiser.get(deleted.headers.location!).expect(200)).text).not.toContain('/undo"');
  });

  test('a deleted slot comes back too, over the API', async () => {
    const deleted = await request(t.app)
      .delete(api(`/slots/${b.slots[0]}`))
      .set(bearer(b.adminToken))
      .expect(200);
    const undone = await request(t.app)
      .post(api(`/activity/${deleted.body.value.undoId}/undo`))
      .set(bearer(b.adminToken))
      .expect(200);
    expect(undone.body.value).toMatchObject({ placed: 1, skipped: 0 });
    expect(t.services.sessions.get(b.eventId, b.sessions[0])).toMatchObject({ roomId: b.rooms[0], slotId: b.slots[0] });
    const activity = (await request(t.app).get(api('/activity')).set(bearer(b.adminToken)).expect(200)).body.activity;
    expect(activity[0]).toMatchObject({ action: 'undo', actor: 'Organiser', undoable: false });
    expect(activity[1]).toMatchObject({ action: 'delete-slot', undone: true, undoable: false });
  });

  test('only organisers may undo, and only deletions of this event', async () => {
    const deleted = await request(t.app)
      .delete(api(`/rooms/${b.rooms[1]}`))
      .set(bearer(b.adminToken))
      .expect(200);
    await request(t.app)
      .post(api(`/activity/${deleted.body.value.undoId}/undo`))
      .expect(403);
    const other = await createEvent(t.app);
    await request(t.app)
      .post(`/api/events/${other.eventId}/activity/${deleted.body.value.undoId}/undo`)
      .set(bearer(other.adminToken))
      .expect(404);
  });
});

describe('time zones', () => {
  test('an event gets the zone chosen at creation, or the server’s; an unknown zone is refused with a message', async () => {
    const chosen = await request(t.app)
      .post('/api/events')
      .send({ name: 'Tokyo camp', date: '2026-06-20', timeZone: 'asia/tokyo' })
      .expect(201);
    expect(chosen.body.event.timeZone).toBe('Asia/Tokyo');
    const home = await (
      await formsOf(t.app)
    )
      .post('/events', { name: 'Camp', date: '2026-06-20', timeZone: 'Mars/Olympus_Mons' })
      .expect(400);
    expect(home.text).toContain('“Mars/Olympus_Mons” is not a time zone. Choose one such as Europe/London.');
    expect((await request(t.app).get('/').expect(200)).text).toContain(`<option selected>${t.services.events.defaultTimeZone()}</option>`);
  });

  test('the first paint of the board and the wall puts "now" on the venue’s clock, not the server’s', async () => {
    const at = buildApp({ clock: fixedClock('2026-06-20T01:15:00.000Z'), timeZone: 'UTC' });
    try {
      const s = at.services;
      const { event } = s.events.create({ name: 'Tokyo', date: '2026-06-20', venue: '', timeZone: 'Asia/Tokyo' });
      const hall = s.grid.addRoom(event.id, { name: 'Hall', capacity: null }).value.id;
      const slot = s.grid.addSlot(event.id, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
      const id = s.sessions.pitch(event.id, { title: 'On in Tokyo', notes: '', pitcher: 'Ann' }).value.id;
      s.sessions.place(event.id, id, { roomId: hall, slotId: slot });
      // 01:15 UTC is 10:15 in Tokyo: the session is on now.
      const board = (await request(at.app).get(`/e/${event.id}`).expect(200)).text;
      expect(board.slice(board.indexOf('id="when-now"'), board.indexOf('</section>', board.indexOf('id="when-now"')))).toContain(
        'On in Tokyo',
      );
      const wall = (await request(at.app).get(`/e/${event.id}/wall`).expect(200)).text;
      expect(wall).toContain('<time data-wall-clock>10:15</time>');
      expect(wall).toContain('data-time-zone="Asia/Tokyo"');
    } finally {
      await at.close();
    }
  });

  test('the organiser changes the zone and the listing; the history says so', async () => {
    const organiser = await organiserAgent(t.app, b);
    await (
      await formsOf(organiser, admin())
    )
      .post(admin('/event'), { name: 'LocalGovCamp 2026', date: '2026-06-20', venue: 'Town Hall', timeZone: 'Europe/Paris', listed: 'on' })
      .expect(303);
    expect(t.services.events.get(b.eventId)).toMatchObject({ timeZone: 'Europe/Paris', listed: true });
    expect((await request(t.app).get('/').expect(200)).text).toContain('LocalGovCamp 2026');
    // Unticked, the box sends nothing: the event is unlisted again.
    await (
      await formsOf(organiser, admin())
    )
      .post(admin('/event'), { name: 'LocalGovCamp 2026', date: '2026-06-20', venue: 'Town Hall' })
      .expect(303);
    expect(t.services.events.get(b.eventId)).toMatchObject({ timeZone: 'Europe/Paris', listed: false });
    expect((await historyOf(organiser)).slice(0, 2)).toEqual([
      'Organiser: Took it off the home page.',
      'Organiser: Set the time zone to Europe/Paris, listed it on the home page.',
    ]);
  });
});

describe('inviting people', () => {
  test('the board, the organiser page and the wall show the board’s link as a QR code, with an invite to copy', async () => {
    const organiser = await organiserAgent(t.app, b);
    for (const url of [`/e/${b.eventId}`, admin(), `/e/${b.eventId}/wall`]) {
      const html = (await organiser.get(url).expect(200)).text;
      expect([url, /<svg class="qr" [^>]*role="img" aria-label="QR code for http:\/\/127\.0\.0\.1:\d+\/e\/[\w-]+"/.test(html)]).toEqual([
        url,
        true,
      ]);
    }
    const board = (await organiser.get(`/e/${b.eventId}`).expect(200)).text;
    expect(board).toMatch(/Join us at LocalGovCamp 2026 \(2026-06-20 at Town Hall\)\. See what&#39;s on, pitch a session/);
    expect(board).toContain(`href="/e/${b.eventId}/poster"`);
  });

  test('the poster is a page of its own for A4, with the QR code and the address', async () => {
    const html = (await request(t.app).get(`/e/${b.eventId}/poster`).expect(200)).text;
    expect(html).toContain('<link rel="stylesheet" href="/static/poster.css">');
    expect(html).toMatch(/<div class="poster-qr"><svg class="qr"/);
    expect(html).toMatch(/<p class="poster-url">http:\/\/127\.0\.0\.1:\d+\/e\/[\w-]+<\/p>/);
    const css = (await request(t.app).get('/static/poster.css').expect(200)).text;
    expect(css).toContain('size: A4 portrait;');
  });
});

describe('favicon', () => {
  test('every page names the icon, and /favicon.ico leads to it', async () => {
    expect((await request(t.app).get('/').expect(200)).text).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
    expect((await request(t.app).get(`/e/${b.eventId}/wall`).expect(200)).text).toContain('href="/static/favicon.svg"');
    await request(t.app).get('/favicon.ico').expect(301).expect('Location', '/static/favicon.svg');
    await request(t.app).get('/static/favicon.svg').expect(200).expect('Content-Type', /svg/);
  });
});
