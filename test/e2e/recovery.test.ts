import { copyFileSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { backupDatabase } from '../../server/persistence/backup';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { gridCell } from './grid';

/** An open board survives the server going away: it reconnects by itself and shows the true board. */
describe('an open board when the server restarts', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let eventId: string;
  let rooms: { hall: string; library: string };
  let slots: [string, string];

  beforeEach(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await browser.newContext();
    const { services } = app.server;
    eventId = services.events.create({ name: 'Recovery Camp', date: '2026-12-05', venue: '' }).event.id;
    rooms = {
      hall: services.grid.addRoom(eventId, { name: 'Hall', capacity: null }).value.id,
      library: services.grid.addRoom(eventId, { name: 'Library', capacity: null }).value.id,
    };
    slots = [
      services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id,
      services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id,
    ];
    const first = services.sessions.pitch(eventId, { title: 'Ending the paper chase', notes: '', pitcher: 'Priya' }).value.id;
    services.sessions.place(eventId, first, { roomId: rooms.hall, slotId: slots[0] });
    services.sessions.pitch(eventId, { title: 'Open data nobody uses', notes: '', pitcher: 'Ifeoma' });
  });

  afterEach(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  const cell = gridCell;
  const sessionId = (title: string) => app.server.services.events.board(eventId).sessions.find((s) => s.title === title)!.id;

  /** Opens the board and starts noting every status line it shows, and whether it ever reloads. */
  async function openBoard(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('#live-status', { hasText: 'Live' }).waitFor();
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { statuses: seen });
      const status = document.querySelector('#live-status')!;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    return page;
  }

  /** The status lines the page showed since it opened; a reload would have wiped the list. */
  const statuses = (page: Page) => page.evaluate(() => (window as unknown as { statuses?: string[] }).statuses);

  test('it reconnects without a reload and shows the changes made while it was away, then stays live', async () => {
    const page = await openBoard();
    await cell(page, 'Hall', 0).getByText('Ending the paper chase').waitFor();
    const paperChase = sessionId('Ending the paper chase');
    const openData = sessionId('Open data nobody uses');

    await app.restart({
      whileDown: ({ services }) => {
        services.sessions.unschedule(eventId, paperChase, {});
        services.sessions.place(eventId, openData, { roomId: rooms.library, slotId: slots[1] });
        services.sessions.pitch(eventId, { title: 'Pitched during the restart', notes: '', pitcher: 'Ruth' });
      },
    });

    await cell(page, 'Library', 1).getByText('Open data nobody uses').waitFor();
    await page.locator('[data-unscheduled]').getByText('Ending the paper chase').waitFor();
    await page.locator('[data-unscheduled]').getByText('Pitched during the restart').waitFor();
    expect(await cell(page, 'Hall', 0).locator('.session-card').count()).toBe(0);
    await page.locator('#live-status', { hasText: 'Live' }).waitFor();
    expect(await statuses(page)).toContain('Connection lost. Reconnecting…');

    // Live again: a change on the new server arrives as a delta.
    app.server.services.sessions.place(eventId, sessionId('Pitched during the restart'), { roomId: rooms.hall, slotId: slots[0] });
    await cell(page, 'Hall', 0).getByText('Pitched during the restart').waitFor();
  });

  test('after a backup is restored it shows the restored board, though that board is older than the one it had', async () => {
    const page = await openBoard();
    const backup = `${app.file}.backup`;
    await backupDatabase(app.file, backup);
    app.server.services.sessions.pitch(eventId, { title: 'Lost with the restore', notes: '', pitcher: 'Tom' });
    app.server.services.sessions.place(eventId, sessionId('Ending the paper chase'), { roomId: rooms.library, slotId: slots[1] });
    await cell(page, 'Library', 1).getByText('Ending the paper chase').waitFor();

    await app.restart({
      beforeOpen: () => {
        for (const suffix of ['-wal', '-shm']) rmSync(`${app.file}${suffix}`, { force: true });
        copyFileSync(backup, app.file);
      },
    });

    await cell(page, 'Hall', 0).getByText('Ending the paper chase').waitFor();
    expect(await page.locator('.session-card', { hasText: 'Lost with the restore' }).count()).toBe(0);
    expect(await statuses(page)).toContain('Connection lost. Reconnecting…');
  });
});
