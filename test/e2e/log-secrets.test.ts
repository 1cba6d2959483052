/**
 * The server's logs never hold a secret: a full browser run (an organiser creates an event and
 * opens the private link, makes a facilitator link that a facilitator opens, an attendee pitches
 * and says "I'd go", everyone watches the live board) with the real JSON logger, then every token,
 * private link, CSRF token and cookie value issued is looked for in the log text.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { captureLogs } from '../helpers/logs';
import { launchBrowser, startApp, type RunningApp } from './browser';

let app: RunningApp;
let browser: Browser;
const logs = captureLogs();

beforeAll(async () => {
  app = await startApp({ logger: logs.logger });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Every CSRF token the page carries in its forms. */
const csrfTokens = (page: Page): Promise<string[]> =>
  page.locator('input[name="_csrf"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

const cookieValues = async (context: BrowserContext): Promise<string[]> => (await context.cookies()).map((c) => c.value);

test('no token, private link, CSRF token or cookie value issued during a browser run reaches the logs', async () => {
  const secrets = new Set<string>();
  const organiserContext = await browser.newContext();
  const organiser = await organiserContext.newPage();
  await organiser.goto(app.baseUrl);
  for (const token of await csrfTokens(organiser)) secrets.add(token);
  await organiser.getByLabel('Event name').fill('Log Camp');
  await organiser.getByLabel('Date').fill('2026-12-05');
  await organiser.getByRole('button', { name: 'Create event' }).click();
  const adminLink = await organiser.getByLabel('Organiser link').inputValue();
  const adminKey = new URL(adminLink).searchParams.get('key')!;
  secrets.add(adminKey);
  secrets.add(adminLink);

  await organiser.goto(adminLink);
  await organiser.getByRole('button', { name: 'Make a facilitator link' }).waitFor();
  for (const token of await csrfTokens(organiser)) secrets.add(token);
  await organiser.getByRole('button', { name: 'Make a facilitator link' }).click();
  const facilitatorLink = await organiser.getByLabel('Facilitator link').inputValue();
  secrets.add(facilitatorLink);
  secrets.add(new URL(facilitatorLink).searchParams.get('key')!);
  const eventUrl = adminLink.replace(/\/admin.*$/, '');

  const facilitatorContext = await browser.newContext();
  const facilitator = await facilitatorContext.newPage();
  await facilitator.goto(facilitatorLink);
  await facilitator.goto(eventUrl);
  await facilitator.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });

  const attendeeContext = await browser.newContext();
  const attendee = await attendeeContext.newPage();
  await attendee.goto(`${eventUrl}/pitch`);
  for (const token of await csrfTokens(attendee)) secrets.add(token);
  await attendee.getByLabel('Title').fill('Shared services between districts');
  await attendee.getByLabel('Your name').fill('Priya');
  await attendee.getByRole('button', { name: 'Pitch mine' }).click();
  await attendee.getByText('Your session is pitched').waitFor();
  await attendee.getByRole('button', { name: 'I’d go' }).click();
  await attendee.getByText('1 would go').waitFor();

  await organiser.goto(eventUrl);
  await organiser.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
  await organiser.getByRole('link', { name: 'Shared services between districts', exact: true }).waitFor();
  for (const context of [organiserContext, facilitatorContext, attendeeContext])
    for (const value of await cookieValues(context)) secrets.add(value);

  // The run really was logged: requests to the private pages, and socket commands.
  const lines = logs.lines();
  const eventPath = new URL(eventUrl).pathname;
  expect(lines.some((l) => l.msg === 'request' && l.path === `${eventPath}/admin` && l.status === 303)).toBe(true);
  expect(lines.some((l) => l.msg === 'socket command' && l.command === 'board:join' && l.outcome === 'ok')).toBe(true);
  expect(secrets.size).toBeGreaterThanOrEqual(8);

  const text = logs.text();
  const leaked = [...secrets].filter((secret) => secret.length >= 8 && text.includes(secret));
  expect(leaked).toEqual([]);
  await Promise.all([organiserContext.close(), facilitatorContext.close(), attendeeContext.close()]);
});
