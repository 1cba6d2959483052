import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EventExport } from '../../server/protocol/schemas';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * axe-core on every page the app serves, in every role that changes what the page shows, at a
 * desktop and a phone viewport. A new page is one more line in `visits`.
 */
type Role = 'attendee' | 'pitcher' | 'organiser' | 'facilitator';

interface Visit {
  label: string;
  as: Role;
  /** Navigates and brings the page to the state to check. */
  open: (page: Page) => Promise<void>;
}

const ids = { event: '', spare: '', placed: '', own: '', room: '', adminToken: '', spareToken: '' };
let app: RunningApp;

/** A page by address (paths are built when the test runs, once the ids exist). */
const go = (path: () => string) => async (page: Page) => {
  await page.goto(app.baseUrl + path());
};

/** The live board, once the client has drawn it from the joined snapshot. */
const board =
  (path: () => string = () => `/e/${ids.event}`, then?: (page: Page) => Promise<void>) =>
  async (page: Page) => {
    await page.goto(app.baseUrl + path());
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await then?.(page);
  };

/** Submits the page's first form as it is (empty): the page comes back with its error messages. */
const submitEmpty = (path: () => string, button: string) => async (page: Page) => {
  await page.goto(app.baseUrl + path());
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('.problem').waitFor();
};

/** Posts an organiser form (a one-time link page) from the admin page. */
const adminButton = (eventId: () => string, button: string) => async (page: Page) => {
  await page.goto(`${app.baseUrl}/e/${eventId()}/admin`);
  await page.getByRole('button', { name: button }).click();
  await page.locator('textarea.link').waitFor();
};

/** The wall display, once it is live. */
const wall = async (page: Page) => {
  await page.goto(`${app.baseUrl}/e/${ids.event}/wall`);
  await page.locator('[data-wall-status]', { hasText: 'Live' }).waitFor();
};

/** "My agenda" after starring the first session shown on the board. */
const agenda = async (page: Page) => {
  await board()(page);
  await page.locator('.star-toggle:visible:not(.pressed)').first().click();
  await page.goto(`${app.baseUrl}/e/${ids.event}/agenda`);
  await page.locator('[data-agenda-export]:not([hidden])').waitFor();
};

