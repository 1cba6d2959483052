import type { Browser, BrowserContext, Page } from 'playwright-core';
import { XSS_CORPUS } from '../fixtures/security/xss-corpus';
import { launchBrowser, startApp, type RunningApp } from './browser';

/** What would exist in the page only if some hostile text had been taken for markup (our own bundle, invite QR code and pin icon aside). */
const INJECTED_SELECTOR =
  'main script:not([src^="/static/"]), main iframe, main object, main math, main style, main img, main svg:not(.qr, .icon), main svg.qr :not(rect, path), main svg.icon :not(path), [onerror], [onload], [ontoggle], [onfocus], [onmouseover], [onbegin], a[href^="javascript:"]';
const injectedElements = (page: Page) =>
  page.evaluate((selector) => [...document.querySelectorAll(selector)].map((e) => e.outerHTML.slice(0, 200)), INJECTED_SELECTOR);

/** The XSS corpus in a real browser: no dialog, no injected element, in the first paint and live. */
describe('hostile pitches in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let eventId: string;
  let adminToken: string;
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { services } = app.server;
    const created = services.events.create({ name: XSS_CORPUS[0]!, date: '2026-12-05', venue: XSS_CORPUS[1]! });
    eventId = created.event.id;
    adminToken = created.adminToken;
    const room = services.grid.addRoom(eventId, { name: XSS_CORPUS[2]!.slice(0, 60), capacity: null }).value.id;
    const slot = services.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
    for (const payload of XSS_CORPUS.slice(0, 14)) {
      services.sessions.pitch(eventId, { title: payload.slice(0, 120), notes: payload, pitcher: payload.slice(0, 80) });
    }
    const first = services.events.board(eventId).sessions[0]!;
    services.sessions.place(eventId, first.id, { roomId: room, slotId: slot });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function open(asOrganiser: boolean): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    if (asOrganiser) await page.goto(`${app.baseUrl}/e/${eventId}/admin?key=${adminToken}`);
    await page.goto(`${app.baseUrl}/e/${eventId}`);
    // Joined and drawn. Not the status line's "Live": for an organiser, the announcement of the
    // overlaps the detector finds in the corpus can replace it before it is read.
    await page.locator('[data-live-board][data-version]').waitFor({ state: 'attached' });
    return page;
  }

  test('the board, a session page and the admin page show the corpus as text', async () => {
    const page = await open(true);
    expect(await injectedElements(page)).toEqual([]);
    await page.getByText(XSS_CORPUS[0]!, { exact: true }).first().waitFor();
    const sessions = app.server.services.events.board(eventId).sessions;
    for (const url of [
      `/e/${eventId}/s/${sessions[1]!.id}`,
      `/e/${eventId}/admin`,
      `/e/${eventId}/pitch`,
      `/e/${eventId}/wall`,
      `/e/${eventId}/agenda`,
    ]) {
      await page.goto(`${app.baseUrl}${url}`);
      expect([url, await injectedElements(page)]).toEqual([url, []]);
    }
    expect(dialogs).toEqual([]);
  });

  test('pitches arriving live are rendered by the client as text too', async () => {
    const page = await open(false);
    for (const payload of XSS_CORPUS.slice(14)) {
      app.server.services.sessions.pitch(eventId, { title: payload.slice(0, 120), notes: payload, pitcher: payload.slice(0, 80) });
    }
    const last = XSS_CORPUS.at(-1)!.slice(0, 120);
    const card = page.locator('.session-card', { hasText: last }).first();
    await card.waitFor();
    expect(await card.textContent()).toContain(last);
    expect(await injectedElements(page)).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
