/**
 * The grid as CSV: export (GET /e/:eventId/grid.csv), import through the admin form and the JSON
 * API, all or nothing with row-numbered problems, organisers only, broadcast live.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import type { Board } from '../../server/domain/types';
import { CSV_COLUMNS } from '../../server/services/grid-csv';
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
  seedBoard,
  type CreatedEvent,
  type TestApp,
} from '../helpers/app';
import { harness, joinBoard, once, record, type Harness } from './realtime.helpers';

let t: TestApp;

beforeEach(() => {
  t = buildApp({ rateLimits: 'off' });
});

afterEach(async () => {
  expect(t.loggedErrors).toEqual([]);
  await t.close();
});

const exportCsv = async (eventId: string): Promise<string> => {
  const res = await request(t.app)
    .get(`/e/${eventId}/grid.csv`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (chunk: Buffer) => chunks.push(chunk));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    })
    .expect(200);
  return res.body as string;
};

const importCsv = (ev: CreatedEvent, csv: string) =>
  request(t.app).post(`/api/events/${ev.eventId}/grid.csv`).set(bearer(ev.adminToken)).set('Content-Type', 'text/csv').send(csv);

/** The grid as a person sees it: rooms and slots in order, who is in each cell, what waits unscheduled. */
function gridOf(board: Board) {
  const rooms = [...board.rooms].sort((a, b) => a.position - b.position);
  const slots = [...board.slots].sort((a, b) => a.position - b.position);
  const describe = (s: Board['sessions'][number]) => ({ title: s.title, notes: s.notes, pitcher: s.pitcher, cohosts: s.cohosts });
  return {
    rooms: rooms.map((r) => ({ name: r.name, capacity: r.capacity })),
    slots: slots.map((s) => ({ label: s.label, startsAt: s.startsAt, endsAt: s.endsAt })),
    cells: slots.map((slot) =>
      rooms.map((room) => {
        const s = board.sessions.find((x) => x.roomId === room.id && x.slotId === slot.id);
        return s ? describe(s) : null;
      }),
    ),
    unscheduled: board.sessions.filter((s) => s.roomId === null).map(describe),
  };
}

/** A board with everything a CSV must carry: labels, capacities, empty cells, co-hosts, awkward text. */
async function richEvent(): Promise<CreatedEvent> {
  const ev = await seedBoard(t.app);
  const garden = await addRoom(t.app, ev, 'Garden, “outside”', 30);
  const late = await addSlot(t.app, ev, '16:00', '17:30', 'Wrap-up');
  const tricky = await pitchSession(
    t.app,
    ev.eventId,
    '=HYPERLINK("http://evil.example")',
    '@mallory',
    'Line one,\nline two; "quoted" — ünïcode 🎉',
  );
  await placeSession(t.app, ev, tricky, garden, late);
  const pair = [
    await pitchSession(t.app, ev.eventId, 'Open data', 'Zoë', 'Bring\nlaptops'),
    await pitchSession(t.app, ev.eventId, 'Open data again', 'Sam'),
  ] as const;
  t.services.facilitation.merge(ev.eventId, { sessionIds: [...pair], primaryId: pair[0] });
  return ev;
}

