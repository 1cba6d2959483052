import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DomainError } from '../../server/domain/errors';
import type { Db } from '../../server/persistence/database';
import { EventExport, PitchChoiceInput } from '../../server/protocol/schemas';
import { seedDemoEvent } from '../../server/services/demo';
import { bearer, buildApp, fixedClock, formsOf, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';

const DEMO_FILE = join(__dirname, '../../data/demo-event.json');
const demoText = readFileSync(DEMO_FILE, 'utf8');
const demo = (): EventExport => EventExport.parse(JSON.parse(demoText));

const opened: TestApp[] = [];
const open = (options: Parameters<typeof buildApp>[0] = {}): TestApp => {
  const app = buildApp(options);
  opened.push(app);
  return app;
};

afterEach(async () => {
  const apps = opened.splice(0);
  await Promise.all(apps.map((app) => app.close()));
  expect(apps.flatMap((app) => app.loggedErrors)).toEqual([]);
});

/** Rows in every table, to prove a refused import wrote nothing at all. */
const rowCounts = (db: Db) =>
  Object.fromEntries(
    ['events', 'rooms', 'slots', 'sessions', 'interests'].map((table) => [
      table,
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    ]),
  );

const exportVia = async (t: TestApp, eventId: string, token: string): Promise<EventExport> =>
  (await request(t.app).get(`/api/events/${eventId}/export`).set(bearer(token)).expect(200)).body as EventExport;

/**
 * A lived-in event: reordered rooms, a renamed slot, edited text, interest from two browsers,
 * sessions placed, moved and unscheduled, each change a minute apart.
 */
async function livedInEvent(t: TestApp): Promise<SeededBoard> {
  const b = await seedBoard(t.app);
  const auth = bearer(b.adminToken);
  const minute = () => t.clock.advance(60_000);
  minute();
  await request(t.app).put(`/api/events/${b.eventId}/rooms/${b.rooms[1]}/position`).set(auth).send({ position: 0 }).expect(200);
  await request(t.app)
    .patch(`/api/events/${b.eventId}/slots/${b.slots[1]}`)
    .set(auth)
    .send({ label: 'After coffee', startsAt: '11:15', endsAt: '12:00' })
    .expect(200);
  minute();
  await request(t.app)
    .patch(`/api/events/${b.eventId}/sessions/${b.sessions[1]}`)
    .set(auth)
    .send({ title: 'User research, “for free”', notes: 'Line one\nLine two <b>', pitcher: 'Aisha' })
    .expect(200);
  minute();
  await request(t.app)
    .put(`/api/events/${b.eventId}/sessions/${b.sessions[1]}/placement`)
    .set(auth)
    .send({ roomId: b.rooms[1], slotId: b.slots[1] })
    .expect(200);
  minute();
  await request(t.app)
    .put(`/api/events/${b.eventId}/sessions/${b.sessions[2]}/placement`)
    .set(auth)
    .send({ roomId: b.rooms[0], slotId: b.slots[1] })
    .expect(200);
  await request(t.app).delete(`/api/events/${b.eventId}/sessions/${b.sessions[2]}/placement`).set(auth).send({}).expect(200);
  const alice = request.agent(t.app);
  const bob = request.agent(t.app);
  await alice.put(`/api/events/${b.eventId}/sessions/${b.sessions[0]}/interest`).expect(200);
  await bob.put(`/api/events/${b.eventId}/sessions/${b.sessions[0]}/interest`).expect(200);
  await bob.put(`/api/events/${b.eventId}/sessions/${b.sessions[1]}/interest`).expect(200);
  minute();
  await request(t.app).post(`/api/events/${b.eventId}/sessions`).send({ title: 'Late pitch', pitcher: 'Sam' }).expect(201);
  // The schedule assistant's planning: a pin, a hands count, the pitcher's availability and a pair rule.
  const plan = t.services.schedule;
  plan.pin(b.eventId, b.sessions[0], true);
  plan.setHands(b.eventId, b.sessions[1], 40);
  plan.setAvailability(b.eventId, b.sessions[2], 'only the morning');
  plan.addRule(b.eventId, 'back-to-back', b.sessions[1], b.sessions[0]);
  return b;
}

/**
 * Replaces every id, wherever it appears (cells, merges, decisions, history snapshots, deleted rooms),
 * with its role and index, and leaves out the event's name: two exports compared "modulo ids".
 */
function withoutIds(data: EventExport): unknown {
  const names = new Map<string, string>([[data.event.id, 'event']]);
  data.rooms.forEach((r, i) => names.set(r.id, `room#${i}`));
  data.slots.forEach((s, i) => names.set(s.id, `slot#${i}`));
  data.sessions.forEach((s, i) => names.set(s.id, `session#${i}`));
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return names.get(value) ?? value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const { name: _name, ...event } = data.event;
  return walk({ ...data, event });
}

const idsOf = (data: EventExport): string[] => [
  data.event.id,
  ...data.rooms.map((r) => r.id),
  ...data.slots.map((s) => s.id),
  ...data.sessions.map((s) => s.id),
];

describe('export then import into a fresh database', () => {
  test('exports byte-for-byte the same file again', async () => {
    const source = open();
    const b = await livedInEvent(source);
    const first = await exportVia(source, b.eventId, b.adminToken);
    expect(first.sessions.some((s) => s.interestedBrowsers.length === 2)).toBe(true);
    expect(first.sessions.map(({ pinned, hands, availability }) => ({ pinned, hands, availability }))).toEqual([
      { pinned: true, hands: undefined, availability: undefined },
      { pinned: undefined, hands: 40, availability: undefined },
      { pinned: undefined, hands: undefined, availability: 'only the morning' },
      { pinned: undefined, hands: undefined, availability: undefined },
    ]);
    expect(first.pairRules).toEqual([{ kind: 'back-to-back', a: b.sessions[1], b: b.sessions[0] }]);

    const target = open({ idPrefix: 'other' });
    const imported = await request(target.app).post('/api/events/import').send(first).expect(201);
    expect(imported.body).toMatchObject({ keptIds: true, event: { id: b.eventId } });
    const second = await exportVia(target, b.eventId, imported.body.adminToken as string);

    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  test('the organiser’s export.json download is identical byte for byte after a round trip through the page import', async () => {
    const source = open();
    const b = await livedInEvent(source);
    const sourceOrganiser = request.agent(source.app);
    await sourceOrganiser.get(`/e/${b.eventId}/admin`).query({ key: b.adminToken }).expect(303);
    const file = (await sourceOrganiser.get(`/e/${b.eventId}/export.json`).expect(200)).text;

    const target = open();
    const targetOrganiser = request.agent(target.app);
    await (await formsOf(targetOrganiser)).upload('/events/import').attach('file', Buffer.from(file), 'export.json').expect(201);
    const again = (await targetOrganiser.get(`/e/${b.eventId}/export.json`).expect(200)).text;

    expect(again).toBe(file);
  });

  test('the imported board matches the original apart from versions', async () => {
    const source = open();
    const b = await livedInEvent(source);
    const target = open();
    target.services.transfer.import(source.services.transfer.export(b.eventId));
    const strip = (board: ReturnType<typeof source.services.events.board>) => ({
      ...board,
      event: { ...board.event, version: 0 },
      sessions: board.sessions.map((s) => ({ ...s, version: 0 })),
    });
    expect(strip(target.services.events.board(b.eventId))).toEqual(strip(source.services.events.board(b.eventId)));
  });
});

describe('import into the same database', () => {
  test('becomes a copy with fresh ids and the same content, leaving the original untouched', async () => {
    const t = open();
    const b = await livedInEvent(t);
    const original = await exportVia(t, b.eventId, b.adminToken);

    const res = await request(t.app).post('/api/events/import').send(original).expect(201);
    expect(res.body.keptIds).toBe(false);
    expect(res.body.event.id).not.toBe(b.eventId);
    const copy = await exportVia(t, res.body.event.id as string, res.body.adminToken as string);

    const originalIds = new Set(idsOf(original));
    expect(idsOf(copy).filter((id) => originalIds.has(id))).toEqual([]);
    expect(copy.event.name).toBe('LocalGovCamp 2026 (copy)');
    expect(withoutIds(copy)).toEqual(withoutIds(original));
    expect(await exportVia(t, b.eventId, b.adminToken)).toEqual(original);
    // The copy has its own organiser token: the original's does not open it.
    await request(t.app).get(`/api/events/${res.body.event.id}/export`).set(bearer(b.adminToken)).expect(403);
  });

  test('one taken id is enough to make the whole import a consistent copy', async () => {
    const t = open();
    const b = await seedBoard(t.app);
    const file = demo();
    // An unscheduled pitch whose id another event already uses; nothing in the file refers to it.
    file.sessions[12]!.id = b.sessions[1];
    const imported = t.services.transfer.import(file);
    expect(imported.keptIds).toBe(false);
    const copy = t.services.transfer.export(imported.event.id);
    expect(idsOf(copy).filter((id) => idsOf(file).includes(id))).toEqual([]);
    expect(copy.event).toMatchObject({ name: 'LocalGovCamp Demo (copy)', timeZone: t.services.events.defaultTimeZone() });
    expect(withoutIds(copy)).toEqual(withoutIds({ ...file, event: { ...file.event, timeZone: copy.event.timeZone } }));
  });
});

/** The file with one facilitation history entry (number 1, undoing nothing, made when the event was). */
const withHistory = (f: EventExport, action: string, summary: string, payload: object, undoes: number | null = null) => ({
  ...f,
  history: [{ id: 1, action, summary, payload, undoes, undoneBy: null, createdAt: f.event.createdAt }],
});

/** A waiting co-host request for the session, as a file holds it. */
const cohostRequest = (sessionId: string) => ({
  sessionId,
  name: 'Ana',
  title: 'Mine is the same',
  notes: '',
  browser: 'a'.repeat(64),
  status: 'pending',
  answeredBy: null,
  createdAt: '2026-11-29T09:00:00.000Z',
  answeredAt: null,
});

describe('invalid files', () => {
  const broken: [string, (file: EventExport) => unknown, RegExp][] = [
    ['the wrong format', (f) => ({ ...f, format: 'trello.board' }), /not an Unsilo event export/],
    ['an unsupported version', (f) => ({ ...f, version: 3 }), /Only versions 1 and 2/],
    ['an unknown time zone', (f) => ({ ...f, event: { ...f.event, timeZone: 'Mars/Olympus_Mons' } }), /not a time zone/],
    [
      'a session merged into one that is not in the file',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 12 ? { ...s, mergedInto: 'gone' } : s)) }),
      /merged into a session that is not in the file/,
    ],
    [
      'two sessions merged into each other',
      (f) => ({
        ...f,
        sessions: f.sessions.map((s, i) =>
          i === 11 ? { ...s, mergedInto: f.sessions[12]!.id } : i === 12 ? { ...s, mergedInto: f.sessions[11]!.id } : s,
        ),
      }),
      /merged into itself/,
    ],
    [
      'a merged session still in a cell',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 0 ? { ...s, mergedInto: f.sessions[12]!.id } : s)) }),
      /cannot have a room and slot/,
    ],
    [
      'a decision about a session not in the file',
      (f) => ({ ...f, decisions: [{ sessions: [f.sessions[0]!.id, 'gone'], kind: 'dismissed', createdAt: f.event.createdAt }] }),
      /decision names a session that is not in the file/,
    ],
    [
      'a history entry undoing one not in the file',
      (f) => withHistory(f, 'undo', 'Undid', { undone: 9 }, 9),
      /undoes an entry that is not in the file/,
    ],
    [
      'a history snapshot of a session not in the file',
      (f) =>
        withHistory(f, 'merge', 'Merged', {
          sessions: [
            {
              row: {
                id: 'gone',
                title: 'x',
                notes: '',
                pitcher: 'x',
                room_id: null,
                slot_id: null,
                version: 1,
                created_at: 'x',
                updated_at: 'x',
                cohosts: '[]',
                merged_into: null,
              },
              interests: [],
            },
          ],
          decisions: [],
        }),
      /names a session that is not in the file/,
    ],
    [
      'a merge whose payload is an applied schedule’s',
      (f) => withHistory(f, 'merge', 'Merged', { placements: [{ id: f.sessions[0]!.id, before: null, after: null, version: 1 }] }),
      /A merge in the history must keep the sessions it merged/,
    ],
    [
      'a dismissal in the history about a session not in the file',
      (f) => withHistory(f, 'dismiss', 'Dismissed', { decisions: [{ pair: [f.sessions[0]!.id, 'gone'], kind: null }] }),
      /decides about a session that is not in the file/,
    ],
    [
      'one "apart" rule given twice, once each way round',
      (f) => ({
        ...f,
        pairRules: [
          { kind: 'apart', a: f.sessions[0]!.id, b: f.sessions[1]!.id },
          { kind: 'apart', a: f.sessions[1]!.id, b: f.sessions[0]!.id },
        ],
      }),
      /same pair rule is in the file twice/,
    ],
    [
      'a co-host request for a session not in the file',
      (f) => ({ ...f, cohostRequests: [{ ...cohostRequest(f.sessions[0]!.id), sessionId: 'not-there' }] }),
      /co-host request names a session that is not in the file/,
    ],
    [
      'one browser asking to co-host one session twice',
      (f) => ({ ...f, cohostRequests: [cohostRequest(f.sessions[0]!.id), cohostRequest(f.sessions[0]!.id)] }),
      /asks to co-host the same session twice/,
    ],
    [
      'an accepted co-host request that says nobody answered it',
      (f) => ({ ...f, cohostRequests: [{ ...cohostRequest(f.sessions[0]!.id), status: 'accepted' }] }),
      /either waiting \(no answer\) or answered/,
    ],
    [
      'a moderation entry of a note not in the file',
      (f) => ({
        ...f,
        moderation: [{ sessionId: f.sessions[0]!.id, action: 'hide-note', title: 'x', createdAt: f.event.createdAt, noteId: 7 }],
      }),
      /names a note that is not in the file/,
    ],
    ['duplicate ids', (f) => ({ ...f, sessions: [...f.sessions, { ...f.sessions[12]!, title: 'Clone' }] }), /used twice/],
    [
      'a room id reused as a session id',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 12 ? { ...s, id: f.rooms[0]!.id } : s)) }),
      /used twice/,
    ],
    [
      'two sessions in one cell',
      (f) => ({
        ...f,
        sessions: f.sessions.map((s, i) => (i === 1 ? { ...s, roomId: f.sessions[0]!.roomId, slotId: f.sessions[0]!.slotId } : s)),
      }),
      /share one room and slot/,
    ],
    [
      'a session placed in a missing room',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 0 ? { ...s, roomId: 'no-such-room' } : s)) }),
      /not in the file/,
    ],
    [
      'a session with a room but no slot',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 0 ? { ...s, slotId: null } : s)) }),
      /room without a slot/,
    ],
    ['an impossible event date', (f) => ({ ...f, event: { ...f.event, date: '2026-02-30' } }), /not a real calendar date/],
    [
      'an overlong session title',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 0 ? { ...s, title: 't'.repeat(121) } : s)) }),
      /at most 120/,
    ],
    [
      'a slot that ends before it starts',
      (f) => ({ ...f, slots: f.slots.map((s, i) => (i === 0 ? { ...s, endsAt: '09:00' } : s)) }),
      /End time must be after/,
    ],
    [
      'a malformed interest key',
      (f) => ({ ...f, sessions: f.sessions.map((s, i) => (i === 0 ? { ...s, interestedBrowsers: ['raw-cookie'] } : s)) }),
      /./,
    ],
  ];

  test.each(broken)('a file with %s is refused with invalid_payload and creates nothing', async (_, breakIt, message) => {
    const t = open();
    await seedBoard(t.app);
    const before = rowCounts(t.db);
    const res = await request(t.app)
      .post('/api/events/import')
      .send(breakIt(demo()) as object);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_payload');
    expect(res.body.error.message).toMatch(message);
    expect(rowCounts(t.db)).toEqual(before);
  });

  test('the service refuses an inconsistent file before writing anything, even on an empty database', () => {
    const t = open();
    const file = demo();
    file.sessions[1] = { ...file.sessions[1]!, roomId: file.sessions[0]!.roomId, slotId: file.sessions[0]!.slotId };
    expect(() => t.services.transfer.import(file)).toThrow(DomainError);
    expect(rowCounts(t.db)).toEqual({ events: 0, rooms: 0, slots: 0, sessions: 0, interests: 0 });
  });
});

