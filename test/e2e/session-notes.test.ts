import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';

/** Notes taken during a session, live on its page, and the board's room-sizing swap. */
describe('session notes and room sizing', () => {
  let app: RunningApp;
  let browser: Browser;
  let eventId: string;
  let adminToken: string;
  let ethics: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { services } = app.server;
    const created = services.events.create({ name: 'Notes Camp', date: '2026-12-05', venue: '' });
    eventId = created.event.id;
    adminToken = created.adminToken;
    const small = services.grid.addRoom(eventId, { name: 'Room B', capacity: 2 }).value.id;
    const hall = services.grid.addRoom(eventId, { name: 'Hall', capacity: 80 }).value.id;
    const slot = services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
    ethics = services.sessions.pitch(eventId, { title: 'Data ethics', notes: '', pitcher: 'Priya' }).value.id;
    const garden = services.sessions.pitch(eventId, { title: 'Gardening', notes: '', pitcher: 'Tom' }).value.id;
    services.sessions.place(eventId, ethics, { roomId: small, slotId: slot });
    services.sessions.place(eventId, garden, { roomId: hall, slotId: slot });
    for (const n of [1, 2, 3]) services.sessions.showInterest(eventId, ethics, `e2e-browser-${String(n).padStart(8, '0')}`);
    // A second slot where the Hall is free: the card offers a move instead of a swap.
    const later = services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id;
    const crowded = services.sessions.pitch(eventId, { title: 'Crowded talk', notes: '', pitcher: 'Ann' }).value.id;
    services.sessions.place(eventId, crowded, { roomId: small, slotId: later });
    for (const n of [1, 2, 3]) services.sessions.showInterest(eventId, crowded, `e2e-later-${String(n).padStart(8, '0')}`);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function open(path: string, asOrganiser = false): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    if (asOrganiser) await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await page.goto(`${app.baseUrl}${path}`);
    return page;
  }

  /** The session page once its socket has joined the session's notes. */
  async function sessionPage(asOrganiser = false): Promise<Page> {
    const page = await open(`/e/${eventId}/s/${ethics}`, asOrganiser);
    await page.locator('[data-session-notes][data-live="true"]').waitFor({ state: 'attached' });
    return page;
  }

  test('a note added on one session page appears live on another, and the organiser hides it from both', async () => {
    const writer = await sessionPage();
    const reader = await sessionPage();
    const organiser = await sessionPage(true);
    await writer.getByLabel('Your name').fill('Sam');
    await writer.getByLabel('Note or link').fill('Slides at https://example.org/deck and <b>not bold</b>');
    await writer.getByRole('button', { name: 'Add note' }).click();
    await writer.getByRole('status').filter({ hasText: 'Your note was added.' }).waitFor();
    expect(writer.url()).toBe(`${app.baseUrl}/e/${eventId}/s/${ethics}`);

    const note = reader.locator('.note', { hasText: 'Slides at' });
    await note.waitFor();
    await expect(note.locator('.note-author').textContent()).resolves.toBe('Sam');
    const link = note.getByRole('link', { name: 'https://example.org/deck' });
    await expect(link.getAttribute('rel')).resolves.toBe('nofollow ugc noopener');
    await expect(note.locator('.note-body').textContent()).resolves.toContain('<b>not bold</b>');
    expect(await reader.getByRole('button', { name: 'Hide the note by Sam' }).count()).toBe(0);

    await organiser.getByRole('button', { name: 'Hide the note by Sam' }).click();
    await reader.locator('.note', { hasText: 'Slides at' }).waitFor({ state: 'detached' });
    await writer.locator('.note', { hasText: 'Slides at' }).waitFor({ state: 'detached' });
    await reader.getByText('No notes yet.').waitFor();
  });

  test('an organiser applies the suggested swap from the board, and another board follows live', async () => {
    const organiser = await open(`/e/${eventId}`, true);
    const viewer = await open(`/e/${eventId}`);
    for (const page of [organiser, viewer]) await page.locator('#live-status', { hasText: 'Live' }).waitFor();
    const card = (page: Page) =>
      page.locator('.grid-wrap .session-card', { has: page.getByRole('link', { name: 'Data ethics', exact: true }) });
    await card(viewer).getByText('Likely full: 3 want to go, Room B seats 2').waitFor();
    expect(
      await card(viewer)
        .getByRole('button', { name: /Swap rooms/ })
        .count(),
    ).toBe(0);

    await card(organiser).getByRole('button', { name: 'Swap rooms: “Data ethics” with “Gardening”' }).click();
    await viewer.locator('td[aria-label^="Hall, "]').getByText('Data ethics').waitFor();
    await viewer.locator('td[aria-label^="Room B, "]').getByText('Gardening').waitFor();
    await expect(card(viewer).getByText('Likely full').count()).resolves.toBe(0);
    await organiser.locator('#live-status', { hasText: 'Swapped rooms' }).waitFor();
  });

  test('an organiser moves a crowded session to the free larger room the card suggests', async () => {
    const organiser = await open(`/e/${eventId}`, true);
    const viewer = await open(`/e/${eventId}`);
    for (const page of [organiser, viewer]) await page.locator('#live-status', { hasText: 'Live' }).waitFor();
    await viewer.locator('.grid-wrap').getByText('Move: “Crowded talk” (3 want to go, Room B seats 2) → Hall (free, seats 80)').waitFor();
    await organiser.locator('.grid-wrap').getByRole('button', { name: 'Move “Crowded talk” to Hall' }).click();
    await viewer.locator('td[aria-label^="Hall, "]').nth(1).getByText('Crowded talk').waitFor();
    await expect(viewer.getByText('Move: “Crowded talk”').count()).resolves.toBe(0);
  });
});
