import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

/** Cell ("roomId:slotId") → the session drawn in it. */
type GridMap = Record<string, string>;

/**
 * The organiser's schedule assistant: a proposal is a preview on the organiser's page only; Apply
 * makes it the grid on every board; one undo restores the grid as it was.
 */
describe('the schedule assistant on the board', () => {
  let app: RunningApp;
  let browser: Browser;
  let eventId: string;
  let adminToken: string;
  const ids: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const s = app.server.services;
    // Far ahead, so no slot has started by anyone's clock: nothing is frozen.
    const created = s.events.create({ name: 'Assisted Camp', date: '2030-06-20', venue: '' });
    eventId = created.event.id;
    adminToken = created.adminToken;
    const hall = s.grid.addRoom(eventId, { name: 'Hall', capacity: 60 }).value.id;
    const small = s.grid.addRoom(eventId, { name: 'Room B', capacity: 10 }).value.id;
    const slots = ['10:00', '11:00', '12:00'].map(
      (at) => s.grid.addSlot(eventId, { label: '', startsAt: at, endsAt: `${at.slice(0, 2)}:45` }).value.id,
    );
    const pitch = (title: string, pitcher: string) => s.sessions.pitch(eventId, { title, notes: '', pitcher }).value.id;
    ids.ethics = pitch('Data ethics', 'Priya');
    ids.open = pitch('Open data portals', 'Sam');
    ids.garden = pitch('Gardening at work', 'Tom');
    s.sessions.place(eventId, ids.ethics, { roomId: small, slotId: slots[0] as string });
    s.sessions.place(eventId, ids.open, { roomId: hall, slotId: slots[0] as string });
    // 30 people want "Data ethics" (in the 10-seat room), 20 of them "Open data portals" too, at the same time.
    for (let i = 0; i < 30; i++) {
      const key = `browser-${String(i).padStart(10, '0')}`;
      s.sessions.showInterest(eventId, ids.ethics, key);
      if (i < 20) s.sessions.showInterest(eventId, ids.open, key);
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function openBoard(asOrganiser: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    if (asOrganiser) await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    return page;
  }

  const serverGrid = (): GridMap =>
    Object.fromEntries(
      app.server.services.events
        .board(eventId)
        .sessions.filter((s) => s.roomId && s.slotId)
        .map((s) => [`${s.roomId}:${s.slotId}`, s.id]),
    );

  const drawnGrid = (page: Page): Promise<GridMap> =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('[data-grid] td[data-room-id]')].flatMap((td) => {
          const card = td.querySelector<HTMLElement>('.session-card');
          return card ? [[`${td.dataset.roomId}:${td.dataset.slotId}`, card.dataset.sessionId ?? '']] : [];
        }),
      ),
    );

  /** Waits until the page draws exactly `grid` (the board's version settles after a broadcast). */
  const showsGrid = (page: Page, grid: GridMap) =>
    page.waitForFunction((want) => {
      const drawn = Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('[data-grid] td[data-room-id]')].flatMap((td) => {
          const card = td.querySelector<HTMLElement>('.session-card');
          return card ? [[`${td.dataset.roomId}:${td.dataset.slotId}`, card.dataset.sessionId ?? '']] : [];
        }),
      );
      return JSON.stringify(Object.entries(drawn).sort()) === JSON.stringify(Object.entries(want).sort());
    }, grid);

  test('the organiser previews a proposal nobody else sees, applies it to every board, and one undo restores the grid', async () => {
    const organiser = await openBoard(true);
    const viewer = await openBoard(false);
    const before = serverGrid();
    const version = String(app.server.services.events.get(eventId).version);
    await expect(drawnGrid(viewer)).resolves.toEqual(before);

    // Asked with the keyboard: the option, then the button.
    await organiser.getByLabel('Allow re-arranging placed sessions (not pinned)').check();
    await organiser.getByRole('button', { name: 'Suggest a schedule' }).focus();
    await organiser.keyboard.press('Enter');
    await organiser.getByRole('heading', { name: /^Proposal: \d+ changes? \(preview\)$/ }).waitFor();
    await expect(organiser.locator('#live-status').textContent()).resolves.toMatch(/Proposal ready: \d+ changes? shown on the grid/);

    // The preview: moved cards marked with before → after and why; the figures before and after below.
    const moved = organiser.locator('[data-grid] .session-card.proposed-move');
    await expect(moved.count()).resolves.toBeGreaterThan(0);
    const ethicsCard = organiser.locator(`[data-grid] .session-card[data-session-id="${ids.ethics}"]`);
    await expect(ethicsCard.textContent()).resolves.toMatch(/Proposed: Room B at 10:00 → \S.* at \d\d:00/);
    await expect(ethicsCard.locator('.marker.proposal-why').textContent()).resolves.not.toBe('');
    const figures = organiser.getByRole('table', { name: /Figures before and after/ });
    await expect(figures.getByRole('row', { name: /People over room capacity/ }).textContent()).resolves.toMatch(/20.*better/);
    await expect(drawnGrid(organiser)).resolves.not.toEqual(before);
    await expectNoAxeViolations(organiser, 'the board with a schedule proposal previewed');
    const fits = await organiser.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits).toBe(true);

    // Nothing changed for anyone else, nor on the server.
    expect(serverGrid()).toEqual(before);
    expect(String(app.server.services.events.get(eventId).version)).toBe(version);
    await expect(drawnGrid(viewer)).resolves.toEqual(before);
    await expect(viewer.locator('.proposed-move').count()).resolves.toBe(0);
    await expect(viewer.locator('[data-schedule]').count()).resolves.toBe(0);

    await organiser.getByRole('button', { name: 'Apply' }).focus();
    await organiser.keyboard.press('Enter');
    await organiser.locator('#live-status', { hasText: 'Applied a schedule proposal' }).waitFor();
    const after = serverGrid();
    expect(after).not.toEqual(before);
    await showsGrid(viewer, after);
    await showsGrid(organiser, after);
    await expect(organiser.locator('.proposed-move').count()).resolves.toBe(0);

    await organiser.getByRole('button', { name: /^Undo: Applied a schedule proposal/ }).click();
    await showsGrid(viewer, before);
    await showsGrid(organiser, before);
    expect(serverGrid()).toEqual(before);
  });

  test('Discard changes nothing; pins, hands counts and pair rules are set from the board', async () => {
    const organiser = await openBoard(true);
    const before = serverGrid();
    await organiser.getByRole('button', { name: 'Suggest a schedule' }).click();
    await organiser.getByRole('heading', { name: /^Proposal:/ }).waitFor();
    await organiser.getByRole('button', { name: 'Discard' }).click();
    await organiser.locator('#live-status', { hasText: 'Proposal discarded' }).waitFor();
    await expect(organiser.locator('.proposed-move').count()).resolves.toBe(0);
    await showsGrid(organiser, before);
    expect(serverGrid()).toEqual(before);

    const pin = organiser.getByRole('button', { name: 'Pin “Data ethics” where it is' }).first();
    await pin.click();
    await organiser.locator('#live-status', { hasText: 'Pinned “Data ethics”' }).waitFor();
    await expect(
      organiser.getByRole('button', { name: 'Pin “Data ethics” where it is' }).first().getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    await organiser.getByRole('button', { name: 'Hands and time for “Gardening at work”' }).first().click();
    const dialog = organiser.getByRole('dialog', { name: /Hands and time/ });
    await dialog.getByLabel(/Hands raised at the pitch/).fill('25');
    await dialog.getByLabel(/When the host can run it/).fill('not before 11:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await organiser.locator('.session-card', { hasText: '25 hands at the pitch · Host: not before 11:00' }).first().waitFor();

    await organiser.getByLabel('Session', { exact: true }).selectOption({ label: 'Data ethics' });
    await organiser.getByLabel('Rule', { exact: true }).selectOption({ label: 'never at the same time' });
    await organiser.getByLabel('Other session').selectOption({ label: 'Open data portals' });
    await organiser.getByRole('button', { name: 'Add rule' }).click();
    // "Apart" has no direction: the rule is kept in the sessions' id order, so either may come first.
    await organiser
      .getByText(/(“Data ethics” and “Open data portals”|“Open data portals” and “Data ethics”): never at the same time/)
      .waitFor();

    const planning = app.server.services.schedule.planning(eventId);
    expect(planning.sessions.find((p) => p.sessionId === ids.ethics)?.pinned).toBe(true);
    expect(planning.sessions.find((p) => p.sessionId === ids.garden)).toMatchObject({ hands: 25, availability: 'not before 11:00' });
    expect(planning.rules).toEqual([expect.objectContaining({ kind: 'apart' })]);

    // A proposal now keeps the pinned session where it is.
    await organiser.getByLabel('Allow re-arranging placed sessions (not pinned)').check();
    await organiser.getByRole('button', { name: 'Suggest a schedule' }).click();
    await organiser.getByRole('heading', { name: /^Proposal:/ }).waitFor();
    await expect(organiser.locator(`.proposed-move[data-session-id="${ids.ethics}"]`).count()).resolves.toBe(0);
    await expectNoAxeViolations(organiser, 'the board with pins, planning and a pair rule');
    await organiser.getByRole('button', { name: 'Discard' }).click();
  });
});
