import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { at, seedDayCamp, settableClock, type DayCamp } from './day-camp';

/** An iPad Air held upright: a touch screen, no mouse. */
const TABLET = { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true };

interface Box {
  what: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The organiser's board on a tablet: the header, the grid and the unscheduled column are usable
 * with a finger. The page never scrolls sideways (only the grid's own scroller does), everything
 * meant to be tapped is at least 44 × 44 CSS px, and no part covers another.
 */
describe('the organiser’s board on a tablet (820 × 1180, upright, touch)', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let camp: DayCamp;

  beforeAll(async () => {
    app = await startApp({ clock: settableClock(at('10:20')) });
    browser = await launchBrowser();
    context = await browser.newContext(TABLET);
    camp = seedDayCamp(app.server.services);
    // A fourth room and a longer title: the grid is wider than the screen, as at a real camp.
    app.server.services.grid.addRoom(camp.eventId, { name: 'Committee Room 2', capacity: 24 });
    app.server.services.sessions.pitch(camp.eventId, {
      title: 'Procurement frameworks for small suppliers and what we learned',
      notes: '',
      pitcher: 'Sam',
    });
    // A title shorter than a fingertip is wide.
    app.server.services.sessions.pitch(camp.eventId, { title: 'AI', notes: '', pitcher: 'Sam' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  async function organiserBoard(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${camp.eventId}/admin?key=${camp.adminToken}`);
    await page.clock.install({ time: at('10:20') });
    await page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Move “Open data nobody uses”' }).waitFor();
    return page;
  }

  /** Every visible thing meant to be tapped in the header, the grid and the unscheduled column. */
  const targets = (page: Page) =>
    page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          'header.site a, .board-head a, .board-head button, .grid-wrap button, .grid-wrap a.button, .grid-wrap select, .session-card h3 a, .unscheduled button, .unscheduled a.button, summary',
        ),
      ]
        .filter((node) => node.getClientRects().length > 0)
        .map((node): Box => {
          const { x, y, width, height } = node.getBoundingClientRect();
          return { what: node.getAttribute('aria-label') ?? node.textContent?.trim() ?? node.tagName, x, y, width, height };
        }),
    );

  /** Pairs of boxes that cover each other by more than a pixel. */
  const overlapping = (boxes: readonly Box[]) =>
    boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter(
          (b) =>
            Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 &&
            Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1,
        )
        .map((b) => [a.what, b.what]),
    );

  test('the page does not scroll sideways: the grid scrolls in its own box, beside or above the unscheduled column, never under it', async () => {
    const page = await organiserBoard();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    const parts = await page.evaluate(() =>
      ['.grid-wrap', 'aside.unscheduled', 'header.site', '.board-head'].map((selector) => {
        const { x, y, width, height } = document.querySelector(selector)!.getBoundingClientRect();
        return { what: selector, x, y, width, height };
      }),
    );
    expect(overlapping(parts)).toEqual([]);
    for (const part of parts) expect([part.what, part.x >= 0 && part.x + part.width <= 820]).toEqual([part.what, true]);
    // Every room's column can be reached in the grid's own scroller.
    const scroller = await page.evaluate(() => {
      const wrap = document.querySelector<HTMLElement>('.grid-wrap')!;
      return { overflow: getComputedStyle(wrap).overflowX, scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth };
    });
    if (scroller.scrollWidth > scroller.clientWidth) expect(scroller.overflow).toBe('auto');
    await page.close();
  });

  test('everything meant to be tapped is at least 44 × 44 px, and no control covers another', async () => {
    const page = await organiserBoard();
    const boxes = await targets(page);
    expect(boxes.length).toBeGreaterThan(10);
    expect(boxes.filter((box) => box.width < 44 || box.height < 44).map((box) => [box.what, box.width, box.height])).toEqual([]);
    expect(overlapping(boxes)).toEqual([]);
    await page.close();
  });

  test('a summary that wraps keeps its lines close together: only the control as a whole is made 44 px tall', async () => {
    const page = await organiserBoard();
    const summaries = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('summary')]
        .filter((node) => node.getClientRects().length > 0)
        .map((node) => {
          // Make each one wrap, as a long label does on a narrow screen.
          node.style.width = '4em';
          const range = document.createRange();
          range.selectNodeContents(node);
          const tops = [...new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))].sort((a, b) => a - b);
          node.style.width = '';
          const gaps = tops.slice(1).map((top, i) => top - (tops[i] as number));
          return { what: node.textContent?.trim() ?? '', gaps, fontSize: parseFloat(getComputedStyle(node).fontSize) };
        }),
    );
    const wrapped = summaries.filter((summary) => summary.gaps.length > 0);
    expect(wrapped.length).toBeGreaterThan(0);
    // Lines of text are about 1.5 em apart; a 44 px line height put them nearly 3 em apart.
    for (const summary of wrapped) expect([summary.what, Math.max(...summary.gaps) / summary.fontSize < 2]).toEqual([summary.what, true]);
    await page.close();
  });
});
