import type { Browser, Page } from 'playwright-core';
import type { Services } from '../../server/services';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { at, settableClock } from './day-camp';

/**
 * The wall on real projector sizes with few and many rooms: every room is shown, legibly, on the
 * screen (on pages that turn by themselves when they do not all fit), and no word is broken.
 */
const ROOM_NAMES = [
  'Main Hall',
  'Committee Room 1',
  'Council Chamber',
  'Library',
  'Committee Room 2',
  'Garden Room',
  'Attic',
  'Kitchen',
  'Studio',
  'Boardroom',
  'Reading Room',
  'Quiet Room',
];

const TITLES = [
  'Why can’t councils share code? Building once for 300 authorities',
  'Plain English letters',
  'Open data nobody uses: what would make it useful to residents and charities?',
  'Digital inclusion in rural areas',
  'User research on a shoestring',
  'Generative AI policies for local government: what should we write down first?',
];

function seedWall(services: Services, rooms: number): string {
  const { event } = services.events.create({ name: 'Wall Camp 2026', date: '2026-06-20', venue: 'Town Hall, Civic Square' });
  const slotIds = [
    services.grid.addSlot(event.id, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id,
    services.grid.addSlot(event.id, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id,
  ];
  ROOM_NAMES.slice(0, rooms).forEach((name, r) => {
    const roomId = services.grid.addRoom(event.id, { name, capacity: 20 + r }).value.id;
    slotIds.forEach((slotId, s) => {
      const title = TITLES[(r + s) % TITLES.length] ?? 'Session';
      const id = services.sessions.pitch(event.id, { title, notes: '', pitcher: `Host ${r + 1}` }).value.id;
      services.sessions.place(event.id, id, { roomId, slotId });
    });
  });
  return event.id;
}

interface PageView {
  indicator: string | null;
  rooms: string[];
  /** Rows that do not fit on the screen, or text cut off at the side. */
  overflowing: string[];
  titleSize: number;
  roomSize: number;
  /** Room names with a word split over two lines. */
  brokenWords: string[];
}

const view = (page: Page): Promise<PageView> =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLTableRowElement>('.wall-table tbody tr')].filter((row) => !row.hidden);
    const indicator = document.querySelector<HTMLElement>('[data-wall-pages]');
    const words = (th: Element): string[] => {
      const text = th.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) return [];
      const broken: string[] = [];
      const value = text.textContent ?? '';
      let start = 0;
      for (const word of value.split(' ')) {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + word.length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(word);
        start += word.length + 1;
      }
      return broken;
    };
    const size = (selector: string) =>
      Math.min(...rows.map((row) => parseFloat(getComputedStyle(row.querySelector(selector) as Element).fontSize)));
    return {
      indicator: indicator && !indicator.hidden ? indicator.textContent : null,
      rooms: rows.map((row) => row.querySelector('th')?.textContent ?? ''),
      overflowing: rows
        .filter((row) => row.getBoundingClientRect().bottom > window.innerHeight || row.getBoundingClientRect().right > window.innerWidth)
        .map((row) => row.querySelector('th')?.textContent ?? ''),
      titleSize: size('.session-card h3'),
      roomSize: size('th'),
      brokenWords: rows.flatMap((row) => words(row.querySelector('th') as Element)),
    };
  });

describe('the wall display on a projector', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ clock: settableClock(at('10:20')) });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const cases = [
    { rooms: 4, width: 1920, height: 1080, minTitle: 30 },
    { rooms: 4, width: 1280, height: 720, minTitle: 19 },
    { rooms: 10, width: 1920, height: 1080, minTitle: 28 },
    { rooms: 10, width: 1280, height: 720, minTitle: 19 },
    // The ends of the range the wall is made for (1 to 12 rooms).
    { rooms: 1, width: 1280, height: 720, minTitle: 19 },
    { rooms: 12, width: 1920, height: 1080, minTitle: 28 },
    { rooms: 12, width: 1280, height: 720, minTitle: 19 },
  ];

  test.each(cases)(
    '$rooms rooms at $width×$height: every room, legible, on the screen, words unbroken',
    async ({ rooms, width, height, minTitle }) => {
      const eventId = seedWall(app.server.services, rooms);
      // The overlap marks are found before the wall joins: marks arriving later would add lines to
      // the cards and lay the rooms out again on more pages while the pages are being counted.
      await app.server.services.suggestions.refresh(eventId);
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      try {
        await page.clock.install({ time: at('10:20') });
        await page.goto(`${app.baseUrl}/e/${eventId}/wall`);
        await page.locator('[data-wall-status]', { hasText: 'Live' }).waitFor();
        await page.locator('[data-wall][data-live]').waitFor();
        const seen: string[] = [];
        let first = await view(page);
        const pages = first.indicator ? Number(/of (\d+)/.exec(first.indicator)?.[1]) : 1;
        if (rooms <= 4 && width >= 1920) expect(pages).toBe(1);
        for (let k = 0; k < pages; k++) {
          const shown = k === 0 ? first : await view(page);
          if (pages > 1) expect(shown.indicator).toMatch(new RegExp(`^Page ${k + 1} of ${pages} · rooms \\d+–\\d+ of ${rooms}$`));
          expect(shown.overflowing).toEqual([]);
          expect(shown.brokenWords).toEqual([]);
          expect(shown.titleSize).toBeGreaterThanOrEqual(minTitle);
          expect(shown.roomSize).toBeGreaterThanOrEqual(minTitle * 0.9);
          seen.push(...shown.rooms);
          if (k === 0) await expectNoAxeViolations(page, `wall with ${rooms} rooms at ${width}×${height}`);
          if (pages > 1) {
            // The pages turn by themselves.
            await page.clock.fastForward('00:12');
            await page.waitForFunction(
              (expected) => document.querySelector('[data-wall-pages]')?.textContent?.startsWith(`Page ${expected} `),
              ((k + 1) % pages) + 1,
            );
          }
        }
        expect(seen).toEqual(ROOM_NAMES.slice(0, rooms));
        first = await view(page);
        expect(first.rooms[0]).toBe('Main Hall');
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      } finally {
        await context.close();
      }
    },
  );

  test('a projector set to reduce motion fits the rooms as any other: the same type size and pages', async () => {
    // Rows that do not fit at the first type size tried. Overlap marks are found before the walls
    // join, so both draw the same cards.
    const eventId = seedWall(app.server.services, 5);
    await app.server.services.suggestions.refresh(eventId);
    const fitted = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion });
      try {
        const page = await context.newPage();
        await page.clock.install({ time: at('10:20') });
        await page.goto(`${app.baseUrl}/e/${eventId}/wall`);
        await page.locator('[data-wall][data-live]').waitFor();
        return { ...(await view(page)), scale: await page.locator('.wall-table').evaluate((table) => table.style.fontSize) };
      } finally {
        await context.close();
      }
    };
    const usual = await fitted('no-preference');
    expect(usual.scale).not.toBe('1em');
    await expect(fitted('reduce')).resolves.toEqual(usual);
  });

  test('the invite corner shows the board’s QR code and address, large enough to scan across a room', async () => {
    const eventId = seedWall(app.server.services, 4);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    try {
      await page.goto(`${app.baseUrl}/e/${eventId}/wall`);
      const qr = page.getByRole('img', { name: /^QR code for http:\/\/127\.0\.0\.1:\d+\/e\/[\w-]+$/ });
      const box = await qr.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(120);
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThan(300);
      await page.locator('.wall-invite', { hasText: `${app.baseUrl}/e/${eventId}` }).waitFor();
    } finally {
      await context.close();
    }
  });
});
