import request from 'supertest';
import { openDatabase } from '../../server/persistence/database';
import { createServer } from '../../server/server';
import type { Services } from '../../server/services';
import type { CollaborationReport } from '../../server/services/report.types';
import { buildApp, fixedClock, type TestApp, appPerTest } from '../helpers/app';
import { dom } from '../helpers/html';

/** Builds events through the services (listed on the home page unless told): each test gets its own instance. */
function eventWith(services: Services, name: string, date: string, pitches: [title: string, pitcher: string][], listed = true) {
  const { event } = services.events.create({ name, date, venue: '', listed });
  const room = (n: string) => services.grid.addRoom(event.id, { name: n, capacity: null }).value.id;
  const rooms = [room('Hall'), room('Library')];
  const slots = ['10:00', '11:00', '12:00'].map(
    (at) => services.grid.addSlot(event.id, { label: '', startsAt: at, endsAt: at.replace(':00', ':45') }).value.id,
  );
  const ids = pitches.map(([title, pitcher]) => services.sessions.pitch(event.id, { title, notes: '', pitcher }).value.id);
  return { eventId: event.id, ids, rooms, slots };
}

const reportOf = async (t: TestApp, eventId: string): Promise<CollaborationReport> =>
  (await request(t.app).get(`/api/events/${eventId}/report`).expect(200)).body as CollaborationReport;

describe('what became of each overlap', () => {
  let t: TestApp;

  appPerTest((app) => {
    t = app;
  });

  /** Three overlapping pairs, decided: the code pair merged, the burnout pair linked, the accessibility pair dismissed. */
  const decidedCamp = (lastTitle: string) => {
    const { eventId, ids } = eventWith(t.services, 'Camp', '2026-06-20', [
      ['Sharing code between councils', 'Priya'],
      ['Councils sharing code', 'Tom'],
      ['Burnout in digital teams', 'Chris'],
      ['Avoiding burnout in teams', 'Jo'],
      ['Accessible PDFs', 'Sam'],
      [lastTitle, 'Ruth'],
    ]);
    const [code1, code2, burn1, burn2, pdf1, pdf2] = ids as [string, string, string, string, string, string];
    t.services.facilitation.merge(eventId, { sessionIds: [code1, code2], primaryId: code1 });
    t.services.facilitation.link(eventId, { sessionIds: [burn1, burn2] });
    t.services.facilitation.dismiss(eventId, { sessionIds: [pdf1, pdf2] });
    return { eventId, code1, code2, burn1, burn2, pdf1, pdf2 };
  };

  test('merged, linked and dismissed groups come from the decisions, and an undone decision is gone', async () => {
    const { eventId, code1, burn1, burn2, pdf1, pdf2 } = decidedCamp('Accessible documents');

    const body = await reportOf(t, eventId);
    expect(body.overlaps.merged).toEqual([expect.objectContaining({ mergedInto: { id: code1, title: 'Sharing code between councils' } })]);
    expect(body.overlaps.merged[0]?.sessions.map((s) => s.title)).toEqual(['Sharing code between councils', 'Councils sharing code']);
    expect(body.overlaps.linked[0]?.sessions.map((s) => s.id)).toEqual([burn1, burn2]);
    expect(body.overlaps.dismissed[0]?.sessions.map((s) => s.id)).toEqual([pdf1, pdf2]);
    expect(body.map.lines).toContainEqual({ from: burn1, to: burn2, kind: 'linked' });

    const [latest] = t.services.facilitation.history(eventId);
    t.services.facilitation.undo(eventId, { entryId: latest?.id as number });
    expect((await reportOf(t, eventId)).overlaps.dismissed).toEqual([]);
  });

  test('people who should talk are the hosts of linked or suggested sessions, never of merged or dismissed ones', async () => {
    const { eventId } = decidedCamp('Accessible PDFs and documents');

    const people = (await reportOf(t, eventId)).people.map((p) => p.people);
    expect(people).toContainEqual(['Chris', 'Jo']);
    expect(people).not.toContainEqual(['Priya', 'Tom']);
    expect(people).not.toContainEqual(['Ruth', 'Sam']);
  });

  test('the report page escapes what people typed', async () => {
    const { eventId } = eventWith(t.services, 'Camp <b>', '2026-06-20', [['<script>alert(1)</script> councils', 'Mallory <img src=x>']]);
    const page = await request(t.app).get(`/e/${eventId}/report`).expect(200);
    expect(dom(page.text)('script').text()).not.toContain('alert(1)');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; councils');
    expect(dom(page.text)('img[src="x"]')).toHaveLength(0);
    expect(page.text).toContain('Camp &lt;b&gt;');
  });
});

