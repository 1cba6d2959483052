import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * An organiser setting an event up at a laptop: links copied with one click, rooms and slots added
 * in place (one at a time or pasted), a deletion confirmed and undone, a co-organiser's link, and
 * the invite panel with its QR code.
 */
describe('setting an event up in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
  });
  afterEach(async () => {
    await context?.close();
  });

  const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
  /** Marks the page: a reload would lose the mark. */
  const mark = (page: Page) => page.evaluate(() => Object.assign(window, { samePage: true }));
  const sameAsMarked = (page: Page) => page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage === true);

  async function createEvent(page: Page): Promise<void> {
    await page.goto(app.baseUrl);
    await page.getByLabel('Event name').fill('Set-up Camp');
    await page.getByLabel('Date').fill('2026-12-05');
    await page.getByLabel(/^Time zone/).selectOption('Europe/Paris');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByRole('heading', { name: /Your event is ready/ }).waitFor();
  }

  test('the organiser link is shown whole and copied with one click', async () => {
    const page = await context.newPage();
    await createEvent(page);
    const field = page.getByLabel('Organiser link');
    const link = await field.inputValue();
    expect(link).toMatch(/\/admin\?key=[\w-]{43}$/);
    // Whole: the box is tall enough for every character, nothing scrolls out of sight.
    const fits = await field.evaluate((box) => box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth);
    expect(fits).toBe(true);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await clipboard(page)).toBe(link);
    await page.getByRole('link', { name: 'Set up rooms and time slots' }).click();
    await expect(page.getByLabel(/^Time zone/).inputValue()).resolves.toBe('Europe/Paris');
  });

  test('rooms and slots are added in place, one by one or pasted, with every field labelled and the focus kept', async () => {
    const page = await context.newPage();
    await createEvent(page);
    await page.getByRole('link', { name: 'Set up rooms and time slots' }).click();
    await mark(page);

    for (const name of ['Main Hall', 'Library']) {
      await page.getByLabel('New room').fill(name);
      await page.getByLabel('New room').press('Enter');
      await page
        .locator('#rooms li')
        .filter({ has: page.locator(`input[value="${name}"]`) })
        .waitFor();
      // The next room is typed straight away: the focus is back in the empty name field.
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('new-room-name');
      await expect(page.getByLabel('New room').inputValue()).resolves.toBe('');
    }
    await page.locator('#rooms').getByText('Room added.').waitFor();

    await page.getByText('Paste a list of time slots').click();
    await page.getByLabel(/^Time slots, one a line/).fill('09:45-10:30 Session 1\n10:45-10:30 Session 2\n11:30-12:15');
    await page.getByRole('button', { name: 'Add these time slots' }).click();
    await page
      .locator('#slots [role="alert"]', { hasText: 'Line 2 (“10:45-10:30 Session 2”): the end (10:30) must be after the start (10:45).' })
      .waitFor();
    // Nothing added, and what was typed is still there to fix.
    await expect(page.locator('#slots .setup-list li').count()).resolves.toBe(0);
    await page.getByLabel(/^Time slots, one a line/).fill('09:45-10:30 Session 1\n10:45-11:30 Session 2\n11:30-12:15');
    await page.getByRole('button', { name: 'Add these time slots' }).click();
    await page.locator('#slots').getByText('3 time slots added.').waitFor();
    await expect(page.locator('#slots .setup-list li').count()).resolves.toBe(3);
    expect(await sameAsMarked(page)).toBe(true);

    // Every field a person fills in has a label they can see (not only one for screen readers).
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('main input:not([type=hidden]), main select, main textarea')]
        .filter((field) => field.offsetParent !== null)
        .filter((field) => {
          const label = field.labels?.[0];
          return !label || label.getBoundingClientRect().width < 8 || label.textContent?.trim() === '';
        })
        .map((field) => field.id || field.name),
    );
    expect(unlabelled).toEqual([]);
    await expectNoAxeViolations(page, 'organiser page after adding rooms and slots in place');
  });

  test('deleting a room asks first, and its undo puts it back with its session', async () => {
    const page = await context.newPage();
    await createEvent(page);
    const services = app.server.services;
    const id = (await page.getByRole('link', { name: 'Set up rooms and time slots' }).getAttribute('href'))?.split('/')[2] ?? '';
    const hall = services.grid.addRoom(id, { name: 'Committee Room 1', capacity: 20 }).value.id;
    const slot = services.grid.addSlot(id, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
    const session = services.sessions.pitch(id, { title: 'Open data', notes: '', pitcher: 'Ann' }).value.id;
    services.sessions.place(id, session, { roomId: hall, slotId: slot });

    await page.goto(`${app.baseUrl}/e/${id}/admin`);
    const remove = page.getByRole('link', { name: 'Delete Committee Room 1' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: /Delete the room “Committee Room 1”\?/ });
    await dialog.waitFor();
    await expect(dialog.innerText()).resolves.toContain('Open data');
    await expectNoAxeViolations(page, 'organiser page with the delete dialog open');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Delete Committee Room 1');
    expect(services.events.board(id).rooms).toHaveLength(1);

    await remove.click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Room deleted. 1 session it held was moved back to unscheduled, none deleted.').waitFor();
    expect(services.events.board(id).rooms).toHaveLength(0);
    await page.getByRole('button', { name: 'Undo: put it back' }).click();
    await page.getByText('Put back, with 1 session in its old place.').waitFor();
    expect(services.sessions.get(id, session)).toMatchObject({ roomId: hall, slotId: slot });
    await page.locator('#history').getByText('Undid deleting the room “Committee Room 1”; 1 session back in place.').waitFor();
  });

  test('a co-organiser’s link is made with a name and copied; the board invites people with a QR code', async () => {
    const page = await context.newPage();
    await createEvent(page);
    await page.getByRole('link', { name: 'Set up rooms and time slots' }).click();
    await page.getByLabel('Co-organiser’s name').fill('Sam');
    await page.getByRole('button', { name: 'Make an organiser link' }).click();
    await page.getByRole('heading', { name: 'Organiser link for Sam' }).waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    expect(await clipboard(page)).toBe(await page.getByLabel('Organiser link for Sam').inputValue());
    await expectNoAxeViolations(page, 'a co-organiser’s link');

    await page.getByRole('link', { name: 'Back to organising' }).click();
    await page.locator('#organisers').getByText('Sam', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'View the board' }).click();
    await page.getByText('Invite people').click();
    const qr = page.getByRole('img', { name: /^QR code for http:\/\/127\.0\.0\.1:\d+\/e\/[\w-]+$/ });
    const box = await qr.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(150);
    await page.locator('.share-panel').getByRole('button', { name: 'Copy' }).nth(1).click();
    expect(await clipboard(page)).toMatch(
      /^Join us at Set-up Camp \(2026-12-05\)\. See what's on, pitch a session and say which you'd go to, from your phone: http/,
    );
    await expectNoAxeViolations(page, 'board with the invite panel open');
  });
});
