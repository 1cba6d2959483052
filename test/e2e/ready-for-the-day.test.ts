import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { EventExport } from '../../server/protocol/schemas';
import { seedDemoEvent } from '../../server/services/demo';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * Issue 17 ("Ready for the day") in the browser, at a laptop's 1280 × 800 unless a phone is named:
 * co-organisers' links revoked one by one, with a history of which link did what on the venue's
 * clock; a time slot deleted and put back with its sessions; events unlisted unless listed (the demo
 * is); an exported event imported on the start page as an equal "… (copy)"; "now" on the venue's
 * clock whatever zone the screen is set to; the favicon; the poster on one A4 page.
 */
const NOW = new Date('2026-06-20T01:30:00Z');
/** 10:30 in Tokyo; 02:30 in London, where the browsers are. */
const VENUE = { timeZone: 'Asia/Tokyo', time: '2026-06-20 10:30' };

describe('ready for the day, in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let eventId: string;
  let adminToken: string;

  beforeAll(async () => {
    app = await startApp({ clock: { now: () => NOW } });
    browser = await launchBrowser();
    const { services } = app.server;
    const demo = EventExport.parse(JSON.parse(readFileSync(join(__dirname, '../../data/demo-event.json'), 'utf8')));
    seedDemoEvent(services, demo, '2026-06-20');
    const created = services.events.create({ name: 'Tokyo Camp', date: '2026-06-20', venue: 'Shibuya', timeZone: VENUE.timeZone });
    eventId = created.event.id;
    adminToken = created.adminToken;
    const hall = services.grid.addRoom(eventId, { name: 'Hall', capacity: 40 }).value.id;
    const ten = services.grid.addSlot(eventId, { label: 'Morning', startsAt: '10:00', endsAt: '10:45' }).value.id;
    services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' });
    const placed = services.sessions.pitch(eventId, { title: 'Open data in Shibuya', notes: 'Line one', pitcher: 'Aiko' }).value;
    services.sessions.place(eventId, placed.id, { roomId: hall, slotId: ten, expectedVersion: placed.version });
    services.sessions.pitch(eventId, { title: 'Still unscheduled', notes: '', pitcher: 'Ken' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  /** A browser of its own (cookies apart), in London, at the server's moment. */
  async function page(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      timezoneId: 'Europe/London',
      acceptDownloads: true,
    });
    contexts.push(context);
    const opened = await context.newPage();
    await opened.clock.setFixedTime(NOW);
    return opened;
  }

  const admin = (path = '') => `${app.baseUrl}/e/${eventId}/admin${path}`;
  const history = (from: Page) => from.locator('#history li').allInnerTexts();

  test('a co-organiser’s link acts under its name, on the venue’s clock, and is revoked without the others', async () => {
    const organiser = await page();
    await organiser.goto(admin(`?key=${adminToken}`));
    await organiser.getByLabel('Co-organiser’s name').fill('Sam');
    await organiser.getByRole('button', { name: 'Make an organiser link' }).click();
    const link = await organiser.getByLabel('Organiser link for Sam').inputValue();

    const sam = await page();
    await sam.goto(link);
    await sam.getByLabel('New room').fill('Attic');
    await sam.getByRole('button', { name: 'Add room' }).click();
    await sam.locator('#rooms').getByText('Room added.').waitFor();

    await organiser.goto(admin());
    await organiser.locator('#history').getByText(`Times are in ${VENUE.timeZone}.`).waitFor();
    expect((await history(organiser)).slice(0, 2).map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      `${VENUE.time} Sam Added the room “Attic”.`,
      `${VENUE.time} Organiser Made an organiser link for “Sam”.`,
    ]);
    await organiser.locator('#organisers').getByText(`made ${VENUE.time}`).first().waitFor();

    await organiser.getByRole('button', { name: 'Revoke the link of Sam' }).click();
    await organiser.locator('#organisers').getByText(`revoked ${VENUE.time}`).waitFor();
    await expectNoAxeViolations(organiser, 'the organiser page with a revoked co-organiser');
    const refused = await sam.goto(admin());
    expect(refused?.status()).toBe(403);
    // The first organiser's link still works.
    expect((await organiser.goto(admin()))?.status()).toBe(200);
    await expect(history(organiser)).resolves.toContainEqual(expect.stringContaining('Revoked the organiser link “Sam”.'));
  });

  test('deleting a time slot asks first, and its undo puts it back with its session in place', async () => {
    const organiser = await page();
    await organiser.goto(admin(`?key=${adminToken}`));
    const remove = organiser.getByRole('link', { name: 'Delete Morning' });
    await remove.click();
    const dialog = organiser.getByRole('dialog', { name: 'Delete the time slot Morning (10:00–10:45)?' });
    await expect(dialog.innerText()).resolves.toContain('Open data in Shibuya');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await organiser.getByText('Time slot deleted. 1 session it held was moved back to unscheduled, none deleted.').waitFor();
    const { services } = app.server;
    const board = () => services.events.board(eventId);
    expect(board().slots.map((slot) => slot.startsAt)).toEqual(['11:00']);
    await organiser.getByRole('button', { name: 'Undo: put it back' }).click();
    await organiser.getByText('Put back, with 1 session in its old place.').waitFor();
    const morning = board().slots.find((slot) => slot.label === 'Morning');
    expect(board().sessions.find((s) => s.title === 'Open data in Shibuya')).toMatchObject({ slotId: morning?.id });
  });

  test('the invite poster prints on one A4 page, with the QR code of the board', async () => {
    const poster = await page();
    await poster.goto(`${app.baseUrl}/e/${eventId}/poster`);
    await poster.getByRole('img', { name: `QR code for ${app.baseUrl}/e/${eventId}` }).waitFor();
    await poster.emulateMedia({ media: 'print' });
    const pdf = (await poster.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });

  test('events are unlisted unless listed, the demo is listed, and an import on the start page is an equal “… (copy)”', async () => {
    const home = await page();
    await home.goto(app.baseUrl);
    const listed = home.locator('.event-list');
    await listed.getByRole('link', { name: 'LocalGovCamp Demo', exact: true }).waitFor();
    await expect(listed.getByRole('link', { name: 'Tokyo Camp' }).count()).resolves.toBe(0);

    await home.goto(admin(`?key=${adminToken}`));
    const download = home.waitForEvent('download');
    await home.getByRole('link', { name: 'Export as JSON' }).click();
    const file = await (await download).path();

    await home.goto(app.baseUrl);
    await home.getByLabel('Unsilo export file (.json)').setInputFiles(file);
    await home.getByRole('button', { name: 'Import', exact: true }).click();
    await home.getByRole('heading', { name: 'Event imported: Tokyo Camp (copy)' }).waitFor();
    await expectNoAxeViolations(home, 'an event imported');
    await home.getByText('The event is unlisted: only people you give these links to find it.').waitFor();
    const setUp = await home.getByRole('link', { name: 'Set up rooms and time slots' }).getAttribute('href');
    const copyId = /^\/e\/([^/]+)\/admin$/.exec(setUp ?? '')?.[1] ?? '';
    expect(copyId).not.toBe(eventId);

    const board = async (id: string) => {
      await home.goto(`${app.baseUrl}/e/${id}`);
      await home.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
      return home.locator('main').evaluate((main) => {
        const text = (selector: string) =>
          [...main.querySelectorAll(selector)].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
        return { grid: text('table.grid th, table.grid td'), unscheduled: text('[data-unscheduled] h3') };
      });
    };
    const original = await board(eventId);
    expect(original.grid.join(' ')).toContain('Open data in Shibuya by Aiko');
    await expect(board(copyId)).resolves.toEqual(original);
    const { services } = app.server;
    expect(services.events.get(copyId)).toMatchObject({ name: 'Tokyo Camp (copy)', timeZone: VENUE.timeZone, listed: false });
    await home.goto(app.baseUrl);
    await expect(
      home
        .locator('.event-list')
        .getByRole('link', { name: /Tokyo Camp/ })
        .count(),
    ).resolves.toBe(0);
  });

  test('the wall and a phone in another zone show what is on now at the venue; every page names the favicon', async () => {
    const wall = await page();
    await wall.goto(`${app.baseUrl}/e/${eventId}/wall`);
    await wall.locator('[data-wall][data-live]').waitFor();
    await expect(wall.locator('[data-wall-clock]').innerText()).resolves.toContain('10:30');
    const hall = wall.locator('.wall-table tbody tr', { has: wall.getByRole('rowheader', { name: 'Hall' }) });
    await expect(hall.locator('td').first().innerText()).resolves.toContain('Open data in Shibuya');

    const phone = await page();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${app.baseUrl}/e/${eventId}`);
    await phone.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    const now = phone.locator('[data-now-next] .time-group.now');
    await expect(now.innerText()).resolves.toMatch(/10:00–10:45[\s\S]*Hall\s+Open data in Shibuya/);
    await expect(phone.locator('[data-now-next] .time-group.next').innerText()).resolves.toMatch(/11:00–11:45/);

    const icon = await wall.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toBe('/static/favicon.svg');
    const served = await wall.request.get(`${app.baseUrl}${icon}`);
    expect([served.status(), served.headers()['content-type']]).toEqual([200, expect.stringContaining('svg')]);
  });
});
