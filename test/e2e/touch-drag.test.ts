import type { Browser, BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { cardTitled, dragWired, gridCell, placeOf } from './grid';

/**
 * Organisers on a tablet drag cards with a finger: touch events, as a touch screen sends them
 * (Chromium's DevTools protocol: Playwright's touchscreen only taps). The same rules as with a
 * mouse: a free cell takes the card, a taken one offers a swap or refuses.
 */
describe('dragging a card by touch on a tablet', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let eventId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    // An iPad Air held upright.
    context = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });
    const { services } = app.server;
    const created = services.events.create({ name: 'Touch Camp', date: '2026-12-05', venue: '' });
    eventId = created.event.id;
    const hall = services.grid.addRoom(eventId, { name: 'Hall', capacity: null }).value.id;
    const library = services.grid.addRoom(eventId, { name: 'Library', capacity: null }).value.id;
    const ten = services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
    const eleven = services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id;
    for (const title of ['Open data', 'Plain English', 'Digital inclusion']) {
      ids[title] = services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Priya' }).value.id;
    }
    services.sessions.place(eventId, ids['Open data'] ?? '', { roomId: hall, slotId: ten });
    services.sessions.place(eventId, ids['Plain English'] ?? '', { roomId: library, slotId: eleven });
    // Analysed before any board opens: its result redraws no board under a finger in the first test.
    await services.suggestions.refresh(eventId);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${created.adminToken}`);
    await page.close();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  async function openBoard(): Promise<{ page: Page; touch: CDPSession }> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await dragWired(page);
    return { page, touch: await context.newCDPSession(page) };
  }

  const cell = gridCell;
  const card = cardTitled;
  const where = (title: string) => placeOf(app.server.services, eventId, ids[title]);

  /**
   * A finger put down on the card's top right corner, moved in small steps to the left part of `to`
   * (on a tablet the grid scrolls sideways under the unscheduled list, so the middle of a cell at
   * the edge may be covered), and lifted. Cells grow as the card passes over them, so like a person
   * the finger follows the cell to where it is now before letting go. `whileHeld` runs while the
   * finger rests on the card, before it moves.
   */
  async function swipe(touch: CDPSession, from: Locator, to: Locator, whileHeld?: () => Promise<void>): Promise<void> {
    // The board may be drawn again meanwhile (the move's own echo, an analysis): the card is found afresh.
    let start: { x: number; y: number; width: number; height: number } | null = null;
    for (let attempt = 0; attempt < 5 && !start; attempt++) {
      await from.scrollIntoViewIfNeeded();
      start = await from.boundingBox();
    }
    if (!start) throw new Error('The card is not on the screen.');
    let at = { x: start.x + start.width - 12, y: start.y + 8 };
    const finger = (type: 'touchStart' | 'touchMove', point: { x: number; y: number }) =>
      touch.send('Input.dispatchTouchEvent', { type, touchPoints: [{ ...point, id: 1 }] });
    await finger('touchStart', at);
    // As a finger does, a first small move once the page has the card, then the drag is under way
    // (Sortable's floating copy of the card is on the page) before the rest: a loaded page that
    // answers a quick swipe late lets the browser take it for a scroll.
    await from.page().locator('.session-card.sortable-chosen').waitFor({ state: 'attached' });
    await whileHeld?.();
    at = { x: at.x - 6, y: at.y + 6 };
    await finger('touchMove', at);
    await from.page().locator('.sortable-fallback').waitFor({ state: 'attached' });
    for (let attempt = 0; attempt < 3; attempt++) {
      const box = await to.boundingBox();
      if (!box) throw new Error('The cell is not on the screen.');
      const target = { x: box.x + 30, y: box.y + box.height / 2 };
      for (let step = 1; step <= 8; step++) {
        await finger('touchMove', { x: at.x + ((target.x - at.x) * step) / 8, y: at.y + ((target.y - at.y) * step) / 8 });
      }
      at = target;
    }
    await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  test('a card dragged onto a free cell moves there; onto a taken cell, a swap is offered, or refused for an unscheduled one', async () => {
    const { page, touch } = await openBoard();
    await swipe(touch, card(page, 'Open data'), cell(page, 'Library', 0));
    await page.locator('#live-status', { hasText: 'You moved' }).waitFor();
    await cell(page, 'Library', 0).getByRole('link', { name: 'Open data', exact: true }).waitFor();
    expect(where('Open data')).toBe('Library 10:00');

    await swipe(touch, card(page, 'Open data'), cell(page, 'Library', 1));
    const dialog = page.getByRole('dialog', { name: 'That cell is taken' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Swap them' }).tap();
    await page.locator('#live-status', { hasText: 'You swapped rooms' }).waitFor();
    expect([where('Open data'), where('Plain English')]).toEqual(['Library 11:00', 'Library 10:00']);

    await swipe(touch, card(page, 'Digital inclusion'), cell(page, 'Library', 1));
    await page
      .locator('#live-status', {
        hasText: 'Not moved: “Open data” is already in Library, 11:00.',
      })
      .waitFor();
    expect(where('Digital inclusion')).toBe('unscheduled');
    await page.locator('[data-unscheduled]').getByRole('link', { name: 'Digital inclusion', exact: true }).waitFor();
    await page.close();
  });

  test('a change from elsewhere while a finger rests on a card does not drop it: the board catches up after the move', async () => {
    const { page, touch } = await openBoard();
    await swipe(touch, card(page, 'Digital inclusion'), cell(page, 'Hall', 1), async () => {
      // A finger resting long enough opens a context menu: it is still down, and drags next.
      await page.evaluate(() =>
        document.dispatchEvent(new PointerEvent('contextmenu', { pointerType: 'touch', bubbles: true, cancelable: true })),
      );
      ids['Ward surgeries'] = app.server.services.sessions.pitch(eventId, { title: 'Ward surgeries', notes: '', pitcher: 'Sam' }).value.id;
      await page.locator('#live-status', { hasText: 'New pitch: “Ward surgeries”' }).waitFor();
    });
    await page.locator('#live-status', { hasText: 'You moved' }).waitFor();
    expect(where('Digital inclusion')).toBe('Hall 11:00');
    await cell(page, 'Hall', 1).getByRole('link', { name: 'Digital inclusion', exact: true }).waitFor();
    await page.locator('[data-unscheduled]').getByRole('link', { name: 'Ward surgeries', exact: true }).waitFor();
    await page.close();
  });
});
