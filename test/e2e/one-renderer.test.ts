import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startApp, type RunningApp } from './browser';
import { at, seedDayCamp, settableClock, type DayCamp } from './day-camp';

/**
 * One renderer, in the browser: a board with scripts blocked shows the cards, co-hosts, links and
 * overlap marks the live board shows, and the live board draws them from the templates compiled
 * into its bundle without anything the page's CSP blocks.
 */
describe('the board with scripts blocked and live', () => {
  let app: RunningApp;
  let browser: Browser;
  let camp: DayCamp;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp({ clock: settableClock(at('10:20')) });
    browser = await launchBrowser();
    camp = seedDayCamp(app.server.services);
    const { services } = app.server;
    const { eventId, ids } = camp;
    const sharing = services.sessions.pitch(eventId, { title: 'Sharing code between councils', notes: '', pitcher: 'Sam' }).value.id;
    services.sessions.place(eventId, sharing, { roomId: camp.rooms.attic, slotId: camp.slots.eleven });
    const plain = services.sessions.pitch(eventId, { title: 'Writing for residents', notes: '', pitcher: 'Bo' }).value.id;
    services.facilitation.merge(eventId, { sessionIds: [ids.letters!, plain], primaryId: ids.letters! });
    services.facilitation.link(eventId, { sessionIds: [ids.data!, ids.letters!] });
    const suggestions = await services.suggestions.refresh(eventId);
    expect(suggestions.some((s) => s.sessions.includes(sharing) && s.sessions.includes(ids.code!))).toBe(true);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function open(path: string, javaScriptEnabled: boolean): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.install({ time: at('10:20') });
    // Chromium reports what the CSP refused (an inline script, eval) as console errors.
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${app.baseUrl}${path}`);
    return { page, problems };
  }

  /** Each card of the grid as a reader sees it: its text without the controls (forms or buttons). */
  const cardsOf = (page: Page) =>
    page.locator('[data-grid] .session-card').evaluateAll((cards: HTMLElement[]) =>
      cards.map((card) => {
        const copy = card.cloneNode(true) as HTMLElement;
        for (const control of copy.querySelectorAll('form, button')) control.remove();
        return { id: card.getAttribute('data-session-id'), classes: card.className, text: copy.innerText.trim() };
      }),
    );

  test.each([
    ['an attendee', ''],
    ['the organiser', 'organiser'],
  ])('%s: the first paint without scripts shows what the live board shows', async (_label, who) => {
    const login = who ? `/e/${camp.eventId}/admin?key=${camp.adminToken}` : `/e/${camp.eventId}`;
    const still = await open(login, false);
    if (who) await still.page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    const blocked = await cardsOf(still.page);

    const running = await open(login, true);
    if (who) await running.page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    await running.page.locator('[data-live-board][data-version]').waitFor();
    const live = await cardsOf(running.page);

    expect(live).toEqual(blocked);
    expect(blocked.find((card) => card.text.startsWith('Plain English letters'))?.text).toContain('by Priya, Bo');
    expect(blocked.filter((card) => card.classes.includes('overlapping')).length).toBeGreaterThanOrEqual(2);
    expect(blocked.some((card) => card.text.includes('↔ Linked: “Plain English letters”'))).toBe(true);
    expect(running.problems).toEqual([]);
  });

  test('the facilitator’s panel, the wall display and a session page draw live with nothing blocked', async () => {
    const token = app.server.services.facilitation.newFacilitatorToken(camp.eventId);
    const board = await open(`/e/${camp.eventId}/facilitate?key=${token}`, true);
    await board.page.goto(`${app.baseUrl}/e/${camp.eventId}`);
    await board.page.locator('[data-suggestions] button[data-action="merge"]').first().waitFor();
    await board.page
      .getByRole('button', { name: /^Merge / })
      .first()
      .click();
    await board.page.locator('#merge-dialog input[name="primary"]:checked').waitFor();
    await board.page.getByRole('button', { name: 'Cancel' }).click();
    const wall = await open(`/e/${camp.eventId}/wall`, true);
    await wall.page.locator('[data-wall-status]', { hasText: 'Live' }).waitFor();
    await wall.page.locator('[data-wall-rooms] .session-card.overlapping').first().waitFor();
    const session = await open(`/e/${camp.eventId}/s/${camp.ids.code}`, true);
    await session.page.locator('[data-session-notes][data-live="true"]').waitFor();
    expect([...board.problems, ...wall.problems, ...session.problems]).toEqual([]);
  });
});
