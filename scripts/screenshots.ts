/**
 * `npm run screenshots [-- --out DIR]`: the README's screenshots (docs/screenshots/ by default),
 * taken from the demo event so they stay current. Builds first (the npm script), then serves the
 * app on a temporary database and a free port on 127.0.0.1, seeds the demo event as `npm start`
 * does on an empty database, and photographs four pages in Debian's Chromium (test/e2e/browser.ts's
 * launcher, a fresh profile per run):
 *
 *  - board.png: the organiser's board at 1280×800;
 *  - phone.png: an attendee's phone at 390×844 (Now / Next / Later);
 *  - wall.png: the wall display at 1920×1080;
 *  - facilitator.png: the facilitator's suggestions panel beside the board at 1280×800.
 *
 * The same pictures every run: the server and every page read one fixed moment (11:10 on the demo's
 * day in London, during its second slot), ids come from the demo file, the browser reaches the
 * server as unsilo.example.org (so links and QR codes do not name this run's port), overlap
 * suggestions are found before anyone joins (by the bundled sentence encoder, as on a real
 * instance), and each picture is taken once its page has drawn from the live board (an attribute or
 * an element it waits for, never a delay).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, type Db } from '../server/persistence/database';
import { EventExport } from '../server/protocol/schemas';
import { seedDemoEvent } from '../server/services/demo';
import { createServer, type UnsiloServer } from '../server/server';
import { launchBrowser } from '../test/e2e/browser';

const ROOT = join(__dirname, '..');
const at = process.argv.indexOf('--out');
if (at >= 0 && !process.argv[at + 1]) {
  console.error('usage: npm run screenshots [-- --out DIR]');
  process.exit(2);
}
const OUT = resolve(at >= 0 ? (process.argv[at + 1] ?? '') : join(ROOT, 'docs', 'screenshots'));

const DAY = '2026-06-20';
const PUBLIC_HOST = 'unsilo.example.org';
const TIME_ZONE = 'Europe/London';
/** 11:10 in London (BST): "Session 2" is on now, "Session 3" is next. */
const NOW = new Date(`${DAY}T10:10:00Z`);

interface Shot {
  file: string;
  viewport: { width: number; height: number };
  /** Phones get touch and a mobile viewport. */
  mobile?: boolean;
  /** The link that signs this browser in first (organiser or facilitator), if any. */
  signIn?: (ids: Ids) => string;
  /** Opens the page and waits until it is drawn. */
  open: (page: Page, ids: Ids) => Promise<void>;
}

interface Ids {
  base: string;
  eventId: string;
  adminToken: string;
  facilitatorToken: string;
}

/** The live board, once the client has drawn it from the joined snapshot. */
async function board(page: Page, ids: Ids): Promise<void> {
  await page.goto(`${ids.base}/e/${ids.eventId}`);
  await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
}

const shots: Shot[] = [
  {
    file: 'board.png',
    viewport: { width: 1280, height: 800 },
    signIn: (ids) => `${ids.base}/e/${ids.eventId}/admin?key=${ids.adminToken}`,
    open: board,
  },
  { file: 'phone.png', viewport: { width: 390, height: 844 }, mobile: true, open: board },
  {
    file: 'wall.png',
    viewport: { width: 1920, height: 1080 },
    open: async (page, ids) => {
      await page.goto(`${ids.base}/e/${ids.eventId}/wall`);
      await page.locator('[data-wall-status]', { hasText: 'Live' }).waitFor();
    },
  },
  {
    file: 'facilitator.png',
    viewport: { width: 1280, height: 800 },
    signIn: (ids) => `${ids.base}/e/${ids.eventId}/facilitate?key=${ids.facilitatorToken}`,
    open: async (page, ids) => {
      await board(page, ids);
      await page.locator('.suggestion').first().waitFor();
      await page.getByRole('heading', { name: /^Overlap suggestions/ }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    },
  },
];

async function start(dir: string): Promise<{ server: UnsiloServer; db: Db; local: string; ids: Ids }> {
  const db = openDatabase(join(dir, 'unsilo.db'));
  const server = createServer({
    db,
    logger: { info: () => undefined, error: (message, error) => console.error(message, error) },
    clock: { now: () => NOW },
    timeZone: TIME_ZONE,
  });
  await new Promise<void>((done) => server.http.listen(0, '127.0.0.1', done));
  const local = `127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  const demoFile = EventExport.parse(JSON.parse(readFileSync(join(ROOT, 'data', 'demo-event.json'), 'utf8')));
  const demo = seedDemoEvent(server.services, demoFile, DAY);
  if (!demo) throw new Error('The temporary database was not empty.');
  const eventId = demo.event.id;
  // Suggestions are ready before the facilitator joins, so the panel shows them at once.
  await server.services.suggestions.refresh(eventId);
  const facilitatorToken = server.services.facilitation.newFacilitatorToken(eventId);
  return { server, db, local, ids: { base: `http://${PUBLIC_HOST}`, eventId, adminToken: demo.adminToken, facilitatorToken } };
}

async function photograph(browser: Browser, shot: Shot, ids: Ids): Promise<void> {
  const context = await browser.newContext({
    viewport: shot.viewport,
    deviceScaleFactor: 1,
    isMobile: shot.mobile ?? false,
    hasTouch: shot.mobile ?? false,
    reducedMotion: 'reduce',
    timezoneId: TIME_ZONE,
    locale: 'en-GB',
  });
  try {
    const page = await context.newPage();
    // Every page reads the same moment; timers still run, so sockets connect as usual.
    await page.clock.setFixedTime(NOW);
    if (shot.signIn) await page.goto(shot.signIn(ids));
    await shot.open(page, ids);
    await page.screenshot({ path: join(OUT, shot.file), animations: 'disabled', caret: 'hide' });
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'unsilo-screenshots-'));
  const { server, db, local, ids } = await start(dir);
  let browser: Browser | undefined;
  try {
    // The browser reaches this run's server under the name a real instance has (links and QR codes show it).
    browser = await launchBrowser([`--host-resolver-rules=MAP ${PUBLIC_HOST} ${local}`]);
    for (const shot of shots) {
      await photograph(browser, shot, ids);
      process.stdout.write(`${join(OUT, shot.file)}\n`);
    }
  } finally {
    await browser?.close();
    await server.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
