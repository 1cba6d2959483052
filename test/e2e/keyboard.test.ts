import type { Browser, BrowserContext, Page } from 'playwright-core';
import { contrast, focusObscured, focusRing, focusedName, tabTo } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/**
 * What axe cannot see: a facilitator schedules, merges and undoes with the keyboard alone, the
 * focus stays where they are through live updates, and the polite status line tells each person
 * what others changed and what their own actions did, once.
 */
describe('Unsilo with the keyboard alone', () => {
  let app: RunningApp;
  let browser: Browser;
  let eventId: string;
  let adminToken: string;
  let facilitator: Page;
  let attendee: Page;
  const contexts: BrowserContext[] = [];

  const said = (page: Page) => page.evaluate(() => (window as unknown as { said: string[] }).said);
  /** Waits until the status line has said something matching (later news may already have replaced it). */
  const heard = async (page: Page, text: string | RegExp) => {
    const wanted =
      typeof text === 'string' ? { plain: text, source: '', flags: '' } : { plain: null, source: text.source, flags: text.flags };
    await page.waitForFunction(
      ({ plain, source, flags }) =>
        (window as unknown as { said: string[] }).said.some((t) =>
          plain === null ? new RegExp(source, flags).test(t) : t.includes(plain),
        ),
      wanted,
    );
  };
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  /** A board in its own browser (after `path`, say a facilitator link), recording everything its status line says. */
  async function open(path: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(app.baseUrl + path);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { said: string[] }).said = log;
      const line = document.querySelector('#live-status') as HTMLElement;
      new MutationObserver(() => log.push((line.textContent ?? '').trim())).observe(line, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    return page;
  }

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { services } = app.server;
    const created = services.events.create({ name: 'Keyboard Camp', date: '2026-12-05', venue: '' });
    eventId = created.event.id;
    adminToken = created.adminToken;
    for (const name of ['Hall', 'Library']) services.grid.addRoom(eventId, { name, capacity: null });
    services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' });
    services.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' });
    services.sessions.pitch(eventId, { title: 'Open data nobody uses', notes: 'Portals full of spreadsheets.', pitcher: 'Ifeoma' });
    services.sessions.pitch(eventId, {
      title: 'Why can’t councils share code?',
      notes: 'Every council builds the same forms and apps.',
      pitcher: 'Priya',
    });
    services.sessions.pitch(eventId, {
      title: 'Sharing code between councils',
      notes: 'Reusing what other councils have built instead of rebuilding it.',
      pitcher: 'Tom',
    });
    await services.suggestions.refresh(eventId);
    facilitator = await open(`/e/${eventId}/facilitate?key=${services.facilitation.newFacilitatorToken(eventId)}`);
    attendee = await open(`/e/${eventId}`);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  test('a facilitator schedules a session: the dialog takes and returns the focus, and each board hears it once', async () => {
    await tabTo(facilitator, 'Move “Open data nobody uses”');
    const ring = await focusRing(facilitator);
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(3);
    expect(contrast(ring.colour, ring.background)).toBeGreaterThanOrEqual(3);

    // Escape closes the dialog and puts the focus back on the button that opened it.
    await facilitator.keyboard.press('Enter');
    await expect(focusedId(facilitator)).resolves.toBe('move-cell');
    await facilitator.keyboard.press('Escape');
    await facilitator.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move “Open data nobody uses”');

    await facilitator.keyboard.press('Enter');
    // Unscheduled, then 10:00 Hall, 10:00 Library, 11:00 Hall.
    for (let i = 0; i < 3; i += 1) await facilitator.keyboard.press('ArrowDown');
    await expect(facilitator.locator('#move-cell option:checked').textContent()).resolves.toBe('11:00–11:45 · Hall');
    await facilitator.keyboard.press('Tab');
    await expect(focusedName(facilitator)).resolves.toBe('Move');
    await facilitator.keyboard.press('Enter');

    await heard(facilitator, 'You moved “Open data nobody uses” to Hall, 11:00.');
    await heard(attendee, '“Open data nobody uses” moved to Hall, 11:00.');
    // The focus followed the card into its cell.
    const focusedCell = await facilitator.evaluate(() => document.activeElement?.closest('td')?.getAttribute('aria-label'));
    expect(focusedCell).toBe('Hall, 11:00–11:45');
    await expect(focusedName(facilitator)).resolves.toBe('Move “Open data nobody uses”');

    // Someone else's change redraws the facilitator's board; the focus stays put.
    await tabTo(attendee, 'I’d go to “Open data nobody uses”');
    await attendee.keyboard.press('Enter');
    await heard(attendee, 'You’d go to “Open data nobody uses”.');
    await expect(focusedName(attendee)).resolves.toBe('I’d go to “Open data nobody uses”');
    await expect(attendee.evaluate(() => document.activeElement?.getAttribute('aria-pressed'))).resolves.toBe('true');
    await facilitator.locator('td[aria-label="Hall, 11:00–11:45"]').getByText('1 would go').waitFor();
    await expect(focusedName(facilitator)).resolves.toBe('Move “Open data nobody uses”');
    // Every socket message before that interest count has been handled: the move was told once, as our own.
    expect((await said(facilitator)).filter((text) => text.includes('moved'))).toEqual([
      'You moved “Open data nobody uses” to Hall, 11:00.',
    ]);
  });

  test('a facilitator merges a suggestion and undoes it without a mouse', async () => {
    await facilitator.locator('.suggestion').first().waitFor();
    await tabTo(facilitator, /^Merge “/);
    await facilitator.keyboard.press('Enter');
    const dialog = facilitator.getByRole('dialog', { name: 'Merge sessions' });
    await dialog.waitFor();
    await expect(focusedId(facilitator)).resolves.toBe('merge-title');
    await facilitator.keyboard.press('ControlOrMeta+a');
    await facilitator.keyboard.type('Sharing code: what stops us?');
    await facilitator.keyboard.press('Enter');

    await heard(facilitator, /^Merged/);
    await heard(attendee, '2 sessions merged into “Sharing code: what stops us?”.');
    // The suggestion it came from is gone, and there is no other: the focus is on the list's heading.
    await facilitator.waitForFunction(() => document.activeElement?.id === 'suggestions-heading');
    await expect(focusedName(facilitator)).resolves.toBe('Overlap suggestions (0)');

    await tabTo(facilitator, /^Undo: Merged/, 5);
    await facilitator.keyboard.press('Enter');
    await heard(facilitator, /^Undid: Merged/);
    await heard(attendee, /^Merge undone: “.+” and “.+” are separate again\.$/);
    await facilitator.waitForFunction(() => document.activeElement?.id === 'history-heading');
    await attendee.getByRole('link', { name: 'Why can’t councils share code?', exact: true }).waitFor();
    expect((await said(facilitator)).filter((text) => /merged into|Merge undone/.test(text))).toEqual([]);
  });

  test('an organiser adds a room and moves it left with the keyboard alone', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const organiser = await context.newPage();
    await organiser.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await tabTo(organiser, 'New room');
    await organiser.keyboard.type('Annex');
    await organiser.keyboard.press('Enter');
    await organiser.getByRole('status').filter({ hasText: 'Room added.' }).waitFor();
    // The focus stays in the form for the next room; the new room's row is just above it.
    await tabTo(organiser, 'Move Annex left', 80, 'Shift+Tab');
    await organiser.keyboard.press('Enter');
    await organiser.getByRole('status').filter({ hasText: 'Room order changed.' }).waitFor();
    const rooms = await organiser
      .locator('input[name="name"][id^="room-name-"]')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(rooms).toEqual(['Hall', 'Annex', 'Library']);
  });

  test('on a phone, every control Tab reaches on the board is in view and not covered', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    const organiser = await context.newPage();
    await organiser.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await organiser.goto(`${app.baseUrl}/e/${eventId}`);
    await organiser.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    const problems: string[] = [];
    let reached = 0;
    for (let i = 0; i < 150; i += 1) {
      await organiser.keyboard.press('Tab');
      if (await organiser.evaluate(() => document.activeElement === document.body)) break;
      reached += 1;
      const problem = await focusObscured(organiser);
      if (problem) problems.push(problem);
    }
    expect(reached).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
