import request, { type Response } from 'supertest';
import { dom, fragment, textsOf } from '../helpers/html';
import {
  buildApp,
  createEvent,
  eventsOf,
  formsOf,
  getBoard,
  organiserAgent,
  seedBoard,
  type SeededBoard,
  type TestApp,
  appPerTest,
} from '../helpers/app';

let t: TestApp;

appPerTest((app) => {
  t = app;
});

const cookiesOf = (res: Response): string[] => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];

/** The value attribute of the input with this id, as the browser would read it (entities decoded). */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  const raw = tag && /\bvalue="([^"]*)"/.exec(tag)?.[1];
  return raw?.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The text of the problem box a refused form shows. */
const problemOf = (html: string): string | undefined => /<div class="problem" role="alert">[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(html)?.[1];

const sessionTitles = async (eventId: string) =>
  ((await getBoard(t.app, eventId)) as { sessions: { title: string }[] }).sessions.map((s) => s.title);

describe('security headers', () => {
  test('every page carries helmet’s Content-Security-Policy and no X-Powered-By', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('plain HTTP on a venue network works: no upgrade to HTTPS, and same-origin posts keep their Origin', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });
});

describe('static files', () => {
  test('the stylesheet the pages link to is served', async () => {
    await request(t.app).get('/static/styles.css').expect(200).expect('Content-Type', /css/);
  });
});

describe('GET /', () => {
  test('shows the create form, the import form and the listed events on this instance, never the unlisted ones', async () => {
    await createEvent(t.app, { name: 'LocalGovCamp North', listed: true });
    await createEvent(t.app, { name: 'Private planning day' });
    const res = await request(t.app).get('/').expect(200).expect('Content-Type', /html/);
    expect(dom(res.text)('form[method="post"][action="/events"]')).toHaveLength(1);
    expect(res.text).toMatch(/action="\/events\/import\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    expect(res.text).toContain('LocalGovCamp North');
    expect(res.text).not.toContain('Private planning day');
    expect(dom(res.text)('title').text()).toBe('Plan your unconference · Unsilo');
  });

  test('an unknown address is a 404 page, not JSON', async () => {
    const res = await request(t.app).get('/no/such/page').expect(404).expect('Content-Type', /html/);
    expect(res.text).toContain('Not found');
  });
});

describe('POST /events', () => {
  test('creates the event, shows the private organiser link once and signs this browser in', async () => {
    const res = await (await formsOf(t.app)).post('/events', { name: 'UKGovCamp', date: '2026-01-17', venue: 'Westminster' });
    expect(res.status).toBe(201);
    const [event] = eventsOf(t);
    expect(event).toMatchObject({ name: 'UKGovCamp', date: '2026-01-17', venue: 'Westminster' });
    expect(res.text).toContain('Your event is ready');
    expect(res.text).toMatch(new RegExp(`/e/${event!.id}/admin\\?key=[A-Za-z0-9_-]{40,}`));
    expect(cookiesOf(res).some((c) => c.startsWith(`unsilo_org_${event!.id}=`) && /HttpOnly/.test(c))).toBe(true);
  });

  test('the link shown on the page opens the organiser pages', async () => {
    const res = await (await formsOf(t.app)).post('/events', { name: 'UKGovCamp', date: '2026-01-17' });
    const href = /https?:\/\/[^/]+(\/e\/[^"<\s]+\/admin\?key=[^"<\s]+)<\/textarea>/.exec(res.text)?.[1];
    expect(href).toBeDefined();
    const agent = request.agent(t.app);
    await agent.get(href!).expect(303);
    await agent.get(`/e/${eventsOf(t)[0]!.id}/admin`).expect(200);
  });

  test.each([
    ['a missing name', { name: '', date: '2026-01-17', venue: 'Hall' }, 'Event name is required.'],
    ['an impossible date', { name: 'UKGovCamp', date: '2026-02-30', venue: 'Hall' }, 'Date is not a real calendar date.'],
    ['an overlong name', { name: 'n'.repeat(121), date: '2026-01-17', venue: 'Hall' }, 'Event name must be at most 120 characters.'],
  ])('re-renders the form for %s with the message and what was typed, creating nothing', async (_, form, message) => {
    const res = await (await formsOf(t.app)).post('/events', form).expect(400);
    expect(problemOf(res.text)).toContain(message);
    expect(dom(res.text)('span.field-error').length).toBeGreaterThan(0);
    expect(inputValue(res.text, 'name')).toBe(form.name);
    expect(inputValue(res.text, 'date')).toBe(form.date);
    expect(inputValue(res.text, 'venue')).toBe('Hall');
    expect(eventsOf(t)).toEqual([]);
  });
});

describe('POST /events/import', () => {
  const exportOf = async (b: SeededBoard) =>
    (await request(t.app).get(`/api/events/${b.eventId}/export`).set('Authorization', `Bearer ${b.adminToken}`)).text;

  test('imports an uploaded export file, signs the browser in and says a copy was made when the ids were taken', async () => {
    const b = await seedBoard(t.app);
    const res = await (await formsOf(t.app)).upload('/events/import').attach('file', Buffer.from(await exportOf(b)), 'event.json');
    expect(res.status).toBe(201);
    expect(res.text).toContain('Event imported');
    expect(res.text).toContain('saved as a copy with new ids');
    const copy = eventsOf(t).find((e) => e.id !== b.eventId)!;
    expect(await sessionTitles(copy.id)).toEqual(await sessionTitles(b.eventId));
    expect(cookiesOf(res).some((c) => c.startsWith(`unsilo_org_${copy.id}=`))).toBe(true);
  });

  test.each([
    ['a file that is not JSON', Buffer.from('not json'), 'That file is not valid JSON.'],
    ['JSON that is not an export', Buffer.from('{"format":"other"}'), 'This is not an Unsilo event export'],
  ])('refuses %s with a message on the start page and creates nothing', async (_, file, message) => {
    const res = await (await formsOf(t.app)).upload('/events/import').attach('file', file, 'event.json').expect(400);
    expect(problemOf(res.text)).toContain(message);
    expect(eventsOf(t)).toEqual([]);
  });

  test('a file over 5 MB, or two files at once, is refused as bad input', async () => {
    const big = await (
      await formsOf(t.app)
    )
      .upload('/events/import')
      .attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 32), 'big.json')
      .expect(400);
    expect(big.text).toContain('Nothing was imported: the file is larger than 5 MB.');
    const two = await (
      await formsOf(t.app)
    )
      .upload('/events/import')
      .attach('file', Buffer.from('{}'), 'a.json')
      .attach('file', Buffer.from('{}'), 'b.json')
      .expect(400);
    expect(two.text).toContain('Nothing was imported: the upload could not be read');
    expect(eventsOf(t)).toEqual([]);
  });

  test('asks for a file when none was chosen', async () => {
    const res = await (await formsOf(t.app)).upload('/events/import').field('other', 'x').expect(400);
    expect(problemOf(res.text)).toContain('Choose an Unsilo export file');
  });

  test('a file under another field name is refused as bad input, not as a server error', async () => {
    const res = await (await formsOf(t.app)).upload('/events/import').attach('upload', Buffer.from('{}'), 'event.json');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Nothing was imported: the upload could not be read');
    expect(eventsOf(t)).toEqual([]);
  });
});

