import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { cardTitled, dragWired, gridCell, placeOf } from './grid';

/**
 * Safe drops: a card let go on an occupied cell is never put somewhere else. Two placed sessions
 * may swap once the organiser confirms; an unscheduled one is refused with the reason; a card let
 * go outside the grid goes back; the columns keep their widths while a card is dragged. "Move…"
 * (the keyboard way) follows the same rules.
 */
describe('dropping a card on the board', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let eventId: string;
  let adminToken: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  /** Hall, Library and Attic at 10:00 and 11:00: "Open data" in Hall 10:00, "Plain English" in Library 11:00, two unscheduled. */
  beforeEach(() => {
    const { services } = app.server;
    const created = services.events.create({ name: 'Drop Camp', date: '2026-12-05', venue: '' });
    eventId = created.event.id;
    adminToken = created.adminToken;
    const hall = services.grid.addRoom(eventId, { name: 'Hall', capacity: null }).value.id;
    const library = services.grid.addRoom(eventId, { name: 'Library', capacity: null }).value.id;
    services.grid.addRoom(eventId, { name: 'Attic', capacity: null });
    const ten = services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
    const eleven = services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id;
    for (const title of [
      'Open data',
      'Plain English',
      'Digital inclusion',
      'Accessibility audits: what a small council can do in a week without a budget or a supplier',
    ]) {
      ids[title] = services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Priya' }).value.id;
    }
    services.sessions.place(eventId, ids['Open data'] ?? '', { roomId: hall, slotId: ten });
    services.sessions.place(eventId, ids['Plain English'] ?? '', { roomId: library, slotId: eleven });
  });

  async function openBoard(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await dragWired(page);
    return page;
  }

  const cell = gridCell;
  const card = cardTitled;
  const where = (title: string) => placeOf(app.server.services, eventId, ids[title]);

  /** Drags with the mouse, step by step, calling `during` while the card is over `to`. */
  async function drag(page: Page, from: Locator, to: Locator | { x: number; y: number }, during?: () => Promise<void>): Promise<void> {
    const start = await from.boundingBox();
    const end =
      'x' in to
        ? to
        : await to.boundingBox().then((box) => ({ x: (box?.x ?? 0) + (box?.width ?? 0) / 2, y: (box?.y ?? 0) + (box?.height ?? 0) / 2 }));
    await page.mouse.move((start?.x ?? 0) + 20, (start?.y ?? 0) + 10);
    await page.mouse.down();
    await page.mouse.move(end.x, end.y, { steps: 12 });
    await page.mouse.move(end.x + 2, end.y + 2, { steps: 2 });
    if (during) await during();
    await page.mouse.up();
  }

  test('on an occupied cell, two placed sessions swap once confirmed; Cancel leaves both where they were', async () => {
    const page = await openBoard();
    await drag(page, card(page, 'Open data'), cell(page, 'Library', 1));
    const dialog = page.getByRole('dialog', { name: 'That cell is taken' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain(
      '“Plain English” is already in Library, 11:00. Swap it with “Open data” (Hall, 10:00)?',
    );
    await expectNoAxeViolations(page, 'the swap dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#live-status', { hasText: 'Nothing moved.' }).waitFor();
    expect([where('Open data'), where('Plain English')]).toEqual(['Hall 10:00', 'Library 11:00']);
    await expect(cell(page, 'Hall', 0).textContent()).resolves.toContain('Open data');

    await drag(page, card(page, 'Open data'), cell(page, 'Library', 1));
    await dialog.getByRole('button', { name: 'Swap them' }).click();
    await page.locator('#live-status', { hasText: 'You swapped rooms' }).waitFor();
    expect([where('Open data'), where('Plain English')]).toEqual(['Library 11:00', 'Hall 10:00']);
    await cell(page, 'Library', 1).getByText('Open data').waitFor();
    await cell(page, 'Hall', 0).getByText('Plain English').waitFor();
    await page.close();
  });

  test('an unscheduled card on an occupied cell is refused with the reason, and put nowhere else', async () => {
    const page = await openBoard();
    await drag(page, card(page, 'Digital inclusion'), cell(page, 'Hall', 0));
    await page
      .locator('#live-status', {
        hasText: 'Not moved: “Open data” is already in Hall, 10:00. Drop “Digital inclusion” on a free cell, or move “Open data” first.',
      })
      .waitFor();
    expect([where('Digital inclusion'), where('Open data')]).toEqual(['unscheduled', 'Hall 10:00']);
    await page.locator('[data-unscheduled]').getByText('Digital inclusion').waitFor();
    await page.close();
  });

  test('a card let go outside the grid goes back; the columns keep their widths while it is dragged', async () => {
    const page = await openBoard();
    const widths = () =>
      page.locator('table.grid thead th').evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
    const before = await widths();
    let during: number[] = [];
    // A long title over the empty Attic column would widen it, squeezing the others.
    const long = 'Accessibility audits: what a small council can do in a week without a budget or a supplier';
    await drag(page, card(page, long), cell(page, 'Attic', 0), async () => {
      during = await widths();
    });
    expect(during).toEqual(before);
    await cell(page, 'Attic', 0).getByText(long).waitFor();
    await drag(page, card(page, 'Digital inclusion'), cell(page, 'Library', 0));
    await cell(page, 'Library', 0).getByText('Digital inclusion').waitFor();
    expect(where('Digital inclusion')).toBe('Library 10:00');

    // Out over the page's heading, then let go there.
    const heading = await page.locator('h1').boundingBox();
    await drag(page, card(page, 'Digital inclusion'), { x: (heading?.x ?? 0) + 10, y: (heading?.y ?? 0) + 10 });
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await cell(page, 'Library', 0).getByText('Digital inclusion').waitFor();
    expect(where('Digital inclusion')).toBe('Library 10:00');
    await page.close();
  });

  test('“Move…” offers a swap on a taken cell for a placed session, and names it taken for an unscheduled one', async () => {
    const page = await openBoard();
    await page.getByRole('button', { name: 'Move “Digital inclusion”' }).click();
    const select = page.getByLabel('Room and time');
    const taken = select.locator('option', { hasText: 'Hall' }).first();
    await expect(taken.textContent()).resolves.toBe('10:00–10:45 · Hall — taken by Open data');
    await expect(taken.isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Move “Open data”' }).click();
    await select.selectOption({ label: '11:00–11:45 · Library — swap with Plain English' });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'That cell is taken' });
    await dialog.waitFor();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Swap them');
    await page.keyboard.press('Enter');
    await page.locator('#live-status', { hasText: 'You swapped rooms' }).waitFor();
    expect([where('Open data'), where('Plain English')]).toEqual(['Library 11:00', 'Hall 10:00']);
    await page.close();
  });
});