describe('a report with little to go on', () => {
  test('an event with no sessions yet has an empty report and page', async () => {
    const t = buildApp();
    try {
      const { eventId } = eventWith(t.services, 'Empty camp', '2026-06-20', []);
      const body = await reportOf(t, eventId);
      expect(body).toMatchObject({ themes: [], unthemed: [], people: [], note: null, map: { points: [], lines: [] } });
      expect((await request(t.app).get(`/e/${eventId}/report`).expect(200)).text).toContain('No sessions yet.');
    } finally {
      await t.close();
    }
  });

  test('without the sentence encoder, themes come from words alone and the report says so', async () => {
    const db = openDatabase(':memory:');
    const server = createServer({ db, logger: { info: () => undefined, error: () => undefined }, clock: fixedClock(), encoder: 'none' });
    try {
      const { eventId } = eventWith(server.services, 'Camp', '2026-06-20', [
        ['Sharing code between councils', 'Priya'],
        ['Councils sharing code', 'Tom'],
      ]);
      const body = (await request(server.app).get(`/api/events/${eventId}/report`).expect(200)).body as CollaborationReport;
      expect(body.counts).toEqual({ sessions: 2, themed: 2, embedded: 0 });
      expect(body.note).toMatch(/words of the pitches alone/);
    } finally {
      await server.close();
      db.close();
    }
  });
});

describe('recurring themes across the events of an instance', () => {
  let t: TestApp;

  appPerTest((app) => {
    t = app;
  });

  const codeSharing: [string, string][] = [
    ['Why can councils not share code?', 'Priya'],
    ['Sharing code between councils', 'Tom'],
  ];

  test('a theme pitched at earlier events is counted, with the sessions that carried it', async () => {
    eventWith(t.services, 'Camp 2023', '2023-06-20', [...codeSharing, ['Parking permits', 'Al']]);
    eventWith(t.services, 'Camp 2024', '2024-06-20', [
      ['Digital inclusion in rural areas', 'Bea'],
      ['Hiring developers', 'Cy'],
    ]);
    eventWith(t.services, 'Camp 2025', '2025-06-20', [
      ['Open source code for councils', 'Di'],
      ['Agile and governance', 'Ed'],
    ]);
    const now = eventWith(t.services, 'Camp 2026', '2026-06-20', [...codeSharing, ['Councils sharing open source code', 'Flo']]);

    const { recurring } = await reportOf(t, now.eventId);
    expect(recurring.earlierEvents.map((e) => e.name)).toEqual(['Camp 2025', 'Camp 2024', 'Camp 2023']);
    expect(recurring.themes).toHaveLength(1);
    expect(recurring.themes[0]).toMatchObject({ count: 3, of: 4 });
    expect(recurring.themes[0]?.at.map((at) => [at.name, at.sessions.map((s) => s.title)])).toEqual([
      ['Camp 2025', ['Open source code for councils']],
      ['Camp 2023', ['Why can councils not share code?', 'Sharing code between councils']],
    ]);
    const page = await request(t.app).get(`/e/${now.eventId}/report`).expect(200);
    expect(page.text).toContain('pitched at 3 of the last 4 events');
  });

  test('only the three events before this one count, never later ones', async () => {
    eventWith(t.services, 'Camp 2022', '2022-06-20', codeSharing);
    for (const year of [2023, 2024, 2025]) eventWith(t.services, `Camp ${year}`, `${year}-06-20`, [['Hiring developers', 'Cy']]);
    eventWith(t.services, 'Camp 2027', '2027-06-20', codeSharing);
    const now = eventWith(t.services, 'Camp 2026', '2026-06-20', codeSharing);

    const { recurring } = await reportOf(t, now.eventId);
    expect(recurring.earlierEvents.map((e) => e.name)).toEqual(['Camp 2025', 'Camp 2024', 'Camp 2023']);
    expect(recurring.themes).toEqual([]);
  });

  test('an unlisted event is private: no other event’s report names it or quotes its sessions', async () => {
    eventWith(t.services, 'Council-only day', '2025-06-20', codeSharing, false);
    eventWith(t.services, 'Camp 2024', '2024-06-20', codeSharing);
    const now = eventWith(t.services, 'Camp 2026', '2026-06-20', codeSharing);

    const { recurring } = await reportOf(t, now.eventId);
    expect(recurring.earlierEvents.map((e) => e.name)).toEqual(['Camp 2024']);
    const page = await request(t.app).get(`/e/${now.eventId}/report`).expect(200);
    expect(page.text).not.toContain('Council-only day');
  });
});
