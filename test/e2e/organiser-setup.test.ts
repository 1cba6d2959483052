import type { Browser } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';

describe('an organiser setting up an event in the browser', () => {
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

  test('creates an event, builds the grid, and places a pitch an attendee made on a phone', async () => {
    const organiser = await browser.newPage();
    await organiser.goto(app.baseUrl);
    await organiser.getByLabel('Event name').fill('BarCamp Test');
    await organiser.getByLabel('Date').fill('2026-12-05');
    await organiser.getByRole('button', { name: 'Create event' }).click();
    await organiser.getByRole('heading', { name: /Your event is ready/ }).waitFor();
    const adminLink = await organiser.getByLabel('Organiser link').inputValue();
    expect(adminLink).toMatch(/\/admin\?key=[\w-]{43}$/);

    await organiser.getByRole('link', { name: 'Set up rooms and time slots' }).click();
    await organiser.getByLabel('New room').fill('Room <b>1</b>');
    await organiser.getByRole('button', { name: 'Add room' }).click();
    await organiser.getByText('Room added.').waitFor();
    await organiser.getByLabel('Starts').fill('10:00');
    await organiser.getByLabel('Ends').fill('09:00');
    await organiser.getByRole('button', { name: 'Add time slot' }).click();
    await organiser.getByText('End time must be after the start time.').first().waitFor();
    await organiser.getByLabel('Ends').fill('10:45');
    await organiser.getByRole('button', { name: 'Add time slot' }).click();
    await organiser.getByText('Time slot added.').waitFor();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const attendee = await phone.newPage();
    const eventUrl = organiser.url().replace(/\/admin.*$/, '');
    await attendee.goto(`${eventUrl}/pitch`);
    await attendee.getByLabel('Title').fill('<img src=x onerror=alert(1)> Why can’t councils share?');
    await attendee.getByLabel('Your name').fill('Priya');
    await attendee.getByRole('button', { name: 'Pitch mine' }).click();
    await attendee.getByText('Your session is pitched').waitFor();
    await attendee.getByRole('button', { name: 'I’d go' }).click();
    await attendee.getByText('1 would go').waitFor();
    expect(await attendee.locator('img').count()).toBe(0);

    await organiser.goto(eventUrl);
    await organiser.getByRole('link', { name: '<img src=x onerror=alert(1)> Why can’t councils share?', exact: true }).click();
    await organiser.getByLabel('Room and time').selectOption({ label: '10:00–10:45 · Room <b>1</b>' });
    await organiser.getByRole('button', { name: 'Place' }).click();
    await organiser.getByText('Session placed on the board.').waitFor();
    await organiser.goto(eventUrl);
    const cell = organiser.locator('table.grid td').first();
    await expect(cell.textContent()).resolves.toContain('Why can’t councils share?');

    await attendee.goto(eventUrl);
    await expect(attendee.locator('table.grid td').first().textContent()).resolves.toContain('1 would go');
    await phone.close();
  });
});