describe('public event pages', () => {
  let b: SeededBoard;
  beforeEach(async () => {
    b = await seedBoard(t.app);
  });

  test('GET /e/:id shows rooms across, slots down, the placed session in its cell and the unscheduled pitches', async () => {
    const res = await request(t.app).get(`/e/${b.eventId}`).expect(200);
    const html = res.text;
    expect(textsOf(html, 'h1')).toEqual(['LocalGovCamp 2026']);
    expect(html.indexOf('Main Hall')).toBeLessThan(html.indexOf('Library'));
    expect(html).toContain('120 seats');
    const $ = fragment(html);
    expect($(`td[data-room-id="${b.rooms[0]}"][data-slot-id="${b.slots[0]}"] .session-card h3`).text()).toBe(
      'Sharing code between councils',
    );
    expect($('aside.unscheduled h2').text()).toBe('Unscheduled (2)');
    const waiting = $('aside.unscheduled .session-card h3')
      .map((_i, h) => $(h).text())
      .get();
    expect(waiting).toEqual(['User research on a shoestring', 'Generative AI policies']);
    // Visitors see no organiser controls.
    expect(html).not.toContain('/place"');
    expect(html).not.toContain('>Organise<');
  });

  /** The links of the page's header and of the board's head, as "text → address". */
  const linksOf = (html: string) => {
    const $ = fragment(html);
    const read = (selector: string) =>
      $(selector)
        .map((_i, a) => `${$(a).text().trim()} → ${$(a).attr('href')}`)
        .get();
    return { header: read('header.site a'), head: read('.board-head a, p.exports a, details.share-panel summary') };
  };

  test('an attendee’s header lists the event, pitching and their agenda once, and the board no organisers’ links', async () => {
    const html = (await request(t.app).get(`/e/${b.eventId}`).expect(200)).text;
    const e = `/e/${b.eventId}`;
    expect(linksOf(html)).toEqual({
      header: ['Unsilo → /', `LocalGovCamp 2026 → ${e}`, `Pitch a session → ${e}/pitch`, `My agenda → ${e}/agenda`],
      head: [`Add to calendar (.ics) → ${e}/event.ics`, `Report → ${e}/report`],
    });
    expect(fragment(html)('header.site a[aria-current="page"]').text()).toBe('LocalGovCamp 2026');
  });

  test('organisers and facilitators also get the wall display, the printable grid, the CSV and the invite panel', async () => {
    const e = `/e/${b.eventId}`;
    const staff = [`Wall display → ${e}/wall`, `Add to calendar (.ics) → ${e}/event.ics`, `Report → ${e}/report`];
    const tools = [`Printable grid → ${e}/print`, `Grid as CSV → ${e}/grid.csv`, 'Invite people → undefined'];
    const organiser = await organiserAgent(t.app, b);
    expect(linksOf((await organiser.get(e).expect(200)).text).head).toEqual([`Organise → ${e}/admin`, ...staff, ...tools]);
    const facilitator = request.agent(t.app);
    await facilitator
      .get(`${e}/facilitate`)
      .query({ key: t.services.facilitation.newFacilitatorToken(b.eventId) })
      .expect(303);
    expect(linksOf((await facilitator.get(e).expect(200)).text).head).toEqual([...staff, ...tools]);
  });

  test('the board shows the organiser’s controls to the organiser', async () => {
    const agent = await organiserAgent(t.app, b);
    const html = (await agent.get(`/e/${b.eventId}`).expect(200)).text;
    expect(html).toContain(`class="button small place-link" href="/e/${b.eventId}/s/${b.sessions[1]}?from=board#schedule"`);
    expect(html).toContain(`action="/e/${b.eventId}/s/${b.sessions[0]}/unschedule"`);
    expect(html).toContain('>Organise<');
  });

  test('an unknown event is a 404 page and a malformed id a 400 page', async () => {
    expect((await request(t.app).get('/e/no-such-event').expect(404)).text).toContain('Not found');
    await request(t.app).get('/e/bad.id').expect(400);
    await request(t.app).get('/e/no-such-event/pitch').expect(404);
    await request(t.app).get(`/e/${b.eventId}/s/no-such-session`).expect(404);
  });

  test('GET /e/:id/s/:sid shows title, notes, pitcher, room and time, and the interest count', async () => {
    const html = (await request(t.app).get(`/e/${b.eventId}/s/${b.sessions[0]}`).expect(200)).text;
    expect(textsOf(html, 'h1')).toEqual(['Sharing code between councils']);
    expect(html).toContain('Why build the same thing 300 times?');
    expect(textsOf(html, 'dd')).toContain('Priya');
    expect(html).toContain('Main Hall, Session 1 (10:00–10:45)');
    expect(html).toContain('0 would go');
    expect(html).not.toContain('/edit"');
  });

  test('an unscheduled session says so', async () => {
    const html = (await request(t.app).get(`/e/${b.eventId}/s/${b.sessions[1]}`).expect(200)).text;
    expect(html).toContain('Not scheduled yet');
    expect(html).toContain('No notes.');
  });
});