describe('the demo event', () => {
  test('data/demo-event.json is a valid export that imports cleanly and exports back unchanged', () => {
    const t = open();
    const file = demo();
    expect(file.sessions.length).toBeGreaterThanOrEqual(12);
    const imported = t.services.transfer.import(file);
    expect(imported.keptIds).toBe(true);
    const board = t.services.events.board(imported.event.id);
    expect(board.rooms.length).toBeGreaterThan(1);
    expect(board.slots.length).toBeGreaterThan(1);
    expect(board.sessions.filter((s) => s.roomId === null).length).toBeGreaterThan(0);
    expect(board.sessions.filter((s) => s.roomId !== null).length).toBeGreaterThan(0);
    // The demo names no time zone: it follows the server's, like the sessions dated today.
    const expected = JSON.parse(demoText) as EventExport;
    expect(t.services.transfer.export(imported.event.id)).toEqual({
      ...expected,
      event: { ...expected.event, timeZone: t.services.events.defaultTimeZone() },
    });
    expect(imported.event.listed).toBe(true);
  });

  test('the demo file also imports through the page form', async () => {
    const t = open();
    const res = await (await formsOf(t.app)).upload('/events/import').attach('file', DEMO_FILE).expect(201);
    expect(res.text).toContain('LocalGovCamp Demo');
  });

  test('seedDemoEvent() creates the demo, dated today, only when the database is empty', () => {
    const t = open();
    const seeded = seedDemoEvent(t.services, demo(), '2026-11-29');
    expect(seeded).not.toBeNull();
    expect(seeded!.event).toMatchObject({ name: 'LocalGovCamp Demo', date: '2026-11-29' });
    expect(t.services.events.isOrganiser(seeded!.event.id, seeded!.adminToken)).toBe(true);
    const after = rowCounts(t.db);
    expect(after.sessions).toBe(demo().sessions.length);

    expect(seedDemoEvent(t.services, demo(), '2026-11-30')).toBeNull();
    expect(rowCounts(t.db)).toEqual(after);
  });

  test('seedDemoEvent() leaves a database that already has an event alone', async () => {
    const t = open();
    await seedBoard(t.app);
    const before = rowCounts(t.db);
    expect(seedDemoEvent(t.services, demo(), '2026-11-29')).toBeNull();
    expect(rowCounts(t.db)).toEqual(before);
  });
});

