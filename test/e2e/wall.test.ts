import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { at, seedDayCamp, settableClock, type DayCamp } from './day-camp';

/** The wall display on a projector: current all day without a reload, live, nothing to press. */
describe('the wall display', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let camp: DayCamp;

  beforeEach(async () => {
    app = await startApp({ clock: settableClock(at('10:40')) });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    camp = seedDayCamp(app.server.services);
  });
  afterEach(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  async function openWall(time: string): Promise<Page> {
    const page = await context.newPage();
    await page.clock.install({ time: at(time) });
    await page.goto(`${app.baseUrl}/e/${camp.eventId}/wall`);
    await page.locator('[data-wall-status]', { hasText: 'Live' }).waitFor();
    // Marks the page: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { sameWall: true }));
    return page;
  }

  const row = (page: Page, room: string) => page.locator('.wall-table tbody tr', { has: page.getByRole('rowheader', { name: room }) });
  const cell = (page: Page, room: string, when: 'now' | 'next') => row(page, room).locator(`td.wall-${when}`);
  const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { sameWall?: boolean }).sameWall === true);

  test('shows now and next per room in large type, with no controls', async () => {
    const page = await openWall('10:40');
    await expect(cell(page, 'Main Hall', 'now').innerText()).resolves.toMatch(/Until 10:45\s+Why can’t councils share code\?/);
    await expect(cell(page, 'Main Hall', 'next').innerText()).resolves.toMatch(/11:00–11:45\s+Plain English letters/);
    await expect(cell(page, 'Library', 'next').innerText()).resolves.toBe('Nothing more today');
    await expect(cell(page, 'Attic', 'now').innerText()).resolves.toBe('Free');
    await expect(page.locator('[data-wall-clock]').innerText()).resolves.toBe('10:40');
    expect(await page.locator('button, input, select, textarea, a').count()).toBe(0);
    const titleSize = await page
      .locator('.wall-table .session-card h3')
      .first()
      .evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    expect(titleSize).toBeGreaterThanOrEqual(32);
  });

  test('moves from one slot to the next as the clock passes, and says when the day is over', async () => {
    const page = await openWall('10:40');
    await page.clock.fastForward('06:00');
    await page.locator('[data-wall-clock]', { hasText: '10:46' }).waitFor();
    await expect(cell(page, 'Main Hall', 'now').innerText()).resolves.toBe('Free');
    await page.locator('[data-wall-note]', { hasText: 'Break: the next sessions start at 11:00.' }).waitFor();

    await page.clock.fastForward('15:00');
    await cell(page, 'Main Hall', 'now').getByText('Plain English letters').waitFor();
    await expect(cell(page, 'Main Hall', 'now').innerText()).resolves.toMatch(/^Until 11:45/);
    await expect(page.locator('[data-wall-note]').isHidden()).resolves.toBe(true);

    await page.clock.setSystemTime(at('17:00'));
    await page.clock.fastForward('00:10');
    await page.locator('[data-wall-note]', { hasText: 'That’s all for today' }).waitFor();
    expect(await notReloaded(page)).toBe(true);
  });

  test('updates live when an organiser moves a session over HTTP, with overlap hints and links as the board shows them', async () => {
    const page = await openWall('10:40');
    const res = await fetch(`${app.baseUrl}/api/events/${camp.eventId}/sessions/${camp.ids.rural}/placement`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${camp.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomId: camp.rooms.attic, slotId: camp.slots.ten }),
    });
    expect(res.status).toBe(200);
    await cell(page, 'Attic', 'now').getByText('Digital inclusion in rural areas').waitFor();

    app.server.services.facilitation.link(camp.eventId, { sessionIds: [camp.ids.rural!, camp.ids.letters!] });
    await cell(page, 'Attic', 'now').getByText('↔ Linked: “Plain English letters”, Main Hall at 11:00').waitFor();
    await cell(page, 'Main Hall', 'next').getByText('↔ Linked: “Digital inclusion in rural areas”, Attic at 10:00').waitFor();
    expect(await notReloaded(page)).toBe(true);
  });

  test('marks sessions in separate rooms that cover the same ground, as the board does', async () => {
    const page = await openWall('10:40');
    const { services } = app.server;
    const twin = services.sessions.pitch(camp.eventId, {
      title: 'Sharing code between councils',
      notes: 'Why do councils not share code?',
      pitcher: 'Sam',
    }).value.id;
    services.sessions.place(camp.eventId, twin, { roomId: camp.rooms.attic, slotId: camp.slots.ten });
    // The detector runs after the change, off the request path (its first run loads the encoder).
    await cell(page, 'Attic', 'now')
      .getByText('⚑ Same ground as “Why can’t councils share code?”, Main Hall at 10:00')
      .waitFor({ timeout: 80_000 });
    await cell(page, 'Main Hall', 'now').getByText('⚑ Same ground as “Sharing code between councils”, Attic at 10:00').waitFor();
    await expect(row(page, 'Attic').locator('.session-card.overlapping').count()).resolves.toBe(1);
  }, 120_000);

  test('reconnects by itself after the server restarts and shows what changed meanwhile, without growing', async () => {
    const page = await openWall('10:20');
    await app.restart({
      whileDown: (server) =>
        server.services.sessions.place(camp.eventId, camp.ids.rural!, { roomId: camp.rooms.attic, slotId: camp.slots.eleven }),
    });
    await cell(page, 'Attic', 'next').getByText('Digital inclusion in rural areas').waitFor();
    await page.locator('[data-wall-status]', { hasText: 'Live' }).waitFor();
    const size = () => page.evaluate(() => document.getElementsByTagName('*').length);
    const shown = await size();
    // Changes and clock ticks later, showing the same thing again, the page holds no more than before.
    const { services } = app.server;
    for (const slotId of [camp.slots.one, camp.slots.eleven, camp.slots.one, camp.slots.eleven]) {
      services.sessions.place(camp.eventId, camp.ids.rural!, { roomId: camp.rooms.attic, slotId });
      await cell(page, 'Attic', 'next')
        .getByText(slotId === camp.slots.one ? '13:00–13:45' : '11:00–11:45')
        .waitFor();
      await page.clock.fastForward('01:00');
    }
    await page.locator('[data-wall-clock]', { hasText: '10:2' }).waitFor();
    expect(await size()).toBe(shown);
    expect(await notReloaded(page)).toBe(true);
  });
});