describe('pitching', () => {
  let ev: { eventId: string; adminToken: string };
  beforeEach(async () => {
    ev = await createEvent(t.app);
  });

  test('GET /e/:id/pitch shows the pitch form', async () => {
    const html = (await request(t.app).get(`/e/${ev.eventId}/pitch`).expect(200)).text;
    expect(html).toContain(`action="/e/${ev.eventId}/pitch"`);
    expect(html).toContain('name="title"');
    expect(html).toContain('name="pitcher"');
  });

  test('a pitch lands in unscheduled and the pitcher is sent to its page with a thank-you', async () => {
    const res = await (
      await formsOf(t.app)
    )
      .post(`/e/${ev.eventId}/pitch`, { title: 'Open data: who uses it?', notes: 'Bring examples', pitcher: 'Sam' })
      .expect(303);
    const [session] = t.services.events.board(ev.eventId).sessions;
    expect(session).toMatchObject({ title: 'Open data: who uses it?', roomId: null, slotId: null });
    expect(res.headers.location).toBe(`/e/${ev.eventId}/s/${session!.id}?notice=pitched`);
    const page = await request(t.app).get(res.headers.location!).expect(200);
    expect(page.text).toContain('Your session is pitched');
  });

  test('the pitcher’s page shows the pitch and what happens next; a note, an edit and withdrawing are each one disclosure away', async () => {
    const pitcher = request.agent(t.app);
    const forms = await formsOf(pitcher);
    const res = await forms.post(`/e/${ev.eventId}/pitch`, { title: 'Open data: who uses it?', notes: '', pitcher: 'Sam' }).expect(303);
    const $ = dom((await pitcher.get(res.headers.location!).expect(200)).text);
    expect(
      $('h2')
        .map((_i, h) => $(h).text())
        .get(),
    ).toEqual(['What happens next', 'Notes from the session']);
    expect($('.next-steps li').first().text()).toContain('The organisers give it a room and a time on the board.');
    const disclosures = $('details.disclosure')
      .map((_i, d) => `${$(d).children('summary').text()}${$(d).attr('open') === undefined ? '' : ' (open)'}`)
      .get();
    expect(disclosures).toEqual(['Same conversation as…', 'Add a note', 'Edit your pitch', 'Withdraw your pitch']);
    expect($('details#edit form').attr('action')).toMatch(/\/edit$/);
    expect($('details#withdraw button').text()).toBe('Withdraw my pitch');
    // An empty co-host panel is not shown to the pitcher.
    expect($('#cohost-requests').length).toBe(0);

    // A refused edit opens its disclosure again with the message and what was typed.
    const path = new URL(res.headers.location!, 'http://x').pathname;
    const refused = dom((await forms.post(`${path}/edit`, { title: '', notes: 'More', pitcher: 'Sam' }).expect(400)).text);
    expect(refused('details#edit').attr('open')).toBe('open');
    expect(refused('details#edit textarea#notes').text()).toBe('More');
    expect(refused('details.add-note').attr('open')).toBeUndefined();
  });

  test('someone else’s view of a session keeps its sections as headings, with no pitcher’s disclosures', async () => {
    const { value } = t.services.sessions.pitch(ev.eventId, { title: 'Open data: who uses it?', notes: '', pitcher: 'Sam' });
    const $ = dom((await request(t.app).get(`/e/${ev.eventId}/s/${value.id}`).expect(200)).text);
    expect(
      $('h2')
        .map((_i, h) => $(h).text())
        .get(),
    ).toEqual(['Same conversation as…', 'Notes from the session']);
    expect($('details.disclosure').length).toBe(0);
    expect($('form.note-form').length).toBe(1);
  });

  test.each([
    ['a missing title', { title: '', notes: 'Some notes', pitcher: 'Sam' }, 'Title is required.'],
    ['a title of 121 characters', { title: 't'.repeat(121), notes: 'Some notes', pitcher: 'Sam' }, 'Title must be at most 120 characters.'],
    ['notes of 2,001 characters', { title: 'A title', notes: 'n'.repeat(2001), pitcher: 'Sam' }, 'Notes must be at most 2000 characters.'],
    ['a missing name', { title: 'A title', notes: 'Some notes', pitcher: '' }, 'Your name is required.'],
  ])('re-renders the form for %s with the message and what was typed, changing nothing', async (_, form, message) => {
    const before = await getBoard(t.app, ev.eventId);
    const res = await (await formsOf(t.app)).post(`/e/${ev.eventId}/pitch`, form).expect(400);
    expect(problemOf(res.text)).toContain(message);
    expect(res.text).toContain('class="field-error"');
    expect(inputValue(res.text, 'title')).toBe(form.title);
    expect(inputValue(res.text, 'pitcher')).toBe(form.pitcher);
    expect(res.text).toContain(`>${form.notes}</textarea>`);
    expect(await getBoard(t.app, ev.eventId)).toEqual(before);
  });

  test('user text is HTML-escaped on every page that shows it', async () => {
    const evil = '<script>alert(1)</script>';
    const res = await (
      await formsOf(t.app)
    ).post(`/e/${ev.eventId}/pitch`, { title: evil, notes: evil, pitcher: `"><img src=x onerror=alert(1)>` });
    const sessionPage = (await request(t.app).get(res.headers.location!).expect(200)).text;
    const boardPage = (await request(t.app).get(`/e/${ev.eventId}`).expect(200)).text;
    for (const html of [sessionPage, boardPage]) {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(dom(html)('script').text()).not.toContain('alert(1)');
      expect(dom(html)('img[src="x"]')).toHaveLength(0);
    }
  });

  test('an escaped title stays escaped when a refused form is shown again', async () => {
    const res = await (
      await formsOf(t.app)
    )
      .post(`/e/${ev.eventId}/pitch`, { title: '"><script>alert(1)</script>', pitcher: '' })
      .expect(400);
    expect(dom(res.text)('script').text()).not.toContain('alert(1)');
    expect(res.text).toContain('&lt;script&gt;');
  });
});

