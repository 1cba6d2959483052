import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { at, seedDayCamp, settableClock, type DayCamp } from './day-camp';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The board, pitching and the personal agenda on a phone in a crowded hall. */
describe('on a phone', () => {
  let app: RunningApp;
  let browser: Browser;
  let camp: DayCamp;
  const serverClock = settableClock(at('10:20'));
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp({ clock: serverClock });
    browser = await launchBrowser();
  });
  beforeEach(() => {
    camp = seedDayCamp(app.server.services);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function phone(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ ...PHONE, ...options });
    contexts.push(context);
    return context;
  }

  /** Opens the board with the browser's clock set to `time` on the event's day. */
  async function board(context: BrowserContext, time: string): Promise<Page> {
    const page = await context.newPage();
    await page.clock.install({ time: at(time) });
    await page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    await page.locator('#live-status', { hasText: 'Live' }).waitFor();
    return page;
  }

  const section = (page: Page, name: 'now' | 'next' | 'later') => page.locator(`[data-now-next] .time-group.${name}`);

  /** Every visible thing meant to be tapped that is smaller than 44 × 44 CSS px. */
  const smallTargets = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, a.button, header.site a, .session-card h3 a, summary, select')]
        .filter((node) => node.getClientRects().length > 0)
        .map((node) => {
          const { x, y, width, height } = node.getBoundingClientRect();
          return { text: node.textContent?.trim(), x, y, width, height };
        })
        .filter((box) => box.width < 44 || box.height < 44),
    );

  const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

  test('the board is Now / Next / Later by room, painted by the server and readable with scripts blocked', async () => {
    const page = await (await phone({ javaScriptEnabled: false })).newPage();
    await page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    expect(await page.locator('table.grid').isVisible()).toBe(false);
    await expect(section(page, 'now').locator('.entry').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Main Hall\s+Why can’t councils share code\?/),
      expect.stringMatching(/^Library\s+Open data nobody uses/),
    ]);
    await expect(section(page, 'now').locator('.slot-time').innerText()).resolves.toBe('10:00–10:45');
    await expect(section(page, 'next').innerText()).resolves.toMatch(/11:00–11:45\s+Main Hall\s+Plain English letters/);
    await expect(section(page, 'later').innerText()).resolves.toMatch(/13:00–13:45\s+Nothing scheduled in this slot yet\./);
    await expect(page.locator('[data-unscheduled]').innerText()).resolves.toContain('Digital inclusion in rural areas');
    expect(await scrollsSideways(page)).toBe(false);
    expect(await smallTargets(page)).toEqual([]);
  });

  test('before the first slot Now says when things start; as the clock passes sessions move up; after the last, the day is over', async () => {
    const page = await board(await phone(), '09:30');
    await section(page, 'now').getByText('Nothing on yet: sessions start at 10:00.').waitFor();
    await expect(section(page, 'next').innerText()).resolves.toContain('Why can’t councils share code?');

    await page.clock.fastForward('40:00');
    await section(page, 'now').getByText('Why can’t councils share code?').waitFor();
    await expect(section(page, 'next').innerText()).resolves.toContain('Plain English letters');

    await page.clock.setSystemTime(at('15:00'));
    await page.clock.fastForward('00:30');
    await section(page, 'now')
      .getByText(/^That’s all for today/)
      .waitFor();
    expect(await section(page, 'next').count()).toBe(0);
    // Everything that ran stays reachable, folded open under "Earlier".
    const earlier = page.locator('[data-now-next] details.earlier');
    await expect(earlier.getAttribute('open')).resolves.toBe('');
    await expect(earlier.innerText()).resolves.toMatch(/Why can’t councils share code\?[\s\S]*Plain English letters/);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await smallTargets(page)).toEqual([]);
  });

  test('a session an organiser schedules for the current slot appears under Now, in its room, live', async () => {
    const page = await board(await phone(), '10:20');
    app.server.services.sessions.place(camp.eventId, camp.ids.rural!, { roomId: camp.rooms.attic, slotId: camp.slots.ten });
    await section(page, 'now').locator('.entry', { hasText: 'Digital inclusion in rural areas' }).getByText('Attic').waitFor();
  });

  test('an organiser on a phone gets the same layout, with Move… on every listed card and nothing too small to tap', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${camp.eventId}/admin?key=${camp.adminToken}`);
    await page.clock.install({ time: at('10:20') });
    await page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    // Joined and drawn (an organiser's overlap announcement may replace the status line's "Live").
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await section(page, 'now').getByRole('button', { name: 'Move “Open data nobody uses”' }).waitFor();
    await page.locator('[data-unscheduled]').getByRole('button', { name: 'Move “Digital inclusion in rural areas”' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await smallTargets(page)).toEqual([]);
  });

  test('an attendee’s header is one short line on every page, repeats nothing and has no organisers’ links', async () => {
    const page = await board(await phone(), '10:20');
    const e = `${app.baseUrl}/e/${camp.eventId}`;
    const staffOnly = /^(Organise|Wall display|Printable grid|Grid as CSV|Invite people)$/;
    for (const [label, url] of [
      ['board', e],
      ['session page', `${e}/s/${camp.ids.code}`],
      ['pitch page', `${e}/pitch`],
      ['agenda', `${e}/agenda`],
    ] as const) {
      if (page.url() !== url) await page.goto(url);
      const header = await page.locator('header.site').boundingBox();
      expect([label, header?.height]).toEqual([label, 44]);
      // Every link and button above the page's content, by what a screen reader calls it: each once.
      const names = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('header.site a, .board-head a, p.exports a, summary')]
          .filter((node) => node.getClientRects().length > 0)
          .map((node) => node.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
      );
      expect([label, names.filter((name, i) => names.indexOf(name) !== i)]).toEqual([label, []]);
      expect([label, names.filter((name) => staffOnly.test(name))]).toEqual([label, []]);
      expect(await scrollsSideways(page)).toBe(false);
      await expectNoAxeViolations(page, `the attendee’s ${label} on a phone`);
    }
    await page.goto(e);
    // Joined and drawn again (the live board replaces the first paint's Now), then measured.
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    const title = section(page, 'now').locator('.session-card h3').first();
    await title.waitFor();
    // Now is on the first screen, its first session's title included.
    const first = await title.boundingBox();
    expect(first && first.y + first.height).toBeLessThanOrEqual(844);
  });

  test('an organiser’s board on a phone keeps the organisers’ links, each once', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${camp.eventId}/admin?key=${camp.adminToken}`);
    await page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    for (const name of ['Organise', 'Wall display', 'Printable grid', 'Grid as CSV']) {
      await expect(page.locator('main').getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.locator('header.site').boundingBox()).resolves.toMatchObject({ height: 44 });
  });

  test('pitching takes one screen: the whole form and its button are in view without scrolling', async () => {
    const page = await (await phone()).newPage();
    await page.goto(`${app.baseUrl}/e/${camp.eventId}/pitch`);
    const button = page.getByRole('button', { name: 'Pitch mine' });
    const box = await button.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(844);
    expect(box && box.height).toBeGreaterThanOrEqual(44);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await smallTargets(page)).toEqual([]);
    await page.getByLabel('Title').tap();
    await page.getByLabel('Title').fill('Ending the paper chase');
    await page.getByLabel('Your name').fill('Ruth');
    await button.tap();
    await page.getByRole('heading', { name: 'Ending the paper chase' }).waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  });

  test.each([
    ['without scripts', false],
    ['with scripts', true],
  ])(
    'after pitching (%s) the page shows the pitch and what happens next; a note, an edit and withdrawing are one tap away',
    async (_label, javaScriptEnabled) => {
      const page = await (await phone({ javaScriptEnabled })).newPage();
      await page.goto(`${app.baseUrl}/e/${camp.eventId}/pitch`);
      await page.getByLabel('Title').fill('Ending the paper chase');
      await page.getByLabel('Your name').fill('Ruth');
      // The page the form's answer loads: the list typed-ahead on this one must not be taken for it.
      const answered = page.waitForEvent('domcontentloaded');
      await page.getByRole('button', { name: 'Pitch mine' }).tap();
      await answered;
      // Sessions like it may be listed first (without scripts, after the first submit): "Pitch mine" again pitches it.
      const pitched = page.getByRole('heading', { name: 'Ending the paper chase', level: 1 });
      await pitched.or(page.locator('.similar-list')).waitFor();
      if (!(await pitched.isVisible())) await page.getByRole('button', { name: 'Pitch mine', exact: true }).tap();
      await pitched.waitFor();
      const next = page.getByRole('heading', { name: 'What happens next' });
      // The pitch and the first of what happens next on the first screen; the whole page about a screen and a half.
      expect(await next.boundingBox().then((box) => box && box.y + box.height)).toBeLessThanOrEqual(844);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1500);
      expect(await smallTargets(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      // axe-core runs as a script in the page: checked with scripts on (the server draws the same page either way).
      if (javaScriptEnabled) await expectNoAxeViolations(page, 'the page after pitching');

      const main = page.locator('main');
      await main.getByText('Add a note', { exact: true }).tap();
      await main.getByLabel('Your name').fill('Ruth');
      await main.getByLabel('Note or link').fill('Slides to follow');
      await main.getByRole('button', { name: 'Add note' }).tap();
      await page.locator('[data-note-list] li', { hasText: 'Slides to follow' }).waitFor();

      await main.getByText('Edit your pitch', { exact: true }).tap();
      if (javaScriptEnabled) await expectNoAxeViolations(page, 'the edit disclosure after pitching');
      await main.getByLabel('Title').fill('Ending the paper chase for good');
      await main.getByRole('button', { name: 'Save', exact: true }).tap();
      await page.getByRole('heading', { name: 'Ending the paper chase for good', level: 1 }).waitFor();

      await main.getByText('Withdraw your pitch', { exact: true }).tap();
      await main.getByRole('button', { name: 'Withdraw my pitch' }).tap();
      await page.getByText('Your pitch was withdrawn.').waitFor();
    },
  );

  test('a star is kept across a reload, and My agenda lists starred sessions in time order with their .ics link', async () => {
    const context = await phone();
    const page = await board(context, '10:20');
    const star = (title: string) =>
      page.locator('[data-now-next], [data-unscheduled]').getByRole('button', { name: `Star “${title}” for my agenda` });
    await star('Plain English letters').tap();
    await star('Open data nobody uses').tap();
    await expect(star('Open data nobody uses').getAttribute('aria-pressed')).resolves.toBe('true');
    // The button says so too (its name stays the same, as a toggle's does; aria-pressed carries the state).
    await expect(star('Open data nobody uses').innerText()).resolves.toBe('★ Starred');
    await expect(star('Why can’t councils share code?').innerText()).resolves.toBe('☆ Star');
    await expectNoAxeViolations(page, 'the phone board with starred sessions');
    await page.reload();
    await page.locator('#live-status', { hasText: 'Live' }).waitFor();
    await expect(star('Open data nobody uses').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(star('Why can’t councils share code?').getAttribute('aria-pressed')).resolves.toBe('false');

    await page.locator('header.site').getByRole('link', { name: 'My agenda' }).tap();
    const list = page.locator('.agenda-list > li');
    await list.first().waitFor();
    await expect(list.allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^10:00–10:45 · Library\s+Open data nobody uses/),
      expect.stringMatching(/^11:00–11:45 · Main Hall\s+Plain English letters/),
    ]);
    await expect(page.getByRole('link', { name: 'Add to my calendar (.ics)' }).getAttribute('href')).resolves.toBe(
      `/e/${camp.eventId}/agenda.ics?sessions=${camp.ids.data},${camp.ids.letters}`,
    );
    expect(await smallTargets(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
  });

  test('three starred sessions scheduled live are one notice, said once, and Now stays on the first screen', async () => {
    const { services } = app.server;
    const pitch = (title: string) => services.sessions.pitch(camp.eventId, { title, notes: '', pitcher: 'Sam' }).value.id;
    const pdfs = pitch('Accessible PDFs');
    const standards = pitch('Open standards for forms');
    const page = await board(await phone(), '10:20');
    for (const title of ['Digital inclusion in rural areas', 'Accessible PDFs', 'Open standards for forms']) {
      await page
        .locator('[data-unscheduled]')
        .getByRole('button', { name: `Star “${title}” for my agenda` })
        .tap();
    }
    services.sessions.place(camp.eventId, camp.ids.rural!, { roomId: camp.rooms.attic, slotId: camp.slots.ten });
    services.sessions.place(camp.eventId, pdfs, { roomId: camp.rooms.library, slotId: camp.slots.eleven });
    services.sessions.place(camp.eventId, standards, { roomId: camp.rooms.attic, slotId: camp.slots.eleven });
    const summary =
      '3 sessions you starred were scheduled: “Digital inclusion in rural areas”, “Accessible PDFs” and “Open standards for forms”.';
    const notices = page.locator('[data-agenda-notices]');
    await notices.locator('[data-notice-summary]', { hasText: summary }).waitFor();
    // Said once, on the status line; the notices themselves are not a live region, so they are not read out again.
    await expect(page.locator('#live-status').textContent()).resolves.toBe(summary);
    await expect(notices.getAttribute('aria-live')).resolves.toBeNull();
    // One notice, not three: Now and its first session are still on the first screen.
    await expect(notices.locator('.agenda-notice-list').isVisible()).resolves.toBe(false);
    const first = await section(page, 'now').locator('.session-card h3').first().boundingBox();
    expect(first && first.y + first.height).toBeLessThanOrEqual(844);
    expect(await smallTargets(page)).toEqual([]);
    await expectNoAxeViolations(page, 'the phone board with a summary of changes');

    await notices.getByText('See the 3 changes').tap();
    await notices.getByRole('link', { name: /^See it: “Accessible PDFs” is now scheduled: Library, 11:00–11:45\.$/ }).waitFor();
    await expectNoAxeViolations(page, 'the phone board with the changes unfolded');
    // A redraw (another change) keeps the list unfolded.
    services.sessions.place(camp.eventId, camp.ids.letters!, { roomId: camp.rooms.hall, slotId: camp.slots.one });
    await section(page, 'later').getByText('Plain English letters').waitFor();
    await expect(notices.locator('details[data-notice-details]').getAttribute('open')).resolves.toBe('');
    await notices.getByRole('button', { name: 'Dismiss all 3 changes' }).tap();
    await expect(notices.isHidden()).resolves.toBe(true);
  });

  test('a starred session moved by an organiser shows a notice live; one merged away shows it on the next visit, and the star follows', async () => {
    const context = await phone();
    const page = await board(context, '10:20');
    for (const title of ['Plain English letters', 'Why can’t councils share code?']) {
      await page
        .locator('[data-now-next]')
        .getByRole('button', { name: `Star “${title}” for my agenda` })
        .tap();
    }
    const { services } = app.server;
    services.sessions.place(camp.eventId, camp.ids.letters!, { roomId: camp.rooms.library, slotId: camp.slots.one });
    const notices = page.locator('[data-agenda-notices]');
    await notices.getByText('“Plain English letters” moved from Main Hall, 11:00–11:45 to Library, 13:00–13:45.').waitFor();
    await page.getByRole('button', { name: /^Dismiss: “Plain English letters” moved/ }).tap();
    await expect(notices.isHidden()).resolves.toBe(true);
    await page.close();

    services.facilitation.merge(camp.eventId, {
      sessionIds: [camp.ids.code!, camp.ids.data!],
      primaryId: camp.ids.data!,
      title: 'Open code and data',
    });
    const again = await context.newPage();
    await again.clock.install({ time: at('10:25') });
    await again.goto(`${app.baseUrl}/e/${camp.eventId}/agenda`);
    await again
      .locator('[data-agenda-notices]')
      .getByText('“Why can’t councils share code?” was merged into “Open code and data”, Library, 10:00–10:45. Your star moved to it.')
      .waitFor();
    await expect(again.locator('.agenda-list > li').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^10:00–10:45 · Library\s+Open code and data/),
      expect.stringMatching(/^13:00–13:45 · Library\s+Plain English letters/),
    ]);
    // Seen once, the move is not announced again; the merge notice stays until dismissed.
    await again.reload();
    await again.locator('.agenda-list > li').first().waitFor();
    await expect(again.locator('.agenda-notice').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('was merged into “Open code and data”'),
    ]);
  });
});
