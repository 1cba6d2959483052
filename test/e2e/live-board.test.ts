import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { dragWired, gridCell } from './grid';

/** Two browsers on one board: whatever one does, the other sees without reloading. */
describe('the live board', () => {
  let app: RunningApp;
  let browser: Browser;
  let eventId: string;
  let adminToken: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { services } = app.server;
    const created = services.events.create({ name: 'Live Camp', date: '2026-12-05', venue: '' });
    eventId = created.event.id;
    adminToken = created.adminToken;
    for (const name of ['Hall', 'Library']) services.grid.addRoom(eventId, { name, capacity: null });
    services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' });
    services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' });
    services.sessions.pitch(eventId, { title: 'Why can’t councils collaborate?', notes: '', pitcher: 'Priya' });
    services.sessions.pitch(eventId, { title: 'Open data nobody uses', notes: '', pitcher: 'Ifeoma' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function openBoard(asOrganiser: boolean): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    if (asOrganiser) await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    // Joined and drawn (an organiser's overlap announcement may replace the status line's "Live").
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    return page;
  }

  const cell = gridCell;

  test('a session dragged in one browser moves in the other', async () => {
    const organiser = await openBoard(true);
    const viewer = await openBoard(false);
    const card = organiser
      .locator('[data-unscheduled] .session-card')
      .filter({ has: organiser.getByRole('link', { name: 'Why can’t councils collaborate?', exact: true }) });
    await card.dragTo(cell(organiser, 'Library', 1));
    await cell(viewer, 'Library', 1).getByText('Why can’t councils collaborate?').waitFor();
    await cell(organiser, 'Library', 1).getByText('Why can’t councils collaborate?').waitFor();
    expect(await viewer.locator('[data-unscheduled] .session-card').count()).toBe(1);
    expect(await viewer.locator('[data-unscheduled-count]').textContent()).toBe('1');
    expect(await viewer.locator('.move-button').count()).toBe(0);
  });

  test('an organiser moves a session with the keyboard alone', async () => {
    const organiser = await openBoard(true);
    const viewer = await openBoard(false);
    const move = organiser.getByRole('button', { name: 'Move “Open data nobody uses”' });
    await move.focus();
    await organiser.keyboard.press('Enter');
    const select = organiser.getByLabel('Room and time');
    await expect(select.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await select.selectOption({ label: '10:00–10:45 · Hall' });
    await organiser.keyboard.press('Tab');
    await organiser.keyboard.press('Enter');
    await cell(viewer, 'Hall', 0).getByText('Open data nobody uses').waitFor();
    await cell(organiser, 'Hall', 0).getByText('Open data nobody uses').waitFor();
  });

  test('an attendee taps “I’d go” on the board and every board shows the new count', async () => {
    const attendee = await openBoard(false);
    const viewer = await openBoard(false);
    const toggle = attendee.getByRole('button', { name: 'I’d go to “Open data nobody uses”' });
    await toggle.click();
    // Pressed once the server has counted it (the board waits for its answer).
    await attendee.getByRole('button', { name: 'I’d go to “Open data nobody uses”', pressed: true }).waitFor();
    await viewer
      .locator('.session-card')
      .filter({ has: viewer.getByRole('link', { name: 'Open data nobody uses', exact: true }) })
      .getByText('1 would go')
      .waitFor();
    await attendee.reload();
    await attendee.getByRole('button', { name: 'I’d go to “Open data nobody uses”', pressed: true }).waitFor();
  });

  test('a pitch from a phone appears on every open board', async () => {
    const viewer = await openBoard(false);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(phone);
    const attendee = await phone.newPage();
    await attendee.goto(`${app.baseUrl}/e/${eventId}/pitch`);
    await attendee.getByLabel('Title').fill('Plain English letters');
    await attendee.getByLabel('Your name').fill('Ruth');
    await attendee.getByRole('button', { name: 'Pitch mine' }).click();
    await viewer.locator('[data-unscheduled]').getByText('Plain English letters').waitFor();
  });

  test('a press on a card that the browser takes over (a context menu) does not hold the board: changes show, and cards still drag', async () => {
    const title = 'Digital inclusion on a shoestring';
    app.server.services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Ruth' });
    // Analysed before the board opens: no result redraws it between finding the card and pressing it.
    await app.server.services.suggestions.refresh(eventId);
    const organiser = await openBoard(true);
    await dragWired(organiser);
    const card = organiser.locator('.session-card').filter({ has: organiser.getByRole('link', { name: title, exact: true }) });
    await card.scrollIntoViewIfNeeded();
    const box = await card.boundingBox();
    if (!box) throw new Error('The card is not on the screen.');
    // A Mac's ctrl-click: the button goes down, a context menu opens, and the page never hears it come up.
    await organiser.mouse.move(box.x + box.width - 10, box.y + 8);
    await organiser.mouse.down();
    await card.and(organiser.locator('.sortable-chosen')).waitFor();
    await organiser.evaluate(() => document.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true })));
    await organiser.locator('.sortable-chosen').waitFor({ state: 'detached' });
    app.server.services.sessions.pitch(eventId, { title: 'Ward surgeries online', notes: '', pitcher: 'Sam' });
    await organiser.locator('[data-unscheduled]').getByRole('link', { name: 'Ward surgeries online', exact: true }).waitFor();
    await organiser.mouse.up();

    await card.dragTo(cell(organiser, 'Hall', 1));
    await cell(organiser, 'Hall', 1).getByRole('link', { name: title, exact: true }).waitFor();
  });
});