test('an import refuses a pair rule naming a session not in the file, writing nothing', async () => {
  const t = open();
  const data = demo();
  const [first] = data.sessions;
  const bad = { ...data, pairRules: [{ kind: 'apart' as const, a: first!.id, b: 'nowhere' }] };
  const res = await request(t.app).post('/api/events/import').send(bad).expect(400);
  expect(res.body.error.message).toBe('A pair rule names a session that is not in the file, or the same session twice.');
  expect(() => t.services.events.get(data.event.id)).toThrow(DomainError);
});

/**
 * Everything an event can hold: a time zone and listing, co-organiser activity, a room deleted (and
 * one deleted and put back), a merge, a link, a dismissal and an undo, a hidden pitch and a
 * withdrawn one (with its pitcher), notes with one hidden, and interest.
 */
async function everythingEvent(t: TestApp) {
  const b = await livedInEvent(t);
  const auth = bearer(b.adminToken);
  const api = (path: string) => `/api/events/${b.eventId}${path}`;
  const minute = () => t.clock.advance(60_000);
  await request(t.app)
    .patch(api(''))
    .set(auth)
    .send({ name: 'LocalGovCamp 2026', date: '2026-06-20', timeZone: 'Asia/Tokyo', listed: true })
    .expect(200);
  const sam = (await request(t.app).post(api('/organiser-links')).set(auth).send({ name: 'Sam' }).expect(201)).body.adminToken as string;
  minute();
  const [attic] = (await request(t.app).post(api('/rooms/list')).set(bearer(sam)).send({ lines: 'Attic, 12\nCellar' }).expect(201)).body
    .value as { id: string }[];
  const pitcher = request.agent(t.app);
  const own = (await pitcher.post(api('/sessions')).send({ title: 'Mapping the attic', pitcher: 'Jo' }).expect(201)).body.value
    .id as string;
  await request(t.app)
    .put(api(`/sessions/${own}/placement`))
    .set(bearer(sam))
    .send({ roomId: attic!.id, slotId: b.slots[0] })
    .expect(200);
  const deleted = (
    await request(t.app)
      .delete(api(`/rooms/${attic!.id}`))
      .set(bearer(sam))
      .expect(200)
  ).body.value.undoId as number;
  await request(t.app)
    .post(api(`/activity/${deleted}/undo`))
    .set(auth)
    .expect(200);
  const library = b.rooms[1];
  await request(t.app)
    .delete(api(`/rooms/${library}`))
    .set(auth)
    .expect(200);
  minute();
  const s = t.services;
  const [code, research, ai] = b.sessions;
  const late = (await request(t.app).post(api('/sessions')).send({ title: 'Sharing more code', pitcher: 'Kim' }).expect(201)).body.value
    .id as string;
  // Planning of a session merged away comes back with it on undo, in the copy too.
  s.schedule.setHands(b.eventId, late, 12);
  s.schedule.setAvailability(b.eventId, late, 'not before 11:00');
  s.schedule.pin(b.eventId, late, true);
  await request(t.app)
    .post(api('/merges'))
    .set(auth)
    .send({ sessionIds: [code, late], primaryId: code })
    .expect(201);
  await request(t.app)
    .post(api('/links'))
    .set(auth)
    .send({ sessionIds: [research, ai] })
    .expect(201);
  const dismissed = (
    await request(t.app)
      .post(api('/dismissals'))
      .set(auth)
      .send({ sessionIds: [code, research] })
      .expect(201)
  ).body;
  expect(dismissed.value).toHaveLength(2);
  const linkEntry = s.facilitation.history(b.eventId).find((h) => h.action === 'link')!;
  await request(t.app)
    .post(api(`/history/${linkEntry.id}/undo`))
    .set(auth)
    .expect(201);
  minute();
  const spam = (await request(t.app).post(api('/sessions')).send({ title: 'Buy watches', pitcher: 'Spam' }).expect(201)).body.value
    .id as string;
  await request(t.app)
    .delete(api(`/sessions/${spam}`))
    .set(auth)
    .expect(200);
  await pitcher.delete(api(`/sessions/${own}`)).expect(200);
  const notes = api(`/sessions/${code}/notes`);
  await request(t.app).post(notes).send({ author: 'Ann', body: 'Slides: https://example.org' }).expect(201);
  const bad = (await request(t.app).post(notes).send({ author: 'Spam', body: 'Buy now' }).expect(201)).body.value.id as number;
  await request(t.app)
    .delete(api(`/notes/${bad}`))
    .set(auth)
    .expect(200);
  // "Join that one instead": one request waits, one was accepted by a facilitator.
  const join = (browser: string, pitcher: string) =>
    s.pitches.submit(b.eventId, PitchChoiceInput.parse({ title: 'Research on no budget', pitcher, choice: `join:${research}` }), browser);
  await join('browser-of-ana', 'Ana');
  const accepted = await join('browser-of-ben', 'Ben');
  if (accepted.kind !== 'asked') throw new Error('the join was not asked');
  s.pitches.answer(b.eventId, research, accepted.request.id, true, 'facilitator');
  return { ...b, sam, code, late, research, ai, own, spam };
}

