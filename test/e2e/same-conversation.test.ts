import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expectNoAxeViolations } from './a11y';
import { launchBrowser, startApp, type RunningApp } from './browser';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** People in the room say two sessions are one conversation; facilitators act on it; clashes stay found (issue 16). */
describe('same conversation', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(url: string, options: BrowserContextOptions = LAPTOP): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  /** An event with rooms at 09:45 and 10:45, a facilitator link, and these sessions placed (title → [room, slot]) or not. */
  function seed(name: string, rooms: string[], sessions: [string, number | null, number][]) {
    const { services } = app.server;
    const eventId = services.events.create({ name, date: '2030-06-20', venue: 'Town Hall' }).event.id;
    const roomIds = rooms.map((room) => services.grid.addRoom(eventId, { name: room, capacity: null }).value.id);
    const slotIds = [
      services.grid.addSlot(eventId, { label: '', startsAt: '09:45', endsAt: '10:30' }).value.id,
      services.grid.addSlot(eventId, { label: '', startsAt: '10:45', endsAt: '11:30' }).value.id,
    ];
    const ids = sessions.map(([title, room, slot]) => {
      const id = services.sessions.pitch(eventId, { title, notes: '', pitcher: 'Sam' }).value.id;
      if (room !== null) services.sessions.place(eventId, id, { roomId: roomIds[room] as string, slotId: slotIds[slot] as string });
      return id;
    });
    return { eventId, ids, facilitatorToken: services.facilitation.newFacilitatorToken(eventId) };
  }

  test('same conversation from the room', async () => {
    const ev = seed(
      'LocalGovCamp',
      ['Library', 'Committee Room 1', 'Council Chamber'],
      [
        ['Why can’t councils collaborate?', 0, 0],
        ['Working together across local government', 1, 0],
        ['Breaking down silos between authorities', 2, 0],
        ['Knitting for beginners', null, 0],
      ],
    );
    const boardUrl = `${app.baseUrl}/e/${ev.eventId}`;
    const facilitator = await open(`${boardUrl}/facilitate?key=${ev.facilitatorToken}`);
    await facilitator.getByText('You are signed in as a facilitator').waitFor();
    const viewer = await open(boardUrl);
    await viewer.locator('#live-status', { hasText: 'Live' }).waitFor();

    for (const n of [1, 2]) {
      const phone = await open(boardUrl, PHONE);
      await phone.locator('#live-status', { hasText: 'Live' }).waitFor();
      await phone.getByRole('link', { name: '“Why can’t councils collaborate?” is the same conversation as…' }).first().click();
      await phone.getByRole('heading', { name: 'Same conversation as…' }).waitFor();
      await phone.getByLabel('Find the other session').fill('working together');
      await phone.getByText('1 of 3 sessions match.').waitFor();
      await phone.getByLabel('Working together across local government').check();
      if (n === 1) await expectNoAxeViolations(phone, 'the session page, "Same conversation as…" on a phone');
      await phone.getByRole('button', { name: 'Same conversation' }).click();
      await phone.getByText('the facilitators and the hosts of both sessions are told, privately').waitFor();
      await expect(phone.locator('.same-mine').textContent()).resolves.toContain('Working together across local government');
    }

    const suggestion = facilitator.locator('.suggestion', { hasText: '2 people say so' });
    await suggestion.waitFor();
    const titles = await suggestion.locator('h4').textContent();
    expect(titles).toContain('“Why can’t councils collaborate?”');
    expect(titles).toContain('“Working together across local government”');
    expect(titles).not.toContain('Breaking down silos');
    await expect(suggestion.locator('.where').textContent()).resolves.toMatch(
      /They run at the same time \(09:45\) in (Library and Committee Room 1|Committee Room 1 and Library), so people must choose\./,
    );
    await expectNoAxeViolations(facilitator, 'the facilitator’s board with people’s flags');
    // The public board shows nothing of it.
    await expect(viewer.locator('.marker.overlap').count()).resolves.toBe(0);

    await suggestion.getByRole('button', { name: /^Merge/ }).click();
    const dialog = facilitator.getByRole('dialog', { name: 'Merge sessions' });
    // Which one is offered first follows the sessions' ids: keep "Why can’t councils collaborate?".
    await dialog.getByRole('radio', { name: /Why can’t councils collaborate\?/ }).check();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    for (const p of [facilitator, viewer]) {
      await p.locator('.session-card', { hasText: 'Working together across local government' }).first().waitFor({ state: 'detached' });
      await expect(p.locator('td .session-card', { hasText: 'Why can’t councils collaborate?' }).count()).resolves.toBe(1);
    }
    // The history comes in its own message, after the board.
    await facilitator.locator('.history-list', { hasText: 'Merged' }).waitFor();
  });

  test('the lost clash, replayed: a third pitch and a dismissal of the weaker link leave the clash listed', async () => {
    const fillers = [
      'Accessibility audits',
      'Open data portals',
      'Digital inclusion in villages',
      'Agile procurement',
      'Cyber security basics',
    ];
    const ev = seed(
      'LowCodeCamp',
      ['Library', 'Committee Room 1', 'Hall'],
      [
        ['Low-code platforms in councils', 0, 1],
        ['Building council services on low-code platforms', 1, 1],
        ...fillers.map((title): [string, null, number] => [title, null, 0]),
      ],
    );
    const { services } = app.server;
    const facilitator = await open(`${app.baseUrl}/e/${ev.eventId}/facilitate?key=${ev.facilitatorToken}`);
    const clash = facilitator.locator('.suggestion', {
      hasText: /They run at the same time \(10:45\) in (Library and Committee Room 1|Committee Room 1 and Library)/,
    });
    // The first analysis loads the sentence encoder in the server's worker.
    await clash.waitFor({ timeout: 45_000 });
    await expect(clash.locator('h4').textContent()).resolves.toMatch(/^“[^”]+” and “[^”]+”$/);

    // A third low-code pitch, and a weaker link to it: someone in the room says it is the same as the first.
    const third = services.sessions.pitch(ev.eventId, { title: 'Low-code for beginners', notes: '', pitcher: 'Kim' }).value.id;
    services.flags.flag(ev.eventId, third, ev.ids[0] as string, 'browser-000000000001');
    const newcomer = facilitator.locator('.suggestion', { hasText: '1 person says so' });
    await facilitator.locator('details[data-related] > summary').click();
    await newcomer.waitFor();
    await expect(clash.count()).resolves.toBe(1);

    await newcomer.getByRole('button', { name: /^Dismiss/ }).click();
    await facilitator.locator('.history-list', { hasText: /Dismissed the suggestion for .*Low-code for beginners/ }).waitFor();
    await newcomer.waitFor({ state: 'detached' });
    // The analysis that follows the decision has run: the clash is still listed, on the server and in the panel.
    const after = await services.suggestions.refresh(ev.eventId);
    expect(after.filter((s) => s.relation === 'same-slot').map((s) => s.sessions)).toEqual([[...ev.ids.slice(0, 2)].sort()]);
    await clash.waitFor();
    await expectNoAxeViolations(facilitator, 'the facilitator’s panel with a clash listed');
  }, 90_000);

  test('at 1280 × 800 the facilitator’s panel is in view without scrolling past a long Unscheduled column', async () => {
    const ev = seed(
      'BusyCamp',
      ['Library', 'Hall'],
      Array.from({ length: 30 }, (_, k): [string, null, number] => [`Unscheduled pitch number ${k + 1}`, null, 0]),
    );
    const facilitator = await open(`${app.baseUrl}/e/${ev.eventId}/facilitate?key=${ev.facilitatorToken}`);
    // Joined and drawn. Not the status line's "Live": the announcement of the overlaps found among
    // thirty like-named pitches can replace it before it is read.
    await facilitator.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    await facilitator.locator('#suggestions-heading').waitFor();
    const bottom = await facilitator.evaluate(
      () => document.querySelector('#suggestions-heading')?.getBoundingClientRect().bottom ?? Infinity,
    );
    expect(bottom).toBeLessThanOrEqual(800);
  });
});
