/**
 * Builds the whole Unsilo app for integration tests: a fresh `:memory:` database, a clock that
 * only moves when a test moves it, and ids that count up (`id-0001`, `id-0002`, …), so every
 * run sees the same data. Nothing listens on a port: supertest drives `app` directly.
 */
import type { Express } from 'express';
import request from 'supertest';
import type { Clock } from '../../server/domain/types';
import { openDatabase, type Db } from '../../server/persistence/database';
import { createServer } from '../../server/server';
import type { RateLimits } from '../../server/shared/rate-limits';
import type { TrustProxy } from '../../server/http/app';
import type { Services } from '../../server/services';
import { InlineAnalysis, type AnalysisRunner } from '../../server/services/analysis.thread';

export const START = '2026-11-29T09:00:00.000Z';

/** A clock that stands still until told to move. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function fixedClock(iso = START): TestClock {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Ids that count up and sort in creation order: `${prefix}-0001`, `${prefix}-0002`, … */
export function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

export interface TestApp {
  app: Express;
  services: Services;
  db: Db;
  clock: TestClock;
  /** Everything the app logged as an unexpected error; tests expect it to stay empty. */
  loggedErrors: unknown[];
  /** Stops whatever the server runs (sockets, timers) and closes the database. */
  close(): Promise<void>;
}

export interface AppOptions {
  db?: Db;
  idPrefix?: string;
  clock?: TestClock;
  rateLimits?: RateLimits | 'off';
  timeZone?: string;
  trustProxy?: TrustProxy;
  analysis?: AnalysisRunner;
}

/**
 * `rateLimits` defaults to the production limits; tests that make many requests from one browser
 * raise them or pass 'off'. `analysis` defaults to jobs on this thread with the deterministic
 * hashed encoder: no worker to start and no 27 MB model to load per app.
 */
export function buildApp(options: AppOptions = {}): TestApp {
  const db = options.db ?? openDatabase(':memory:');
  const clock = options.clock ?? fixedClock();
  const loggedErrors: unknown[] = [];
  const logger = {
    info: () => undefined,
    error: (message: string, error?: unknown) => {
      loggedErrors.push(error ?? message);
    },
  };
  // HTTP tests run analysis jobs on this thread: a worker per test app costs a thread start each; the
  // workers are tested with real sockets (test/integration/realtime.helpers.ts) and in the browser tests.
  const server = createServer({
    db,
    logger,
    clock,
    newId: sequentialIds(options.idPrefix),
    analysis: options.analysis ?? new InlineAnalysis({ encoder: 'hashed' }),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  });
  // A server that owns sockets or timers exposes close(); it must stop before the database goes.
  const stoppable = server as unknown as { close?: () => Promise<void> };
  return {
    app: server.app,
    services: server.services,
    db,
    clock,
    loggedErrors,
    close: async () => {
      if (typeof stoppable.close === 'function') await stoppable.close.call(server);
      if (db.open) db.close();
    },
  };
}

export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export interface CreatedEvent {
  eventId: string;
  adminToken: string;
}

/** Creates an event through the JSON API and returns its id and private organiser token. */
export async function createEvent(
  app: Express,
  input: { name?: string; date?: string; venue?: string; timeZone?: string; listed?: boolean } = {},
): Promise<CreatedEvent> {
  const res = await request(app)
    .post('/api/events')
    .send({ name: 'LocalGovCamp 2026', date: '2026-06-20', venue: 'Town Hall', ...input })
    .expect(201);
  return { eventId: res.body.event.id as string, adminToken: res.body.adminToken as string };
}

export async function addRoom(app: Express, ev: CreatedEvent, name: string, capacity: number | null = null): Promise<string> {
  const res = await request(app).post(`/api/events/${ev.eventId}/rooms`).set(bearer(ev.adminToken)).send({ name, capacity }).expect(201);
  return res.body.value.id as string;
}

export async function addSlot(app: Express, ev: CreatedEvent, startsAt: string, endsAt: string, label = ''): Promise<string> {
  const res = await request(app)
    .post(`/api/events/${ev.eventId}/slots`)
    .set(bearer(ev.adminToken))
    .send({ label, startsAt, endsAt })
    .expect(201);
  return res.body.value.id as string;
}

export async function pitchSession(app: Express, eventId: string, title: string, pitcher = 'Priya', notes = ''): Promise<string> {
  const res = await request(app).post(`/api/events/${eventId}/sessions`).send({ title, pitcher, notes }).expect(201);
  return res.body.value.id as string;
}