describe('a lossless round trip (format version 2)', () => {
  test('export → import → export gives an equal event, apart from its name and ids, and every part of it is there', async () => {
    const t = open();
    const e = await everythingEvent(t);
    const first = t.services.transfer.export(e.eventId);
    expect(first.version).toBe(2);
    expect(first.event).toMatchObject({ timeZone: 'Asia/Tokyo', listed: true });
    expect(first.decisions.map((d) => d.kind).sort()).toEqual(['dismissed', 'merged']);
    expect(first.history.map((h) => h.action)).toEqual(['merge', 'link', 'dismiss', 'undo']);
    expect(first.moderation.map((m) => m.action)).toEqual(['hide', 'withdraw', 'hide-note']);
    expect(first.cohostRequests?.map((r) => [r.name, r.status, r.answeredBy]).sort()).toEqual([
      ['Ana', 'pending', null],
      ['Ben', 'accepted', 'facilitator'],
    ]);
    expect(first.activity.map((a) => a.actor)).toContain('Sam');
    expect(first.activity.find((a) => a.action === 'delete-room' && a.undoneBy === null)?.payload).toMatchObject({
      room: { name: 'Library' },
    });
    expect(first.sessions.find((s) => s.id === e.late)).toMatchObject({
      mergedInto: e.code,
      pinned: true,
      hands: 12,
      availability: 'not before 11:00',
    });
    expect(first.sessions.find((s) => s.id === e.spam)?.hidden).toMatchObject({ reason: 'hidden' });
    expect(first.sessions.find((s) => s.id === e.own)).toMatchObject({
      hidden: { reason: 'withdrawn' },
      ownerKey: expect.stringMatching(/^[a-f0-9]{64}$/),
    });
    // Credentials never leave: no token, no browser cookie, no link hash.
    const text = JSON.stringify(first);
    expect(text).not.toContain(e.adminToken);
    expect(text).not.toContain(e.sam);
    for (const row of t.db.prepare('SELECT token_hash FROM organiser_links').all() as { token_hash: string }[])
      expect(text).not.toContain(row.token_hash);

    const copy = t.services.transfer.import(first);
    expect(copy.keptIds).toBe(false);
    const second = t.services.transfer.export(copy.event.id);
    expect(second.event.name).toBe('LocalGovCamp 2026 (copy)');
    expect(withoutIds(second)).toEqual(withoutIds(first));
  });

  test('the copy works like the original: its dismissal holds, its merge and its deleted room can be undone', async () => {
    const t = open();
    const e = await everythingEvent(t);
    const { event } = t.services.transfer.import(t.services.transfer.export(e.eventId));
    const file = t.services.transfer.export(event.id);
    const idOf = (original: string) =>
      file.sessions[t.services.transfer.export(e.eventId).sessions.findIndex((s) => s.id === original)]!.id;
    const [code, research] = [idOf(e.code), idOf(e.research)];
    // Ana's request still waits for the copy's host or a facilitator.
    expect(t.services.pitches.requests(research).map((r) => [r.name, r.title])).toEqual([['Ana', 'Research on no budget']]);
    // The dismissed pair is a decision of the copy too, so the detector never suggests it again there.
    expect(file.decisions).toContainEqual(expect.objectContaining({ sessions: [code, research], kind: 'dismissed' }));
    const merge = t.services.facilitation.history(event.id).find((h) => h.action === 'merge')!;
    expect(merge.undoable).toBe(true);
    t.services.facilitation.undo(event.id, { entryId: merge.id });
    const restored = t.services.events.board(event.id).sessions.find((s) => s.title === 'Sharing more code')!;
    expect(t.services.schedule.planning(event.id).sessions.find((p) => p.sessionId === restored.id)).toMatchObject({
      pinned: true,
      hands: 12,
      availability: 'not before 11:00',
    });
    const deletion = t.services.activity.latest(event.id).find((a) => a.action === 'delete-room' && a.undoable)!;
    expect(t.services.grid.undoDeletion(event.id, deletion.id).value.placed).toBe(1);
    const board = t.services.events.board(event.id);
    const libraryRoom = board.rooms.find((r) => r.name === 'Library')!;
    expect(board.sessions.find((s) => s.roomId === libraryRoom.id)?.title).toBe('User research, “for free”');
  });

  test('into a fresh database the ids are kept and the file comes back byte for byte', async () => {
    const source = open();
    const e = await everythingEvent(source);
    const first = source.services.transfer.export(e.eventId);
    const target = open({ idPrefix: 'other' });
    expect(target.services.transfer.import(first).keptIds).toBe(true);
    expect(JSON.stringify(target.services.transfer.export(e.eventId))).toBe(JSON.stringify(first));
  });

  test('through HTTP into a fresh database, merges and all, the file comes back byte for byte', async () => {
    const source = open();
    const e = await everythingEvent(source);
    const first = await exportVia(source, e.eventId, e.adminToken);
    const merge = first.history.find((h) => h.action === 'merge');
    // A merge keeps only what its undo writes back: no event id, owner or moderation columns.
    expect(Object.keys(merge?.action === 'merge' ? merge.payload.sessions[0]!.row : {}).sort()).toEqual([
      'cohosts',
      'created_at',
      'id',
      'merged_into',
      'notes',
      'pitcher',
      'room_id',
      'slot_id',
      'title',
      'updated_at',
      'version',
    ]);
    const target = open({ idPrefix: 'other' });
    const imported = await request(target.app).post('/api/events/import').send(first).expect(201);
    expect(imported.body).toMatchObject({ keptIds: true });
    const second = await exportVia(target, e.eventId, imported.body.adminToken as string);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const entry = target.services.facilitation.history(e.eventId).find((h) => h.action === 'merge')!;
    target.services.facilitation.undo(e.eventId, { entryId: entry.id });
    expect(target.services.events.board(e.eventId).sessions.map((s) => s.title)).toContain('Sharing more code');
  });

  test('an "apart" rule written the other way round imports as the one rule the assistant would have made', () => {
    const t = open();
    const file = demo();
    const [a, b] = [file.sessions[0]!.id, file.sessions[1]!.id].sort();
    t.services.transfer.import({ ...file, pairRules: [{ kind: 'apart', a: b!, b: a! }] });
    expect(t.services.schedule.planning(file.event.id).rules).toMatchObject([{ kind: 'apart', a, b }]);
    expect(() => t.services.schedule.addRule(file.event.id, 'apart', a!, b!)).not.toThrow();
    expect(t.services.schedule.planning(file.event.id).rules).toHaveLength(1);
  });

  test('a version 1 file (made before version 2) still imports, and exports again as version 2 with the same content', () => {
    const t = open();
    const v1 = JSON.parse(readFileSync(join(__dirname, '../fixtures/exports/version-1.json'), 'utf8')) as Record<string, unknown>;
    expect(v1.version).toBe(1);
    const imported = t.services.transfer.import(EventExport.parse(v1));
    const again = t.services.transfer.export(imported.event.id);
    expect(again.version).toBe(2);
    expect(again.event).toMatchObject({ listed: false, timeZone: t.services.events.defaultTimeZone() });
    expect(again.sessions.map((s) => [s.id, s.title, s.roomId, s.slotId])).toEqual(
      (v1.sessions as EventExport['sessions']).map((s) => [s.id, s.title, s.roomId, s.slotId]),
    );
    expect(again.decisions).toEqual([]);
  });
});

