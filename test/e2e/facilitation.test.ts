import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';

/** Two attendees pitch the same conversation; a facilitator sees it and merges it for everyone. */
describe('a facilitator bringing overlapping sessions together', () => {
  let app: RunningApp;
  let browser: Browser;
  let eventId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { services } = app.server;
    eventId = services.events.create({ name: 'GovCamp North', date: '2026-12-05', venue: '' }).event.id;
    for (const name of ['Hall', 'Library']) services.grid.addRoom(eventId, { name, capacity: null });
    services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' });
    services.sessions.pitch(eventId, { title: 'Wellbeing in small digital teams', notes: 'Burnout and workload.', pitcher: 'Chris' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function page(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  async function pitch(from: Page, title: string, notes: string, name: string): Promise<void> {
    await from.goto(`${app.baseUrl}/e/${eventId}/pitch`);
    await from.getByLabel('Title').fill(title);
    await from.getByLabel('Notes').fill(notes);
    await from.getByLabel('Your name').fill(name);
    await from.getByRole('button', { name: 'Pitch mine' }).click();
    await from.getByText('Your session is pitched').waitFor();
  }

  test('pitches from two pages become one suggestion, and an accepted merge leaves one card everywhere', async () => {
    const facilitatorToken = app.server.services.facilitation.newFacilitatorToken(eventId);
    const facilitator = await page();
    await facilitator.goto(`${app.baseUrl}/e/${eventId}/facilitate?key=${facilitatorToken}`);
    await facilitator.getByText('You are signed in as a facilitator').waitFor();
    await facilitator.getByRole('heading', { name: /Overlap suggestions \(0\)/ }).waitFor();

    const first = await page();
    const second = await page();
    await pitch(first, 'Why can’t councils share code?', 'Every council builds the same forms and apps.', 'Priya');
    await pitch(second, 'Sharing code between councils', 'Reusing what other councils have built instead of rebuilding it.', 'Tom');
    const viewer = await page();
    await viewer.goto(`${app.baseUrl}/e/${eventId}`);
    await viewer.locator('#live-status', { hasText: 'Live' }).waitFor();

    const suggestion = facilitator.locator('.suggestion', { hasText: 'Sharing code between councils' }).first();
    await suggestion.waitFor({ timeout: 20_000 });
    await expect(suggestion.textContent()).resolves.toContain('Why can’t councils share code?');
    // The viewer hears the marks on its own socket.
    await viewer.locator('.marker.overlap').first().waitFor();

    await suggestion.getByRole('button', { name: /^Merge/ }).click();
    const dialog = facilitator.getByRole('dialog', { name: 'Merge sessions' });
    await dialog.getByLabel('Title of the merged session').fill('Sharing code between councils: what stops us?');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    for (const p of [facilitator, viewer]) {
      const card = p.locator('.session-card', { hasText: 'Sharing code between councils: what stops us?' });
      await card.waitFor();
      await expect(card.textContent()).resolves.toMatch(/by (Priya, Tom|Tom, Priya)/);
      await expect(p.locator('.session-card', { hasText: 'Why can’t councils share code?' }).count()).resolves.toBe(0);
    }
    // The history comes in its own message, after the board.
    await facilitator.locator('.history-list', { hasText: 'Merged' }).waitFor();

    await facilitator.getByRole('button', { name: /^Undo: Merged/ }).click();
    // Only the title links: once the suggestion is back, the other card's marker names this title too.
    await viewer.getByRole('link', { name: 'Why can’t councils share code?', exact: true }).waitFor();
    await viewer.getByRole('link', { name: 'Sharing code between councils', exact: true }).waitFor();
    await expect(viewer.getByRole('link', { name: /what stops us/ }).count()).resolves.toBe(0);
  });
});
