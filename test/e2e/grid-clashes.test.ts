import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { at, EVENT_DATE } from './day-camp';
import { cardTitled, dragWired, gridCell, placeOf } from './grid';

/**
 * Clashes on the grid (issue 16.5), at 1280 × 800: the Move… dialog names the cells where a session
 * would clash; moving it there is allowed, and its card and the status line say so; "Move to the
 * next free slot" moves it on; a drag into a clash is told the same way.
 */
describe('a move into a clash', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let eventId: string;
  let adminToken: string;
  const ids: Record<string, string> = {};
  const WHY = 'Why can’t councils share code?';
  const SHARING = 'Sharing code between councils';

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  /** Hall, Library and Attic at 10:00 and 11:00: the two sessions about sharing code, one in the Library at 10:00. */
  beforeEach(async () => {
    const { services } = app.server;
    // A week from today by the browser's clock: no slot has started or is next, so every session may move.
    const date = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const created = services.events.create({ name: 'Clash Camp', date, venue: '' });
    eventId = created.event.id;
    adminToken = created.adminToken;
    for (const name of ['Hall', 'Library', 'Attic']) services.grid.addRoom(eventId, { name, capacity: null });
    for (const [startsAt, endsAt] of [
      ['10:00', '10:45'],
      ['11:00', '11:45'],
    ] as const)
      services.grid.addSlot(eventId, { label: '', startsAt, endsAt });
    for (const title of [WHY, SHARING]) ids[title] = services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Priya' }).value.id;
    const board = services.events.board(eventId);
    services.sessions.place(eventId, ids[SHARING] ?? '', { roomId: board.rooms[1]?.id ?? '', slotId: board.slots[0]?.id ?? '' });
    await services.suggestions.refresh(eventId);
  });

  async function openBoard(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    return page;
  }

  const grid = (page: Page) => page.locator('table.grid');
  const cell = gridCell;
  const cardIn = cardTitled;
  const status = (page: Page, text: string) => page.locator('#live-status', { hasText: text }).waitFor();
  const where = (title: string) => placeOf(app.server.services, eventId, ids[title]);

  test('Move… marks the clashing cells; the move is made, said and shown, and the next free slot is one click away', async () => {
    const page = await openBoard();
    await page.getByRole('button', { name: `Move “${WHY}”`, exact: true }).click();
    const select = page.getByLabel('Room and time');
    const options = await select.locator('option').allTextContents();
    expect(options).toContain(`10:00–10:45 · Hall (clashes with “${SHARING}”)`);
    expect(options).toContain(`10:00–10:45 · Attic (clashes with “${SHARING}”)`);
    expect(options).toContain('11:00–11:45 · Hall');
    await select.selectOption({ label: `10:00–10:45 · Hall (clashes with “${SHARING}”)` });
    await page.getByRole('button', { name: 'Move', exact: true }).click();

    await status(page, `You moved “${WHY}” to Hall, 10:00. “${WHY}” clashes with “${SHARING}” (Library): both about`);
    expect(where(WHY)).toBe('Hall 10:00');
    const card = cardIn(cell(page, 'Hall', 0), WHY);
    await expect(card.locator('.marker.clash').textContent()).resolves.toMatch(
      new RegExp(`^⚠ Clashes with “${SHARING}” \\(Library\\): both about`),
    );
    await expect(card.locator('.marker.clash-fix').textContent()).resolves.toBe('Next free slot without a clash: Hall at 11:00');
    await expectNoAxeViolations(page, 'the organiser’s board with a clash shown');

    await grid(page)
      .getByRole('button', { name: `Move “${WHY}” to the next free slot, Hall at 11:00`, exact: true })
      .click();
    await status(page, `You moved “${WHY}” to Hall, 11:00.`);
    expect(where(WHY)).toBe('Hall 11:00');
    await cardIn(cell(page, 'Hall', 1), WHY).waitFor();
    await expect(grid(page).locator('.session-card.clashing').count()).resolves.toBe(0);
    await page.close();
  });

  test('a drag into a clash is allowed and said the same way', async () => {
    const page = await openBoard();
    await dragWired(page);
    const from = await cardIn(page.locator('[data-unscheduled]'), WHY).boundingBox();
    const to = await cell(page, 'Attic', 0).boundingBox();
    await page.mouse.move((from?.x ?? 0) + 20, (from?.y ?? 0) + 10);
    await page.mouse.down();
    const end = { x: (to?.x ?? 0) + (to?.width ?? 0) / 2, y: (to?.y ?? 0) + (to?.height ?? 0) / 2 };
    await page.mouse.move(end.x, end.y, { steps: 12 });
    await page.mouse.move(end.x + 2, end.y + 2, { steps: 2 });
    await page.mouse.up();

    await status(page, `You moved “${WHY}” to Attic, 10:00. “${WHY}” clashes with “${SHARING}” (Library)`);
    expect(where(WHY)).toBe('Attic 10:00');
    await cardIn(cell(page, 'Attic', 0), WHY)
      .locator('.marker.clash')
      .waitFor();
    await cardIn(cell(page, 'Library', 0), SHARING)
      .locator('.marker.clash', { hasText: `Clashes with “${WHY}” (Attic)` })
      .waitFor();
    await page.close();
  });

  test('a clashing session’s offer of the next free slot goes when its slot becomes next, on a board left open', async () => {
    const { services } = app.server;
    const created = services.events.create({ name: 'Clock Camp', date: EVENT_DATE, venue: '' });
    const id = created.event.id;
    const [hall, library] = ['Hall', 'Library'].map((name) => services.grid.addRoom(id, { name, capacity: null }).value.id);
    const [, eleven] = [
      ['10:00', '10:45'],
      ['11:00', '11:45'],
      ['13:00', '13:45'],
    ].map(([startsAt = '', endsAt = '']) => services.grid.addSlot(id, { label: '', startsAt, endsAt }).value.id);
    for (const [title, roomId] of [
      [WHY, hall],
      [SHARING, library],
    ] as const) {
      const session = services.sessions.pitch(id, { title, notes: '', pitcher: 'Priya' }).value.id;
      services.sessions.place(id, session, { roomId: roomId ?? '', slotId: eleven ?? '' });
    }
    await services.suggestions.refresh(id);
    const page = await context.newPage();
    // 09:30 on the day: 10:00 is next, so the session at 11:00 may still move on, to 13:00.
    await page.clock.install({ time: at('09:30') });
    await page.goto(`${app.baseUrl}/e/${id}/admin?key=${created.adminToken}`);
    await page.goto(`${app.baseUrl}/e/${id}`);
    const offer = grid(page).getByRole('button', { name: `Move “${WHY}” to the next free slot, Hall at 13:00`, exact: true });
    await offer.waitFor();

    // Nobody touches the board; at 10:01 the 10:00 slot has started and 11:00 is next. The clock is
    // set, then moved on by one regrouping of the board (20 s), not 31 minutes at once: that would
    // also time the socket out, and the reconnection would draw the board anyway.
    await page.clock.setSystemTime(at('10:01'));
    await page.clock.fastForward('00:20');
    await cardIn(cell(page, 'Hall', 1), WHY)
      .locator('.marker.clash-fix', { hasText: 'Its slot is running, over or next to start: it stays where it is.' })
      .waitFor();
    expect(await offer.count()).toBe(0);
    await page.close();
  });
});
