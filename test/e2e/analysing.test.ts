import type { Browser } from 'playwright-core';
import { HeldAnalysis } from '../helpers/held-analysis';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * A facilitator opens the board while the event's first analysis is still running (after a start
 * or a big import): the panel says it is analysing, not that there are no overlaps, until the result
 * arrives live. The detector is held until the test lets it go.
 */
describe('the suggestions panel before the first analysis', () => {
  let app: RunningApp;
  let browser: Browser;
  const analysis = new HeldAnalysis();

  beforeAll(async () => {
    app = await startApp({ analysis });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('says "Analysing…", then shows the suggestions live and says so on the status line; the page has a favicon', async () => {
    const { services } = app.server;
    const eventId = services.events.create({ name: 'Import Camp', date: '2026-12-05', venue: '' }).event.id;
    services.grid.addRoom(eventId, { name: 'Hall', capacity: null });
    services.grid.addRoom(eventId, { name: 'Library', capacity: null });
    services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' });
    const notes = 'Publishing council code openly so other councils reuse it.';
    services.sessions.pitch(eventId, { title: 'Why can’t councils share code?', notes, pitcher: 'Priya' });
    services.sessions.pitch(eventId, { title: 'Sharing code between councils', notes, pitcher: 'Sam' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}/facilitate?key=${services.facilitation.newFacilitatorToken(eventId)}`);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    const panel = page.locator('[data-suggestions]');
    await panel.getByText(/^Analysing the sessions for overlaps…/).waitFor();
    await expect(panel.getByText('No overlaps found so far.', { exact: false }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'the suggestions panel while analysing');

    analysis.release();
    await panel.getByRole('heading', { name: 'Overlap suggestions (1)', exact: true }).waitFor();
    await page.locator('#live-status', { hasText: 'Overlap analysis done: 1 suggestion in the panel.' }).waitFor();
    await expect(panel.locator('[data-analysing]').count()).resolves.toBe(0);
    await expect(panel.locator('.suggestion-list > li').count()).resolves.toBe(1);
    await expectNoAxeViolations(page, 'the suggestions panel with the first result');

    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const response = await page.request.get(`${app.baseUrl}${icon}`);
    expect([response.status(), response.headers()['content-type']]).toEqual([200, expect.stringMatching(/^image\/svg\+xml/)]);
    await context.close();
  });
});
