import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { Services } from '../../server/services';
import { readCalendar } from '../helpers/ical';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * An event with a labelled slot, a room with seats, an empty cell, awkward text and an unscheduled
 * pitch; with its organiser's key (the board lists the printable grid and the CSV for organisers).
 */
function seedEvent(services: Services) {
  const { event, adminToken } = services.events.create({
    name: 'Exports Camp',
    date: '2026-06-20',
    venue: 'Town Hall',
    timeZone: 'Europe/Berlin',
  });
  const hall = services.grid.addRoom(event.id, { name: 'Main Hall', capacity: 120 }).value.id;
  const library = services.grid.addRoom(event.id, { name: 'Library', capacity: null }).value.id;
  const morning = services.grid.addSlot(event.id, { label: 'Session 1', startsAt: '10:00', endsAt: '10:45' }).value.id;
  const late = services.grid.addSlot(event.id, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id;
  const pitch = (title: string, pitcher: string, notes = '') => services.sessions.pitch(event.id, { title, notes, pitcher }).value;
  const first = pitch('Councils, code; and “sharing” — ünïcode 🎉', 'Priya', 'Line one\nline two');
  const second = pitch('=cmd|calc', 'Aisha');
  pitch('Still waiting', 'Tom');
  services.sessions.place(event.id, first.id, { roomId: hall, slotId: morning, expectedVersion: first.version });
  services.sessions.place(event.id, second.id, { roomId: library, slotId: late, expectedVersion: second.version });
  return { ...event, adminToken };
}

/** The board's grid as text: header cells, then each row's cells, then the unscheduled titles. */
async function gridText(page: Page): Promise<string[][]> {
  const rows = await page
    .locator('table.grid tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('th, td')).map((cell) =>
          (cell.querySelector('h3')?.textContent ?? cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
  const unscheduled = await page
    .locator('[data-unscheduled] .session-card')
    .evaluateAll((cards) => cards.map((c) => (c.querySelector('h3')?.textContent ?? '').trim()));
  return [...rows, unscheduled];
}

describe('exports in the browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the board’s calendar link downloads an .ics that ical.js reads back', async () => {
    const event = seedEvent(app.server.services);
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/e/${event.id}`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    ]);

    expect(download.suggestedFilename()).toBe('exports-camp.ics');
    const calendar = readCalendar(readFileSync(await download.path(), 'utf8'));
    expect(calendar.name).toBe('Exports Camp');
    // 10:00 in Berlin in June is 08:00 UTC.
    expect(calendar.entries.map((e) => [e.summary, e.location, e.start, e.end, e.utc])).toEqual([
      ['Councils, code; and “sharing” — ünïcode 🎉', 'Main Hall, Town Hall', '2026-06-20T08:00:00.000Z', '2026-06-20T08:45:00.000Z', true],
      ['=cmd|calc', 'Library, Town Hall', '2026-06-20T09:00:00.000Z', '2026-06-20T09:45:00.000Z', true],
    ]);
    expect(calendar.entries[0]?.description).toContain('Line one\nline two');
    await page.close();
  });

  test('grid.csv downloaded from the board, uploaded through another event’s admin form, gives the same board', async () => {
    const source = seedEvent(app.server.services);
    const { event: target, adminToken } = app.server.services.events.create({ name: 'Copy Camp', date: '2026-06-21', venue: '' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${source.id}/admin?key=${encodeURIComponent(source.adminToken)}`);
    await page.goto(`${app.baseUrl}/e/${source.id}`);
    const sourceGrid = await gridText(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Grid as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('exports-camp-grid.csv');
    const file = await download.path();
    expect(readFileSync(file, 'utf8')).toContain("'=cmd|calc");

    await page.goto(`${app.baseUrl}/e/${target.id}/admin?key=${encodeURIComponent(adminToken)}`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByText('Imported from CSV: 3 sessions added').waitFor();

    await page.goto(`${app.baseUrl}/e/${target.id}`);
    expect(await gridText(page)).toEqual(sourceGrid);
    expect(sourceGrid[1]?.slice(1)).toEqual(['Councils, code; and “sharing” — ünïcode 🎉', '']);
    expect(sourceGrid.at(-1)).toEqual(['Still waiting']);
    await context.close();
  });

  test('a file with problems is refused on the admin page with every problem listed, and the board is unchanged', async () => {
    const { event, adminToken } = app.server.services.events.create({ name: 'Strict Camp', date: '2026-06-22', venue: '' });
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/e/${event.id}/admin?key=${encodeURIComponent(adminToken)}`);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'grid.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Room,Start,End,Title\nHall,11:00,10:00,Backwards\nHall,,10:00,Half a time\n'),
    });
    await page.getByRole('button', { name: 'Import CSV' }).click();

    const problems = page.getByRole('alert').filter({ hasText: 'Nothing was imported: 2 problems' });
    await problems.waitFor();
    expect(await problems.locator('li').allTextContents()).toEqual([
      'Row 2: end time 10:00 is not after the start time 11:00.',
      'Row 3: a time slot needs both a start and an end time (got “10:00” only).',
    ]);
    expect(app.server.services.events.board(event.id).rooms).toEqual([]);
    await page.close();
  });

  test('the print page renders the grid with no scripts and no axe-core violations, and hides its screen-only help when printed', async () => {
    const event = seedEvent(app.server.services);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${event.id}/admin?key=${encodeURIComponent(event.adminToken)}`);
    await page.goto(`${app.baseUrl}/e/${event.id}`);
    await page.getByRole('link', { name: 'Printable grid' }).click();
    await page.waitForURL(`${app.baseUrl}/e/${event.id}/print`);

    expect(await page.locator('script').count()).toBe(0);
    const headers = await page.locator('table.print-grid thead th').allTextContents();
    expect(headers.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual(['Time', 'Main Hall120 seats', 'Library']);
    expect(await page.locator('table.print-grid tbody tr').count()).toBe(2);
    await expect(page.locator('table.print-grid tbody tr').first().textContent()).resolves.toContain('Councils, code; and “sharing”');
    await expect(page.getByRole('heading', { name: 'Not scheduled yet (1)' }).isVisible()).resolves.toBe(true);

    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.screen-only').isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });
});
