import type { Browser } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * Without scripts, an unscheduled card on the organiser's board carries one "Place…" link to its
 * session page's schedule form (not a menu of every free cell); placing there goes back to the board.
 */
describe('placing a session without scripts', () => {
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

  test('“Place…” on an unscheduled card opens its schedule form, and placing there goes back to the board', async () => {
    const { services } = app.server;
    const { event, adminToken } = services.events.create({ name: 'Plain Camp', date: '2026-12-05', venue: '' });
    services.grid.addRoom(event.id, { name: 'Hall', capacity: null });
    services.grid.addRoom(event.id, { name: 'Library', capacity: null });
    services.grid.addSlot(event.id, { label: '', startsAt: '10:00', endsAt: '10:45' });
    for (const title of ['Open data', 'Plain English']) services.sessions.pitch(event.id, { title, notes: '', pitcher: 'Priya' });

    // The page's own scripts never load (axe still runs in the page, so the browser keeps JavaScript on).
    const context = await browser.newContext();
    await context.route('**/static/build/**', (route) => route.abort());
    const page = await context.newPage();
    try {
      await page.goto(`${app.baseUrl}/e/${event.id}/admin?key=${adminToken}`);
      await page.goto(`${app.baseUrl}/e/${event.id}`);
      const list = page.locator('[data-unscheduled]');
      expect(await list.locator('select').count()).toBe(0);
      expect(await list.getByRole('link', { name: /^Place “.*”…$/ }).count()).toBe(2);
      await expectNoAxeViolations(page, 'the organiser’s board without scripts');

      await list.getByRole('link', { name: 'Place “Plain English”…' }).click();
      await page.waitForURL(/\/s\/[\w-]+\?from=board#schedule$/);
      await expectNoAxeViolations(page, 'the session page’s schedule form');
      await page.getByLabel('Room and time').selectOption({ label: '10:00–10:45 · Library' });
      await page.getByRole('button', { name: 'Place' }).click();
      await page.waitForURL(new RegExp(`/e/${event.id}\\?notice=`));
      await page.locator('td[aria-label^="Library, "]').getByText('Plain English').waitFor();
      expect(
        await page
          .locator('[data-unscheduled]')
          .getByRole('link', { name: /^Place / })
          .count(),
      ).toBe(1);
    } finally {
      await context.close();
    }
  });
});
