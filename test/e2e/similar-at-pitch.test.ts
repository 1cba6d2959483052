import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const OTHERS = [
  'Bees on the roof',
  'Accessible maps',
  'Budgeting for libraries',
  'Parking permits online',
  'Climate adaptation plans',
  'Recruiting developers',
  'Data ethics boards',
  'Election night results',
  'Social care records',
];

/**
 * Issue 16, browser test (a): on a phone, pitching a session like one already pitched shows it
 * (room and time, and why) while typing, and "Join that one instead" creates nothing new: it asks
 * the session's host, who sees the request on the session's page and accepts it.
 */
describe('similar sessions at the pitch', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function phone(): Promise<BrowserContext> {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    return context;
  }

  test('on a phone, a pitch like an existing session shows it, and "Join that one instead" creates nothing new', async () => {
    const { services } = app.server;
    const { event } = services.events.create({ name: 'Council Camp', date: '2026-06-20', venue: 'Town Hall' });
    const room = services.grid.addRoom(event.id, { name: 'Library', capacity: null }).value.id;
    const slot = services.grid.addSlot(event.id, { label: 'Morning', startsAt: '10:45', endsAt: '11:30' }).value.id;

    // The host pitches from their phone (the first pitch: nothing to compare it with).
    const host = await (await phone()).newPage();
    await host.goto(`${app.baseUrl}/e/${event.id}/pitch`);
    await host.getByLabel('Title').fill('Low-code platforms in councils');
    await host.getByLabel('Your name').fill('Hana');
    await host.getByRole('button', { name: 'Pitch mine' }).tap();
    await host.getByRole('heading', { name: 'Low-code platforms in councils' }).waitFor();
    const lowCode = /\/s\/([^?#]+)/.exec(host.url())?.[1] as string;
    services.sessions.place(event.id, lowCode, { roomId: room, slotId: slot });
    for (const title of OTHERS) services.sessions.pitch(event.id, { title, notes: '', pitcher: 'Priya' });
    await services.suggestions.refresh(event.id);
    const count = services.events.board(event.id).sessions.length;

    const page = await (await phone()).newPage();
    await page.goto(`${app.baseUrl}/e/${event.id}/pitch`);
    const title = page.getByLabel('Title');
    await title.tap();
    await title.pressSequentially('Low-code platforms for councils');
    const item = page.locator('.similar-item', { hasText: 'Low-code platforms in councils' });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('In Library, Morning (10:45–11:30).');
    await expect(item.locator('.similar-why').textContent()).resolves.toMatch(/^Both about /);
    // Announced once by the live region; typing goes on where it was.
    await expect(page.locator('[data-similar-status]').textContent()).resolves.toMatch(/like yours (is|are) already pitched/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('title');
    await expect(page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).resolves.toBe(false);
    await expectNoAxeViolations(page, 'the pitch form with sessions like yours');

    await page.getByLabel('Your name').fill('Ana');
    await item.getByRole('button', { name: 'Join that one instead' }).tap();
    await page.getByRole('heading', { name: 'Low-code platforms in councils', level: 1 }).waitFor();
    await page.getByText('You asked to co-host this session').first().waitFor();
    expect(services.events.board(event.id).sessions.length).toBe(count);
    await expectNoAxeViolations(page, 'the session page after asking to co-host');

    // The host sees the request on the session's page and accepts it.
    await host.reload();
    const request = host.locator('.cohost-request', { hasText: 'Ana' });
    await expect(request.textContent()).resolves.toContain('Low-code platforms for councils');
    await expectNoAxeViolations(host, 'the session page with a request to co-host');
    await request.getByRole('button', { name: 'Accept Ana as a co-host' }).tap();
    await host.getByText('Accepted: they are now a co-host of this session.').waitFor();
    await host.locator('dt:text-is("Co-hosts") + dd', { hasText: 'Ana' }).waitFor();
    expect(services.sessions.get(event.id, lowCode).cohosts).toEqual(['Ana']);
  });
});