/** The organiser page after a CSV whose only row ends before it starts. */
const badCsvImport = async (page: Page) => {
  await page.goto(`${app.baseUrl}/e/${ids.event}/admin`);
  const csv = 'Room,Start,End,Title\nHall,11:00,10:00,Backwards\n';
  await page.locator('#csv-file').setInputFiles({ name: 'grid.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page.locator('.problem').waitFor();
};

const visits: Visit[] = [
  { label: 'home', as: 'attendee', open: go(() => '/') },
  { label: 'home with form errors', as: 'attendee', open: submitEmpty(() => '/', 'Create event') },
  {
    label: 'event created',
    as: 'attendee',
    open: async (page) => {
      await page.goto(app.baseUrl);
      await page.getByLabel('Event name').fill('Pop-up Camp');
      await page.getByLabel('Date').fill('2026-12-06');
      await page.getByRole('button', { name: 'Create event' }).click();
      await page.getByRole('heading', { name: /Your event is ready/ }).waitFor();
    },
  },
  { label: 'board (attendee)', as: 'attendee', open: board() },
  { label: 'board after “I’d go” (notice)', as: 'attendee', open: board(() => `/e/${ids.event}?notice=interest-added`) },
  { label: 'board (pitcher)', as: 'pitcher', open: board() },
  { label: 'board (organiser)', as: 'organiser', open: board() },
  { label: 'board without a grid (organiser)', as: 'organiser', open: board(() => `/e/${ids.spare}`) },
  {
    label: 'board (facilitator, suggestions showing)',
    as: 'facilitator',
    open: board(undefined, (page) => page.locator('.suggestion').first().waitFor()),
  },
  {
    label: 'board with the Move dialog open',
    as: 'facilitator',
    open: board(undefined, async (page) => {
      await page.locator('.move-button:visible').first().click();
      await page.getByRole('dialog', { name: /^Move/ }).waitFor();
    }),
  },
  {
    label: 'board with the Merge dialog open',
    as: 'facilitator',
    open: board(undefined, async (page) => {
      await page.locator('.suggestion button[data-action="merge"]').first().click();
      await page.getByRole('dialog', { name: 'Merge sessions' }).waitFor();
    }),
  },
  { label: 'pitch', as: 'attendee', open: go(() => `/e/${ids.event}/pitch`) },
  { label: 'pitch with form errors', as: 'attendee', open: submitEmpty(() => `/e/${ids.event}/pitch`, 'Pitch mine') },
  { label: 'session (someone else’s)', as: 'attendee', open: go(() => `/e/${ids.event}/s/${ids.placed}`) },
  {
    label: 'session (own pitch, every change opened)',
    as: 'pitcher',
    open: async (page) => {
      await page.goto(`${app.baseUrl}/e/${ids.event}/s/${ids.own}?notice=pitched`);
      for (const change of ['Same conversation as…', 'Add a note', 'Edit your pitch', 'Withdraw your pitch']) {
        await page.locator('main summary', { hasText: change }).click();
      }
      await page.getByRole('button', { name: 'Withdraw my pitch' }).waitFor();
    },
  },
  {
    label: 'session edit with form errors',
    as: 'pitcher',
    open: async (page) => {
      await page.goto(`${app.baseUrl}/e/${ids.event}/s/${ids.own}`);
      await page.locator('main summary', { hasText: 'Edit your pitch' }).click();
      await page.getByLabel('Title').fill('');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.locator('.problem').waitFor();
    },
  },
  { label: 'session (organiser: schedule, edit, hide)', as: 'organiser', open: go(() => `/e/${ids.event}/s/${ids.placed}`) },
  { label: 'session (facilitator)', as: 'facilitator', open: go(() => `/e/${ids.event}/s/${ids.own}`) },
  { label: 'admin (hidden sessions and moderation history)', as: 'organiser', open: go(() => `/e/${ids.event}/admin?notice=room-added`) },
  { label: 'admin of an empty event', as: 'organiser', open: go(() => `/e/${ids.spare}/admin`) },
  { label: 'admin with form errors', as: 'organiser', open: submitEmpty(() => `/e/${ids.event}/admin`, 'Add room') },
  { label: 'facilitator link', as: 'organiser', open: adminButton(() => ids.spare, 'Make a facilitator link') },
  { label: 'organiser link', as: 'organiser', open: adminButton(() => ids.spare, 'Make a new organiser link') },
  {
    label: 'a co-organiser’s link',
    as: 'organiser',
    open: async (page) => {
      await page.goto(`${app.baseUrl}/e/${ids.spare}/admin`);
      await page.getByLabel('Co-organiser’s name').fill(`Co ${Math.random().toString(36).slice(2, 8)}`);
      await page.getByRole('button', { name: 'Make an organiser link' }).click();
      await page.locator('textarea.link').waitFor();
    },
  },
  { label: 'confirm deleting a room (without scripts)', as: 'organiser', open: go(() => `/e/${ids.event}/admin/rooms/${ids.room}/delete`) },
  {
    label: 'board with the invite panel open',
    as: 'organiser',
    open: board(undefined, async (page) => {
      await page.getByText('Invite people').click();
      await page.locator('.share-panel .qr').waitFor();
    }),
  },
  { label: 'invite poster', as: 'attendee', open: go(() => `/e/${ids.event}/poster`) },
  { label: 'report', as: 'attendee', open: go(() => `/e/${ids.event}/report`) },
  {
    label: 'standalone report.html',
    as: 'attendee',
    open: async (page) => {
      // Served as a download; shown in place here so axe can read it.
      await page.route('**/report.html', async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-disposition'];
        await route.fulfill({ response, headers });
      });
      await page.goto(`${app.baseUrl}/e/${ids.event}/report.html`);
    },
  },
  { label: 'wall display', as: 'attendee', open: wall },
  { label: 'my agenda with a starred session', as: 'attendee', open: agenda },
  { label: 'printable grid', as: 'attendee', open: go(() => `/e/${ids.event}/print`) },
  { label: 'admin with CSV import problems', as: 'organiser', open: badCsvImport },
  { label: 'not found (404)', as: 'attendee', open: go(() => '/no/such/page') },
  { label: 'bad input (400)', as: 'attendee', open: go(() => '/e/not%20an%20id') },
  { label: 'not allowed (403)', as: 'attendee', open: go(() => `/e/${ids.event}/admin`) },
];

const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  let browser: Browser;
  const contexts = new Map<Role, BrowserContext>();

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { services } = app.server;
    const demo = EventExport.parse(JSON.parse(readFileSync(join(__dirname, '../../data/demo-event.json'), 'utf8')));
    const imported = services.transfer.import(demo);
    ids.event = imported.event.id;
    ids.adminToken = imported.adminToken;
    const board = services.events.board(ids.event);
    ids.placed = board.sessions.find((s) => s.roomId)?.id ?? '';
    ids.room = board.rooms[0]?.id ?? '';
    const abusive = services.sessions.pitch(ids.event, { title: 'Buy cheap watches', notes: '', pitcher: 'Spam' }).value.id;
    services.sessions.hide(ids.event, abusive, 'hidden');
    // Notes taken during a session: one shown (with a link), one hidden by the organisers.
    services.notes.add(ids.event, ids.placed, { author: 'Sam', body: 'Slides: https://example.org/deck' });
    const hiddenNote = services.notes.add(ids.event, ids.placed, { author: 'Spam', body: 'Buy cheap watches' }).value.id;
    services.notes.hide(ids.event, hiddenNote);
    const spare = services.events.create({ name: 'Empty Camp', date: '2026-12-07', venue: '' });
    ids.spare = spare.event.id;
    ids.spareToken = spare.adminToken;

    for (const role of ['attendee', 'pitcher', 'organiser', 'facilitator'] as const) {
      const context = await browser.newContext();
      contexts.set(role, context);
    }
    const page = async (role: Role) => (contexts.get(role) as BrowserContext).newPage();
    const organiser = await page('organiser');
    await organiser.goto(`${app.baseUrl}/e/${ids.event}/admin?key=${ids.adminToken}`);
    await organiser.goto(`${app.baseUrl}/e/${ids.spare}/admin?key=${ids.spareToken}`);
    await organiser.close();
    const facilitator = await page('facilitator');
    await facilitator.goto(`${app.baseUrl}/e/${ids.event}/facilitate?key=${services.facilitation.newFacilitatorToken(ids.event)}`);
    await facilitator.close();
    const pitcher = await page('pitcher');
    await pitcher.goto(`${app.baseUrl}/e/${ids.event}/pitch`);
    await pitcher.getByLabel('Title').fill('Council websites on a phone');
    await pitcher.getByLabel('Your name').fill('Amara');
    // The page the form's answer loads: the list typed-ahead on this one must not be taken for it.
    const answered = pitcher.waitForEvent('domcontentloaded');
    await pitcher.getByRole('button', { name: 'Pitch mine' }).click();
    await answered;
    // Sessions like it may be listed first (the step before saving): "Pitch mine" again pitches it anyway.
    const pitched = pitcher.getByText('Your session is pitched');
    await pitched.or(pitcher.locator('.similar-list')).waitFor();
    if (!(await pitched.isVisible())) await pitcher.getByRole('button', { name: 'Pitch mine', exact: true }).click();
    await pitched.waitFor();
    ids.own = new URL(pitcher.url()).pathname.split('/').pop() ?? '';
    await pitcher.close();
    // Suggestions are ready before any facilitator joins, so the panel shows them at once.
    await services.suggestions.refresh(ids.event);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts.values()) await context.close();
    await browser?.close();
    await app?.close();
  });

  test('the check fails, naming the rule and the element, on a page that breaks a rule', async () => {
    const page = await (contexts.get('attendee') as BrowserContext).newPage();
    try {
      await page.setContent('<!doctype html><html lang="en"><title>t</title><main><button id="mute"></button></main></html>');
      await expect(expectNoAxeViolations(page, 'a bad page')).rejects.toThrow(/button-name \(critical\) at #mute/);
    } finally {
      await page.close();
    }
  });

  const cases = viewports.flatMap((viewport) =>
    visits.map((visit) => ({ ...visit, viewport, name: `${visit.label} at ${viewport.name} size` })),
  );

  test.each(cases)('$name has no violations', async ({ as, open, viewport, name }) => {
    const page = await (contexts.get(as) as BrowserContext).newPage();
    try {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await open(page);
      await expectNoAxeViolations(page, name);
    } finally {
      await page.close();
    }
  });
});