export async function placeSession(app: Express, ev: CreatedEvent, sessionId: string, roomId: string, slotId: string): Promise<void> {
  await request(app)
    .put(`/api/events/${ev.eventId}/sessions/${sessionId}/placement`)
    .set(bearer(ev.adminToken))
    .send({ roomId, slotId })
    .expect(200);
}

export interface SeededBoard extends CreatedEvent {
  rooms: [string, string];
  slots: [string, string];
  /** The first is placed in rooms[0] × slots[0]; the other two are unscheduled. */
  sessions: [string, string, string];
}

/** An event with two rooms, two slots and three pitches, one of them placed. */
export async function seedBoard(app: Express): Promise<SeededBoard> {
  const ev = await createEvent(app);
  const rooms: [string, string] = [await addRoom(app, ev, 'Main Hall', 120), await addRoom(app, ev, 'Library')];
  const slots: [string, string] = [await addSlot(app, ev, '10:00', '10:45', 'Session 1'), await addSlot(app, ev, '11:00', '11:45')];
  const sessions: [string, string, string] = [
    await pitchSession(app, ev.eventId, 'Sharing code between councils', 'Priya', 'Why build the same thing 300 times?'),
    await pitchSession(app, ev.eventId, 'User research on a shoestring', 'Aisha'),
    await pitchSession(app, ev.eventId, 'Generative AI policies', 'Tom'),
  ];
  await placeSession(app, ev, sessions[0], rooms[0], slots[0]);
  return { ...ev, rooms, slots, sessions };
}

/**
 * Gives each test of the enclosing block a fresh app built with `options` through `use`; after each
 * test fails it if the app logged an unexpected error, then closes the app.
 */
export function appPerTest(use: (t: TestApp) => void | Promise<void>, options: AppOptions = {}): void {
  let t: TestApp;
  beforeEach(async () => {
    t = buildApp(options);
    await use(t);
  });
  afterEach(async () => {
    await t.close();
    expect(t.loggedErrors).toEqual([]);
  });
}

/** As appPerTest, with seedBoard's board in each test's app. */
export function boardPerTest(use: (started: { t: TestApp; ev: SeededBoard }) => void, options: AppOptions = {}): void {
  appPerTest(async (t) => use({ t, ev: await seedBoard(t.app) }), options);
}

/** The board as the JSON API returns it, the yardstick for "nothing changed". */
export async function getBoard(app: Express, eventId: string): Promise<Record<string, unknown>> {
  const res = await request(app).get(`/api/events/${eventId}/board`).expect(200);
  return res.body as Record<string, unknown>;
}

/** A browser that followed the private organiser link, so it carries the `unsilo_org_<eventId>` cookie. */
export async function organiserAgent(app: Express, ev: CreatedEvent): Promise<ReturnType<typeof request.agent>> {
  const agent = request.agent(app);
  await agent
    .get(`/e/${ev.eventId}/admin`)
    .query({ key: ev.adminToken })
    .expect(303)
    .expect('Location', `/e/${ev.eventId}/admin?notice=organiser-ok`);
  return agent;
}

export type Browser = ReturnType<typeof request.agent>;

/** The CSRF token the pages give this browser, read from a form as a person's browser would send it. */
export async function csrfTokenOf(browser: Browser, page = '/'): Promise<string> {
  const html = (await browser.get(page).expect(200)).text;
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`${page} has no form with a CSRF token`);
  return token;
}

/**
 * A browser's forms: loads a page (the home page unless told), then `post(action, fields)` sends a
 * form with the page's CSRF token, as submitting it would. Given the app, a fresh browser is used.
 */
export async function formsOf(
  browser: Browser | Express,
  page = '/',
): Promise<{ token: string; post(action: string, fields?: object): request.Test; upload(action: string): request.Test }> {
  const agent = typeof browser === 'function' ? request.agent(browser) : browser;
  const token = await csrfTokenOf(agent, page);
  return {
    token,
    post: (action, fields = {}) =>
      agent
        .post(action)
        .type('form')
        .send({ ...fields, _csrf: token }),
    /** A multipart form (the import): its token travels in the query, as the page's form sends it. */
    upload: (action) => agent.post(`${action}?_csrf=${encodeURIComponent(token)}`),
  };
}

/** Every event on the instance, newest first, listed or not (the home page shows only listed ones). */
export const eventsOf = (t: Pick<TestApp, 'db' | 'services'>) =>
  (t.db.prepare('SELECT id FROM events ORDER BY rowid DESC').all() as { id: string }[]).map((row) => t.services.events.get(row.id));

/**
 * Every row of every table but the embedding cache (filled in the background as the detector
 * reads new pitches): the yardstick for "a refused request changed nothing".
 */
export function dumpTables(db: Db): string {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'session_embeddings' ORDER BY name",
    )
    .all();
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).raw().all()]));
}