describe('GET /e/:eventId/grid.csv', () => {
  test('is UTF-8 CSV with a BOM and CRLF line ends, named after the event, with formula cells escaped', async () => {
    const ev = await richEvent();
    const res = await request(t.app).get(`/e/${ev.eventId}/grid.csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=localgovcamp-2026-grid.csv');

    const text = await exportCsv(ev.eventId);
    expect(text.startsWith('\uFEFFStatus,Slot,Date,Start,End,Room,Capacity,Title,Notes,Pitcher,Co-hosts,Interest\r\n')).toBe(true);
    const rows: string[][] = parseCsv(text, { bom: true });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const tricky = rows.find((r) => r[7]?.includes('HYPERLINK'));
    expect(tricky).toEqual([
      'scheduled',
      'Wrap-up',
      '2026-06-20',
      '16:00',
      '17:30',
      'Garden, “outside”',
      '30',
      '\'=HYPERLINK("http://evil.example")',
      'Line one,\nline two; "quoted" — ünïcode 🎉',
      "'@mallory",
      '',
      '0',
    ]);
    expect(rows.filter((r) => r[0] === 'empty')).toHaveLength(3 * 3 - 2);
    // Merged notes hold line breaks but no comma or quote: the cell is quoted all the same.
    const notes = 'Bring\nlaptops\n\nFrom “Open data again” by Sam:';
    expect(rows.find((r) => r[7] === 'Open data')?.slice(8, 11)).toEqual([notes, 'Zoë', 'Sam']);
    expect(text).toContain(`,"${notes}",Zoë,`);
  });

  test('counts interest', async () => {
    const ev = await seedBoard(t.app);
    await request(t.app).put(`/api/events/${ev.eventId}/sessions/${ev.sessions[0]}/interest`).expect(200);
    const rows: string[][] = parseCsv(await exportCsv(ev.eventId), { bom: true });
    expect(rows.find((r) => r[7] === 'Sharing code between councils')?.[11]).toBe('1');
  });
});

describe('CSV import', () => {
  test('export → import into a fresh event gives the same grid, and exporting that gives the same file', async () => {
    const source = await richEvent();
    const csv = await exportCsv(source.eventId);
    const target = await createEvent(t.app, { name: 'LocalGovCamp 2026' });

    const res = await importCsv(target, csv).expect(200);

    expect(res.body.value).toEqual({ roomsAdded: 3, slotsAdded: 3, sessionsAdded: 5, scheduled: 2 });
    expect(gridOf(t.services.events.board(target.eventId))).toEqual(gridOf(t.services.events.board(source.eventId)));
    expect(await exportCsv(target.eventId)).toBe(csv);
  });

  test('reads the minimal columns in any case and order, matching the rooms and slots the event already has', async () => {
    const ev = await seedBoard(t.app);
    const csv = [
      'TITLE,end time, room ,Start',
      'Maps for everyone,10:45,main hall,10:00',
      'Garden chat,12:45,Garden,12:00',
      'Waiting list,,,',
    ].join('\n');

    // Main Hall × Session 1 holds a session: take the free Library cell in that slot instead.
    await importCsv(ev, csv.replace('main hall', 'library')).expect(200);

    const board = t.services.events.board(ev.eventId);
    expect(board.rooms.map((r) => r.name)).toEqual(['Main Hall', 'Library', 'Garden']);
    expect(board.slots.map((s) => `${s.label}|${s.startsAt}`)).toEqual(['Session 1|10:00', '|11:00', '|12:00']);
    const maps = board.sessions.find((s) => s.title === 'Maps for everyone');
    expect([maps?.roomId, maps?.slotId, maps?.pitcher]).toEqual([ev.rooms[1], ev.slots[0], 'Organisers']);
    expect(board.sessions.find((s) => s.title === 'Waiting list')?.roomId).toBeNull();
  });

  test('reads ;-separated files, as spreadsheets in many locales save them', async () => {
    const ev = await createEvent(t.app);
    await importCsv(ev, 'Room;Start;End;Title\r\nSaal 1;9:00;9:45;Offene Daten, offen gedacht\r\n').expect(200);
    expect(t.services.events.board(ev.eventId).sessions.map((s) => s.title)).toEqual(['Offene Daten, offen gedacht']);
  });

  const bad: [string, string, string[]][] = [
    [
      'an end before its start',
      'Room,Start,End,Title\nA,10:00,10:45,Fine\nB,11:00,10:00,Backwards',
      ['Row 3: end time 10:00 is not after the start time 11:00.'],
    ],
    [
      'a missing column',
      'Room,Start,Title\nA,10:00,x',
      ['Row 1: the header must name the columns Room, Start, End and Title; missing: End.'],
    ],
    [
      'two sessions in one cell',
      'Room,Start,End,Title\nA,10:00,10:45,First\na,10:00,10:45,Second',
      ['Row 3: “Second” cannot go in A at Session 1 10:00–10:45: that cell is already given to “First” on row 2.'],
    ],
    [
      'a cell the board already fills',
      'Slot,Room,Start,End,Title\nSession 1,Main Hall,10:00,10:45,Squatter',
      [
        'Row 2: “Squatter” cannot go in Main Hall at Session 1 10:00–10:45: that cell already holds “Sharing code between councils” on the board.',
      ],
    ],
    [
      'two capacities for one new room',
      'Room,Capacity,Start,End,Title\nAttic,10,10:00,10:45,x\nAttic,12,11:00,11:45,y',
      ['Row 3: room “Attic” has capacity 12 here but 10 on row 2.'],
    ],
    [
      'a bad time and a title with no room, both listed',
      'Room,Start,End,Title\nA,9h,10:00,x\n,,,ok\n,10:00,11:00,y',
      [
        'Row 2: start time “9h” is not a 24-hour time such as 09:30.',
        'Row 4: “y” has a time but no room: give both to schedule it, or neither to leave it unscheduled.',
      ],
    ],
    ['a header and no rows', 'Room,Start,End,Title\n\n', ['Row 2: the file has a header but no rows to import.']],
  ];

  test.each(bad)('refuses %s with row-numbered problems, changing nothing', async (_name, csv, problems) => {
    const ev = await seedBoard(t.app);
    const before = await getBoard(t.app, ev.eventId);

    const res = await importCsv(ev, csv).expect(400);

    expect(res.body.error.code).toBe('invalid_payload');
    expect(res.body.error.message).toBe(`Nothing was imported. ${problems.join(' ')}`);
    expect(res.body.error.details.problems.map((p: { message: string }) => p.message)).toEqual(problems);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });

  test.each([
    ['an empty file', '', 'Nothing was imported: the file is empty.'],
    ['a quote never closed', 'Room,Start,End,Title\nA,10:00,10:45,"unclosed\n', 'Nothing was imported: the file is not valid CSV'],
  ])('refuses %s, changing nothing', async (_name, csv, message) => {
    const ev = await seedBoard(t.app);
    const before = await getBoard(t.app, ev.eventId);
    const res = await importCsv(ev, csv).expect(400);
    expect(res.body.error.message).toContain(message);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });

  test('a file that would pass 100 rooms is refused at the row of the 101st', async () => {
    const ev = await createEvent(t.app);
    const rows = Array.from({ length: 101 }, (_, i) => `Room ${i + 1},,,`);
    const res = await importCsv(ev, ['Room,Start,End,Title', ...rows].join('\n')).expect(400);
    expect(res.body.error.details.problems).toEqual([
      { row: 102, message: 'Row 102: room “Room 101” would be room 101; an event can have at most 100.' },
    ]);
    expect(t.services.events.board(ev.eventId).rooms).toEqual([]);
  });

  test('a body over 2 MB is refused as too large', async () => {
    const ev = await createEvent(t.app);
    const res = await importCsv(ev, `Room,Start,End,Title\n${'A,,,x\n'.repeat(400_000)}`).expect(400);
    expect(res.body.error.message).toBe('That request is too large.');
  });

  test('only the organiser may import: no token, a facilitator, or a wrong token are refused', async () => {
    const ev = await seedBoard(t.app);
    const facilitatorToken = t.services.facilitation.newFacilitatorToken(ev.eventId);
    const before = await getBoard(t.app, ev.eventId);
    const csv = 'Room,Start,End,Title\nNew,09:00,09:30,Sneaky';

    await request(t.app).post(`/api/events/${ev.eventId}/grid.csv`).set(bearer('not-the-token')).type('text/csv').send(csv).expect(403);
    await request(t.app).post(`/api/events/${ev.eventId}/grid.csv`).set(bearer(facilitatorToken)).type('text/csv').send(csv).expect(403);
    // Without a Bearer token the API takes JSON only (its CSRF defence), so a cookie alone cannot send CSV.
    const organiser = await organiserAgent(t.app, ev);
    await organiser.post(`/api/events/${ev.eventId}/grid.csv`).type('text/csv').send(csv).expect(415);
    const visitor = await formsOf(t.app, `/e/${ev.eventId}`);
    await visitor.upload(`/e/${ev.eventId}/admin/import.csv`).attach('file', Buffer.from(csv), 'grid.csv').expect(403);

    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });

  test('the API asks for a text/csv body', async () => {
    const ev = await createEvent(t.app);
    const res = await request(t.app).post(`/api/events/${ev.eventId}/grid.csv`).set(bearer(ev.adminToken)).send({ rows: [] }).expect(400);
    expect(res.body.error.message).toBe('Send the CSV file as the request body with Content-Type: text/csv.');
  });
});

describe('the admin page import form', () => {
  test('imports an uploaded file and says how many sessions it added', async () => {
    const ev = await createEvent(t.app);
    const organiser = await organiserAgent(t.app, ev);
    const forms = await formsOf(organiser, `/e/${ev.eventId}/admin`);

    const res = await forms
      .upload(`/e/${ev.eventId}/admin/import.csv`)
      .attach('file', Buffer.from('\uFEFFRoom,Start,End,Title\nHall,10:00,10:45,Keynote\n,,,Later'), {
        filename: 'grid.csv',
        contentType: 'text/csv',
      })
      .expect(303);

    expect(res.headers.location).toBe(`/e/${ev.eventId}/admin?notice=csv-imported&n=2`);
    const page = await organiser.get(res.headers.location as string).expect(200);
    expect(page.text).toContain('Imported from CSV: 2 sessions added');
    expect(t.services.events.board(ev.eventId).sessions.map((s) => s.title)).toEqual(['Keynote', 'Later']);
  });

  test('shows every problem by row on the admin page and imports nothing', async () => {
    const ev = await createEvent(t.app);
    const organiser = await organiserAgent(t.app, ev);
    const forms = await formsOf(organiser, `/e/${ev.eventId}/admin`);
    const csv = 'Room,Start,End,Title\nA,11:00,10:00,x\nB,10:00,,y\nC,10:00,10:30,<script>alert(1)</script>\nC,10:00,10:30,dup';

    const res = await forms.upload(`/e/${ev.eventId}/admin/import.csv`).attach('file', Buffer.from(csv), 'grid.csv').expect(400);

    expect(res.text).toContain('Nothing was imported: 3 problems');
    expect(res.text).toContain('Row 2: end time 10:00 is not after the start time 11:00.');
    expect(res.text).toContain('Row 3: a time slot needs both a start and an end time (got “10:00” only).');
    expect(res.text).toContain(
      'Row 5: “dup” cannot go in C at 10:00–10:30: that cell is already given to “&lt;script&gt;alert(1)&lt;/script&gt;” on row 4.',
    );
    expect(res.text).not.toContain('<script>alert(1)');
    expect(t.services.events.board(ev.eventId).rooms).toEqual([]);
  });

  test('a missing file and a file over 2 MB are refused on the admin page', async () => {
    const ev = await createEvent(t.app);
    const organiser = await organiserAgent(t.app, ev);
    const forms = await formsOf(organiser, `/e/${ev.eventId}/admin`);

    const none = await forms.upload(`/e/${ev.eventId}/admin/import.csv`).field('other', 'x').expect(400);
    expect(none.text).toContain('Nothing was imported: choose a .csv file first.');
    const huge = Buffer.alloc(2 * 1024 * 1024 + 1, 'a');
    const big = await forms.upload(`/e/${ev.eventId}/admin/import.csv`).attach('file', huge, 'big.csv').expect(400);
    expect(big.text).toContain('Nothing was imported: the file is larger than 2 MB.');
  });
});

describe('live', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('an import reaches every viewer as one board:state with the new grid and version', async () => {
    const live = await h.start();
    const { event, adminToken } = live.services.events.create({ name: 'Camp', date: '2026-06-20', venue: '' });
    const { socket, joined } = await joinBoard(h, live, event.id);
    const seen = record(socket);
    const state = once(socket, 'board:state');

    const res = await request(live.url)
      .post(`/api/events/${event.id}/grid.csv`)
      .set(bearer(adminToken))
      .type('text/csv')
      .send('Room,Start,End,Title\nHall,10:00,10:45,Keynote\nAttic,10:00,10:45,Quiet corner')
      .expect(200);

    const board = await state;
    expect(board.event.version).toBe(joined.board.event.version + 1);
    expect(res.body.version).toBe(board.event.version);
    expect(board.rooms.map((r) => r.name)).toEqual(['Hall', 'Attic']);
    expect(board.sessions.map((s) => s.title)).toEqual(['Keynote', 'Quiet corner']);
    expect(seen.filter((e) => e.event === 'board:state')).toHaveLength(1);
    expect(live.loggedErrors).toEqual([]);
  });
});

describe('GET /e/:eventId/print', () => {
  test('renders the grid server-side with every user string escaped and no scripts', async () => {
    const ev = await seedBoard(t.app);
    const evil = await pitchSession(t.app, ev.eventId, '<script>alert(1)</script> & friends', '<b>Mallory</b>');
    await placeSession(t.app, ev, evil, ev.rooms[1], ev.slots[1]);

    const res = await request(t.app).get(`/e/${ev.eventId}/print`).expect(200);

    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).not.toMatch(/<script/i);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends');
    expect(res.text).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
    expect(res.text).toContain('<link rel="stylesheet" href="/static/print.css">');
    expect(res.text).toContain('Not scheduled yet (2)');
    expect(res.text.match(/<tr>/g)).toHaveLength(3);
  });

  test('says when the grid is not set up, and 404s for an unknown event', async () => {
    const ev = await createEvent(t.app);
    expect((await request(t.app).get(`/e/${ev.eventId}/print`).expect(200)).text).toContain('The grid is not set up yet: it has no rooms.');
    await request(t.app).get('/e/nope/print').expect(404);
  });
});