test('the schedule assistant’s planning and an applied schedule travel with the event: the copy can still undo the schedule', async () => {
  // A week before the event: no slot has started, so the assistant may place into every one.
  const t = open({ clock: fixedClock('2026-06-13T09:00:00.000Z') });
  const b = await seedBoard(t.app);
  const { proposal, proposalId } = await t.services.schedule.propose(b.eventId, { moveExisting: false });
  expect(proposal.placements.filter((p) => p.changed).map((p) => p.sessionId)).toEqual([b.sessions[1], b.sessions[2]]);
  t.services.schedule.apply(b.eventId, proposalId);
  t.services.schedule.pin(b.eventId, b.sessions[0], true);
  t.services.schedule.setHands(b.eventId, b.sessions[1], 40);
  t.services.schedule.addRule(b.eventId, 'apart', b.sessions[1], b.sessions[2]);
  const file = t.services.transfer.export(b.eventId);
  expect(file.history.map((h) => h.action)).toEqual(['schedule']);
  expect(file.pairRules).toEqual([{ kind: 'apart', a: b.sessions[1], b: b.sessions[2] }]);

  const target = open();
  const imported = target.services.transfer.import(EventExport.parse(JSON.parse(JSON.stringify(file))));
  expect(imported.keptIds).toBe(true);
  expect(JSON.stringify(target.services.transfer.export(b.eventId))).toBe(JSON.stringify(file));
  const [entry] = target.services.facilitation.history(b.eventId);
  target.services.facilitation.undo(b.eventId, { entryId: entry!.id });
  const placed = target.services.events.board(b.eventId).sessions.filter((s) => s.roomId !== null);
  expect(placed.map((s) => s.id)).toEqual([b.sessions[0]]);
});