describe('interest form', () => {
  test('“I’d go” counts this browser once, shows on the card, and can be withdrawn', async () => {
    const b = await seedBoard(t.app);
    const browser = request.agent(t.app);
    const url = `/e/${b.eventId}/s/${b.sessions[1]}`;
    await browser.get(url).expect(200);
    const first = await (await formsOf(browser)).post(`${url}/interest`, {}).expect(303);
    expect(first.headers.location).toBe(`${url}?notice=interest-added`);
    await (await formsOf(browser)).post(`${url}/interest`, {}).expect(303);
    let page = (await browser.get(url).expect(200)).text;
    expect(page).toContain('1 would go');
    expect(page).toContain('You said you’d go.');
    expect((await request(t.app).get(`/e/${b.eventId}`)).text).toContain('1 would go');

    const fromBoard = await (await formsOf(browser)).post(`${url}/interest`, { action: 'withdraw', from: 'board' }).expect(303);
    expect(fromBoard.headers.location).toBe(`/e/${b.eventId}?notice=interest-removed`);
    page = (await browser.get(url).expect(200)).text;
    expect(page).toContain('0 would go');
    expect(page).not.toContain('You said you’d go.');
  });

  test('interest in an unknown session is a 404 page', async () => {
    const b = await seedBoard(t.app);
    await (await formsOf(t.app)).post(`/e/${b.eventId}/s/no-such-session/interest`, {}).expect(404);
  });
});

