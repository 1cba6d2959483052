import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { EventExport } from '../../server/protocol/schemas';
import { launchBrowser, startApp, type RunningApp } from './browser';

/** An organiser opens the collaboration report and reads the theme map. */
describe('the collaboration report in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let eventId: string;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    context = await browser.newContext();
    const demo = EventExport.parse(JSON.parse(readFileSync(join(__dirname, '../../data/demo-event.json'), 'utf8')));
    eventId = app.server.services.transfer.import(demo).event.id;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  test('the report shows an SVG theme map that is present, labelled and has a legend', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/e/${eventId}/report`);
    await page.getByRole('heading', { name: 'Collaboration report: LocalGovCamp Demo' }).waitFor();

    const map = page.getByRole('img', { name: /^Theme map of LocalGovCamp Demo/ });
    await map.waitFor();
    await expect(map.locator('desc').textContent()).resolves.toContain('14 sessions placed by similarity');
    await expect(map.locator('circle.map-point').count()).resolves.toBe(14);
    await expect(map.locator('circle.map-point title').first().textContent()).resolves.toMatch(/\((theme: .+|on its own)\)$/);
    const box = await map.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    await expect(page.getByRole('list', { name: 'Legend' }).locator('li').count()).resolves.toBeGreaterThan(2);
    await page.getByRole('heading', { name: 'Themes of the day' }).waitFor();
    await page.getByRole('heading', { name: 'People who should talk' }).waitFor();
    await page.close();
  });
});