describe('the private organiser link', () => {
  test('GET /e/:id/admin?key= swaps the key for a cookie and redirects to the admin page', async () => {
    const ev = await createEvent(t.app);
    const res = await request(t.app).get(`/e/${ev.eventId}/admin`).query({ key: ev.adminToken }).expect(303);
    expect(res.headers.location).toBe(`/e/${ev.eventId}/admin?notice=organiser-ok`);
    const cookie = cookiesOf(res).find((c) => c.startsWith(`unsilo_org_${ev.eventId}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const agent = await organiserAgent(t.app, ev);
    const page = await agent.get(res.headers.location!).expect(200);
    expect(page.text).toContain('You are signed in as the organiser');
  });

  test('a wrong key is refused with 403 and sets no cookie', async () => {
    const ev = await createEvent(t.app);
    const res = await request(t.app).get(`/e/${ev.eventId}/admin`).query({ key: 'wrong' }).expect(403);
    expect(res.text).toContain('That organiser link is not valid');
    expect(cookiesOf(res).some((c) => c.startsWith('unsilo_org_'))).toBe(false);
  });

  test('the key of one event does not open another', async () => {
    const one = await createEvent(t.app, { name: 'One' });
    const two = await createEvent(t.app, { name: 'Two' });
    await request(t.app).get(`/e/${two.eventId}/admin`).query({ key: one.adminToken }).expect(403);
    const agent = await organiserAgent(t.app, one);
    await agent.get(`/e/${two.eventId}/admin`).expect(403);
  });
});

describe('organiser pages without the cookie', () => {
  test('every organiser page and form answers 403 and changes nothing', async () => {
    const b = await seedBoard(t.app);
    const e = `/e/${b.eventId}`;
    const posts: [string, Record<string, string>][] = [
      [`${e}/admin/event`, { name: 'Hijacked', date: '2026-01-01' }],
      [`${e}/admin/rooms`, { name: 'Annex' }],
      [`${e}/admin/rooms/${b.rooms[0]}`, { name: 'Renamed' }],
      [`${e}/admin/rooms/${b.rooms[0]}/move`, { position: '1' }],
      [`${e}/admin/rooms/${b.rooms[0]}/delete`, {}],
      [`${e}/admin/slots`, { startsAt: '14:00', endsAt: '15:00' }],
      [`${e}/admin/slots/${b.slots[0]}`, { startsAt: '08:00', endsAt: '09:00' }],
      [`${e}/admin/slots/${b.slots[0]}/move`, { position: '1' }],
      [`${e}/admin/slots/${b.slots[0]}/delete`, {}],
      [`${e}/s/${b.sessions[0]}/edit`, { title: 'Hijacked', pitcher: 'X' }],
      [`${e}/s/${b.sessions[1]}/place`, { cell: `${b.rooms[1]}:${b.slots[1]}` }],
      [`${e}/s/${b.sessions[0]}/unschedule`, {}],
    ];
    const before = await getBoard(t.app, b.eventId);
    for (const url of [`${e}/admin`, `${e}/export.json`]) {
      const res = await request(t.app).get(url);
      expect([url, res.status]).toEqual([url, 403]);
      expect(res.text).toContain('Only the organiser can do that');
    }
    for (const [url, form] of posts) {
      const res = await (await formsOf(t.app)).post(url, form);
      expect([url, res.status]).toEqual([url, 403]);
    }
    expect(await getBoard(t.app, b.eventId)).toEqual(before);
  });
});

describe('admin forms', () => {
  let b: SeededBoard;
  let organiser: Awaited<ReturnType<typeof organiserAgent>>;
  beforeEach(async () => {
    b = await seedBoard(t.app);
    organiser = await organiserAgent(t.app, b);
  });
  const admin = (path = '') => `/e/${b.eventId}/admin${path}`;
  const rooms = () => t.services.events.board(b.eventId).rooms.map((r) => r.name);
  const slots = () => t.services.events.board(b.eventId).slots.map((s) => `${s.label}|${s.startsAt}-${s.endsAt}`);

  /** Posts a form that must be refused and proves nothing changed. */
  async function refused(url: string, form: Record<string, string>, status = 400) {
    const before = await getBoard(t.app, b.eventId);
    const res = await (await formsOf(organiser)).post(url, form);
    expect(res.status).toBe(status);
    expect(await getBoard(t.app, b.eventId)).toEqual(before);
    return res;
  }

  test('GET admin shows the event, room and slot forms', async () => {
    const html = (await organiser.get(admin()).expect(200)).text;
    expect(html).toContain(`action="${admin('/event')}"`);
    expect(html).toContain(`action="${admin('/rooms')}"`);
    // Deleting asks first: the button opens a confirmation page, whose form deletes.
    expect(html).toContain(`href="${admin(`/rooms/${b.rooms[0]}/delete`)}"`);
    const confirm = (await organiser.get(admin(`/rooms/${b.rooms[0]}/delete`)).expect(200)).text;
    expect(confirm).toContain(`action="${admin(`/rooms/${b.rooms[0]}/delete`)}"`);
    expect(confirm).toContain('Sharing code between councils');
    expect(html).toContain(`action="${admin('/slots')}"`);
    expect(html).toContain(`href="/e/${b.eventId}/export.json"`);
    expect(inputValue(html, 'event-name')).toBe('LocalGovCamp 2026');
  });

  test('the event details form saves name, date and venue', async () => {
    const res = await (
      await formsOf(organiser)
    )
      .post(admin('/event'), { name: 'LocalGovCamp North', date: '2026-07-04', venue: 'Civic Centre' })
      .expect(303);
    expect(res.headers.location).toBe(admin('?notice=event-saved'));
    expect(t.services.events.get(b.eventId)).toMatchObject({ name: 'LocalGovCamp North', date: '2026-07-04', venue: 'Civic Centre' });
  });

  test('the event details form refuses an impossible date, keeping what was typed', async () => {
    const res = await refused(admin('/event'), { form: 'event', name: 'LocalGovCamp North', date: '2026-02-30', venue: 'Civic Centre' });
    expect(problemOf(res.text)).toContain('Date is not a real calendar date.');
    expect(inputValue(res.text, 'event-name')).toBe('LocalGovCamp North');
    expect(inputValue(res.text, 'event-date')).toBe('2026-02-30');
    expect(inputValue(res.text, 'event-venue')).toBe('Civic Centre');
  });

  test('rooms can be added, renamed, moved and deleted', async () => {
    expect(
      (await (await formsOf(organiser)).post(admin('/rooms'), { form: 'new-room', name: 'Annex', capacity: '' }).expect(303)).headers
        .location,
    ).toBe(admin('?notice=room-added#rooms'));
    expect(rooms()).toEqual(['Main Hall', 'Library', 'Annex']);
    await (await formsOf(organiser)).post(admin(`/rooms/${b.rooms[1]}`), { name: 'Reading Room', capacity: '15' }).expect(303);
    expect(t.services.events.board(b.eventId).rooms[1]).toMatchObject({ name: 'Reading Room', capacity: 15 });
    await (await formsOf(organiser)).post(admin(`/rooms/${b.rooms[1]}/move`), { position: '0' }).expect(303);
    expect(rooms()).toEqual(['Reading Room', 'Main Hall', 'Annex']);
    const page = await organiser.get(admin('?notice=room-moved')).expect(200);
    expect(page.text).toContain('Room order changed.');
  });

  test('deleting a room that holds a session unschedules it, keeps it, and says so', async () => {
    const res = await (await formsOf(organiser)).post(admin(`/rooms/${b.rooms[0]}/delete`), {}).expect(303);
    expect(res.headers.location).toMatch(/^\/e\/[\w-]+\/admin\?notice=room-deleted&n=1&undo=\d+$/);
    expect(rooms()).toEqual(['Library']);
    expect(t.services.sessions.get(b.eventId, b.sessions[0])).toMatchObject({ roomId: null, slotId: null });
    const page = await organiser.get(res.headers.location!).expect(200);
    expect(page.text).toContain('1 session it held was moved back to unscheduled, none deleted.');
  });

  test('adding a room with bad input re-renders the form with the message and the typed values', async () => {
    const res = await refused(admin('/rooms'), { form: 'new-room', name: 'Annex', capacity: '0' });
    expect(problemOf(res.text)).toContain('Capacity must be at least 1.');
    expect(inputValue(res.text, 'new-room-name')).toBe('Annex');
    expect(inputValue(res.text, 'new-room-capacity')).toBe('0');
    const blank = await refused(admin('/rooms'), { form: 'new-room', name: '', capacity: '10' });
    expect(problemOf(blank.text)).toContain('Room name is required.');
  });

  test('renaming a room with bad input keeps what was typed in that room’s row only', async () => {
    const res = await refused(admin(`/rooms/${b.rooms[0]}`), { form: `room-${b.rooms[0]}`, name: 'Big Hall', capacity: '-5' });
    expect(problemOf(res.text)).toContain('Capacity must be at least 1.');
    expect(inputValue(res.text, `room-name-${b.rooms[0]}`)).toBe('Big Hall');
    expect(inputValue(res.text, `room-cap-${b.rooms[0]}`)).toBe('-5');
    expect(inputValue(res.text, `room-name-${b.rooms[1]}`)).toBe('Library');
  });

  test('changing a slot with bad times keeps what was typed in that slot’s row', async () => {
    const res = await refused(admin(`/slots/${b.slots[1]}`), {
      form: `slot-${b.slots[1]}`,
      label: 'Late',
      startsAt: '12:00',
      endsAt: '11:00',
    });
    expect(problemOf(res.text)).toContain('End time must be after the start time.');
    expect(inputValue(res.text, `slot-label-${b.slots[1]}`)).toBe('Late');
    expect(inputValue(res.text, `slot-start-${b.slots[1]}`)).toBe('12:00');
    expect(inputValue(res.text, `slot-start-${b.slots[0]}`)).toBe('10:00');
  });

  test('renaming a room to nothing, or an unknown room, is refused', async () => {
    expect(problemOf((await refused(admin(`/rooms/${b.rooms[0]}`), { name: ' ' })).text)).toContain('Room name is required.');
    expect(problemOf((await refused(admin('/rooms/no-such-room'), { name: 'X' }, 404)).text)).toContain('That room was not found.');
    await refused(admin(`/rooms/${b.rooms[0]}/move`), { position: 'left' });
  });

  test('time slots can be added, changed, moved and deleted', async () => {
    await (await formsOf(organiser)).post(admin('/slots'), { form: 'new-slot', label: '', startsAt: '13:30', endsAt: '14:15' }).expect(303);
    expect(slots()).toEqual(['Session 1|10:00-10:45', '|11:00-11:45', '|13:30-14:15']);
    await (
      await formsOf(organiser)
    )
      .post(admin(`/slots/${b.slots[1]}`), { label: 'Session 2', startsAt: '11:15', endsAt: '12:00' })
      .expect(303);
    await (await formsOf(organiser)).post(admin(`/slots/${b.slots[1]}/move`), { position: '0' }).expect(303);
    expect(slots()).toEqual(['Session 2|11:15-12:00', 'Session 1|10:00-10:45', '|13:30-14:15']);
    // Asking first names a slot by its label and times, and one without a label by its times once.
    const asked = async (slotId: string) => dom((await organiser.get(admin(`/slots/${slotId}/delete`)).expect(200)).text);
    expect((await asked(b.slots[0]))('h1').text()).toBe('Delete the time slot Session 1 (10:00–10:45)?');
    const unlabelled = t.services.events.board(b.eventId).slots.find((s) => s.startsAt === '13:30')!;
    expect((await asked(unlabelled.id))('h1').text()).toBe('Delete the time slot 13:30–14:15?');
    const res = await (await formsOf(organiser)).post(admin(`/slots/${b.slots[0]}/delete`), {}).expect(303);
    expect(res.headers.location).toMatch(/^\/e\/[\w-]+\/admin\?notice=slot-deleted&n=1&undo=\d+$/);
    expect(t.services.sessions.get(b.eventId, b.sessions[0]).roomId).toBeNull();
    const page = await organiser.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Time slot deleted. 1 session it held was moved back to unscheduled, none deleted.');
  });

  test('a slot that ends before it starts is refused with the typed values kept', async () => {
    const res = await refused(admin('/slots'), { form: 'new-slot', label: 'Late', startsAt: '15:00', endsAt: '14:00' });
    expect(problemOf(res.text)).toContain('End time must be after the start time.');
    expect(inputValue(res.text, 'new-slot-label')).toBe('Late');
    expect(inputValue(res.text, 'new-slot-start')).toBe('15:00');
    expect(inputValue(res.text, 'new-slot-end')).toBe('14:00');
    expect(problemOf((await refused(admin(`/slots/${b.slots[0]}`), { startsAt: '10:00', endsAt: '09:00' })).text)).toContain(
      'End time must be after the start time.',
    );
  });

  test('export.json downloads the event for the organiser', async () => {
    const res = await organiser.get(`/e/${b.eventId}/export.json`).expect(200).expect('Content-Type', /json/);
    expect(res.headers['content-disposition']).toContain(`unsilo-${b.eventId}.json`);
    const data = JSON.parse(res.text) as { format: string; sessions: unknown[] };
    expect(data.format).toBe('unsilo.event');
    expect(data.sessions).toHaveLength(3);
  });
});

describe('session forms', () => {
  let b: SeededBoard;
  let organiser: Awaited<ReturnType<typeof organiserAgent>>;
  beforeEach(async () => {
    b = await seedBoard(t.app);
    organiser = await organiserAgent(t.app, b);
  });
  const s = (sessionId: string, path = '') => `/e/${b.eventId}/s/${sessionId}${path}`;

  test('the session page gives the organiser schedule and edit forms, with taken cells disabled', async () => {
    const html = (await organiser.get(s(b.sessions[1])).expect(200)).text;
    expect(html).toContain(`action="${s(b.sessions[1], '/place')}"`);
    expect(html).toContain(`action="${s(b.sessions[1], '/edit')}"`);
    expect(html).toContain('taken by Sharing code between councils');
    expect(inputValue(html, 'title')).toBe('User research on a shoestring');
  });

  test('the edit form saves the text', async () => {
    const res = await (
      await formsOf(organiser)
    )
      .post(s(b.sessions[1], '/edit'), { title: 'Research for free', notes: 'n', pitcher: 'Aisha K' })
      .expect(303);
    expect(res.headers.location).toBe(s(b.sessions[1], '?notice=session-saved'));
    expect(t.services.sessions.get(b.eventId, b.sessions[1])).toMatchObject({ title: 'Research for free', pitcher: 'Aisha K', version: 2 });
  });

  test('the edit form refuses an overlong title and keeps what was typed', async () => {
    const before = await getBoard(t.app, b.eventId);
    const res = await (
      await formsOf(organiser)
    )
      .post(s(b.sessions[1], '/edit'), { title: 't'.repeat(121), notes: 'typed notes', pitcher: 'Aisha' })
      .expect(400);
    expect(problemOf(res.text)).toContain('Title must be at most 120 characters.');
    expect(inputValue(res.text, 'title')).toBe('t'.repeat(121));
    expect(res.text).toContain('>typed notes</textarea>');
    expect(await getBoard(t.app, b.eventId)).toEqual(before);
  });

  test('the place form puts a session in a cell, from the session page and from the board', async () => {
    const res = await (
      await formsOf(organiser)
    )
      .post(s(b.sessions[1], '/place'), { cell: `${b.rooms[1]}:${b.slots[0]}`, expectedVersion: '1' })
      .expect(303);
    expect(res.headers.location).toBe(s(b.sessions[1], '?notice=placed'));
    const fromBoard = await (
      await formsOf(organiser)
    )
      .post(s(b.sessions[2], '/place'), { cell: `${b.rooms[0]}:${b.slots[1]}`, expectedVersion: '1', from: 'board' })
      .expect(303);
    expect(fromBoard.headers.location).toBe(`/e/${b.eventId}?notice=placed`);
    const sessions = t.services.events.board(b.eventId).sessions;
    expect(sessions.map((x) => [x.roomId, x.slotId])).toEqual([
      [b.rooms[0], b.slots[0]],
      [b.rooms[1], b.slots[0]],
      [b.rooms[0], b.slots[1]],
    ]);
  });

  test('placing into a taken cell re-renders the session page with a clear message and the edit form intact', async () => {
    const before = await getBoard(t.app, b.eventId);
    const res = await (
      await formsOf(organiser)
    )
      .post(s(b.sessions[1], '/place'), { cell: `${b.rooms[0]}:${b.slots[0]}`, expectedVersion: '1' })
      .expect(409);
    expect(problemOf(res.text)).toContain('That slot was just taken by “Sharing code between councils”');
    expect(inputValue(res.text, 'title')).toBe('User research on a shoestring');
    expect(inputValue(res.text, 'pitcher')).toBe('Aisha');
    expect(await getBoard(t.app, b.eventId)).toEqual(before);
  });

  test('placing into a taken cell from the board re-renders the board with the message', async () => {
    const res = await (
      await formsOf(organiser)
    )
      .post(s(b.sessions[1], '/place'), { cell: `${b.rooms[0]}:${b.slots[0]}`, expectedVersion: '1', from: 'board' })
      .expect(409);
    expect(textsOf(res.text, 'h1')).toEqual(['LocalGovCamp 2026']);
    expect(problemOf(res.text)).toContain('That slot was just taken');
  });

  test('a move made on a stale view is refused with 409 and the page shows the current state', async () => {
    await (await formsOf(organiser)).post(s(b.sessions[0], '/edit'), { title: 'Sharing code, again', pitcher: 'Priya' }).expect(303);
    const before = await getBoard(t.app, b.eventId);
    const res = await (await formsOf(organiser)).post(s(b.sessions[0], '/unschedule'), { expectedVersion: '2' }).expect(409);
    expect(problemOf(res.text)).toContain('was changed by someone else meanwhile');
    expect(res.text).toContain('name="expectedVersion" value="3"');
    expect(await getBoard(t.app, b.eventId)).toEqual(before);
  });

  test('choosing no cell is refused with a clear message', async () => {
    const res = await (await formsOf(organiser)).post(s(b.sessions[1], '/place'), { cell: '', expectedVersion: '1' }).expect(400);
    expect(problemOf(res.text)).toContain('Choose a room and time slot.');
  });

  test('the unschedule form moves a placed session back, from the board too', async () => {
    const res = await (await formsOf(organiser)).post(s(b.sessions[0], '/unschedule'), { expectedVersion: '2', from: 'board' }).expect(303);
    expect(res.headers.location).toBe(`/e/${b.eventId}?notice=unscheduled`);
    expect(t.services.sessions.get(b.eventId, b.sessions[0])).toMatchObject({ roomId: null, slotId: null });
    const board = (await organiser.get(res.headers.location!).expect(200)).text;
    expect(board).toContain('Session moved back to unscheduled.');
    expect(board).toContain('Unscheduled (<span data-unscheduled-count>3</span>)');
  });
});

describe('escaping and notices', () => {
  test('room names, slot labels and event names are escaped on the board, the admin page and the created page', async () => {
    const evil = '<script>alert(1)</script>';
    const created = await (await formsOf(t.app)).post('/events', { name: evil, date: '2026-01-17', venue: evil, listed: 'on' }).expect(201);
    expect(dom(created.text)('script').text()).not.toContain('alert(1)');
    const [event] = eventsOf(t);
    const ev = { eventId: event!.id, adminToken: '' };
    const organiser = request.agent(t.app);
    organiser.jar.setCookies(cookiesOf(created));
    await (await formsOf(organiser)).post(`/e/${ev.eventId}/admin/rooms`, { name: evil }).expect(303);
    await (await formsOf(organiser)).post(`/e/${ev.eventId}/admin/slots`, { label: evil, startsAt: '10:00', endsAt: '11:00' }).expect(303);
    for (const url of [`/e/${ev.eventId}`, `/e/${ev.eventId}/admin`, `/e/${ev.eventId}/pitch`, '/']) {
      const html = (await organiser.get(url).expect(200)).text;
      expect([url, html.includes('<script>')]).toEqual([url, false]);
      expect(html).toContain('&lt;script&gt;');
    }
  });

  test('a notice code that the site does not know shows nothing, so links cannot make the site say things', async () => {
    const b = await seedBoard(t.app);
    const html = (await request(t.app).get(`/e/${b.eventId}`).query({ notice: 'You have been hacked', n: '1' }).expect(200)).text;
    expect(html).not.toContain('You have been hacked');
    expect(html).not.toContain('class="notice"');
  });

  test('a board with no rooms or slots says the grid is not set up yet, and points the organiser to set it up', async () => {
    const ev = await createEvent(t.app);
    expect((await request(t.app).get(`/e/${ev.eventId}`).expect(200)).text).toContain('the organisers will add rooms and times soon');
    const organiser = await organiserAgent(t.app, ev);
    expect((await organiser.get(`/e/${ev.eventId}`).expect(200)).text).toContain('Add rooms and time slots');
  });

  test('importing into a database that does not yet hold the event keeps its ids and says nothing about a copy', async () => {
    const source = buildApp();
    try {
      const b = await seedBoard(source.app);
      const file = JSON.stringify(source.services.transfer.export(b.eventId));
      const res = await (await formsOf(t.app)).upload('/events/import').attach('file', Buffer.from(file), 'event.json').expect(201);
      expect(res.text).not.toContain('saved as a copy');
      await request(t.app).get(`/e/${b.eventId}`).expect(200);
    } finally {
      await source.close();
    }
  });

  test('malformed session and room ids in page addresses are refused with 400', async () => {
    const b = await seedBoard(t.app);
    await request(t.app).get(`/e/${b.eventId}/s/bad.id`).expect(400);
    const organiser = await organiserAgent(t.app, b);
    await (await formsOf(organiser)).post(`/e/${b.eventId}/admin/rooms/bad.id/delete`, {}).expect(400);
    await (await formsOf(organiser)).post(`/e/${b.eventId}/s/bad.id/edit`, { title: 'T', pitcher: 'P' }).expect(400);
  });
});
