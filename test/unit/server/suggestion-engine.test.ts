/**
 * The suggestion engine's scheduling (issue 20, "a flood that never settles"): changes are read
 * together, one detection per event runs at a time, a move is explained again without embedding or
 * detecting, and with no change nothing runs. Time is a manual clock and every job is counted on a
 * runner that wraps the real jobs on this thread; nothing here waits on the wall clock.
 */
import type { BoardChange } from '../../../server/services/changes';
import { openDatabase, type Db } from '../../../server/persistence/database';
import { createContext, type ServiceContext } from '../../../server/services/context';
import { createServices, type Services } from '../../../server/services';
import type { JobInput, JobKind, JobOutput } from '../../../server/services/analysis.jobs';
import { AnalysisThread, InlineAnalysis, type AnalysisRunner, type RunOptions } from '../../../server/services/analysis.thread';
import { MAX_DETECTING, MAX_SUGGESTIONS, MAX_WAITING, type EngineTimers } from '../../../server/services/suggestion.engine';
import type { FoundOverlap } from '../../../analysis';
import type { Suggestion } from '../../../server/protocol/events';
import { sequentialIds } from '../../helpers/app';
import { suggestionId } from '../../../server/domain/suggestion';

/** Timers that fire only when the test moves the clock. */
class ManualTimers implements EngineTimers {
  private time = 0;
  private tasks: { at: number; task: () => void }[] = [];
  now = (): number => this.time;
  after = (ms: number, task: () => void): (() => void) => {
    const entry = { at: this.time + ms, task };
    this.tasks.push(entry);
    return () => void (this.tasks = this.tasks.filter((t) => t !== entry));
  };
  /** Moves the clock on without firing anything (time a job took). */
  pass(ms: number): void {
    this.time += ms;
  }
  get pending(): number {
    return this.tasks.length;
  }
  /** Moves the clock on, firing what falls due in order, and lets the jobs they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.tasks.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.task();
    }
    this.time = Math.max(this.time, end);
    await settle();
  }
}

/** Lets promise chains and the inline jobs run to their end. */
async function settle(): Promise<void> {
  for (let k = 0; k < 20; k++) await new Promise((resolve) => setImmediate(resolve));
}

/** The real jobs on this thread (hashed encoder), counted; detect jobs can be held open like a long analysis. */
class CountingRunner implements AnalysisRunner {
  readonly embeds = true;
  readonly jobs: { kind: JobKind; sessions: number }[] = [];
  readonly lanes: (string | undefined)[] = [];
  private readonly inner = new InlineAnalysis({ encoder: 'hashed' });
  private held: (() => void)[] | null = null;
  /** Each detect job moves the manual clock on by this much (its duration). */
  detectMs = 0;
  failDetect = false;
  /** What detect jobs answer instead of the detector's overlaps (as both its groups and its pairs), when set. */
  found: FoundOverlap[] | null = null;

  constructor(private readonly timers: ManualTimers) {}

  count(kind: JobKind): number {
    return this.jobs.filter((j) => j.kind === kind).length;
  }
  hold(): void {
    this.held = [];
  }
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const go of held) go();
  }

  async run<K extends JobKind>(kind: K, input: JobInput<K>, options?: RunOptions): Promise<JobOutput<K>> {
    this.jobs.push({ kind, sessions: (input as { sessions?: unknown[] }).sessions?.length ?? 0 });
    this.lanes.push(options?.lane);
    if (kind === 'detect') {
      if (this.held) await new Promise<void>((resolve) => this.held?.push(resolve));
      if (this.failDetect) throw new Error('detector failed');
      this.timers.pass(this.detectMs);
      if (this.found) return { found: this.found, pairs: this.found } as JobOutput<K>;
    }
    return this.inner.run(kind, input, options);
  }
  running(): JobKind | null {
    return this.inner.running();
  }
  /** Engines close their runner; this one serves the next engine of a test too (the jobs hold nothing). */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

let db: Db;
let ctx: ServiceContext;
let services: Services;
let timers: ManualTimers;
let runner: CountingRunner;
let published: Extract<BoardChange, { kind: 'suggestions' }>[];

beforeEach(() => {
  db = openDatabase(':memory:');
  ctx = createContext(db, undefined, sequentialIds());
  timers = new ManualTimers();
  runner = new CountingRunner(timers);
  services = createServices(ctx, { runner, logger: { info: () => undefined, error: () => undefined }, timers, debounceMs: 100 });
  services.suggestions.start();
  published = [];
  ctx.changes.subscribe((change) => {
    if (change.kind === 'suggestions') published.push(change);
  });
});

afterEach(async () => {
  await services.suggestions.close();
  db.close();
});

function camp(name = 'Camp') {
  const { event } = services.events.create({ name, date: '2026-06-20', venue: 'Hall' });
  const room = services.grid.addRoom(event.id, { name: 'Library', capacity: null }).value.id;
  const otherRoom = services.grid.addRoom(event.id, { name: 'Main Hall', capacity: null }).value.id;
  const slot = services.grid.addSlot(event.id, { label: '', startsAt: '10:00', endsAt: '10:45' }).value.id;
  const pitch = (title: string, notes = '') => services.sessions.pitch(event.id, { title, notes, pitcher: 'Sam' }).value;
  return { eventId: event.id, room, otherRoom, slot, pitch };
}

/**
 * More events than may wait for a turn, each with the two pitches given, their detections held: the
 * first MAX_DETECTING detect, and the one that waited longest (returned) is dropped when the list overflows.
 */
async function overflowedQueue(titles: readonly [string, string], notes = '') {
  const events = Array.from({ length: MAX_DETECTING + MAX_WAITING + 1 }, (_, k) => camp(`Camp ${k}`));
  for (const ev of events) for (const title of titles) ev.pitch(title, notes);
  runner.hold();
  await timers.advance(100);
  return { events, dropped: events[MAX_DETECTING] as ReturnType<typeof camp> };
}

const topics = (n: number, offset = 0) => Array.from({ length: n }, (_, k) => `Topic number ${k + offset} about item ${k + offset}`);

test('a burst of 50 pitches within the debounce is read by one tick: one detection, its sessions embedded in two chunks', async () => {
  const ev = camp();
  for (const title of topics(50)) ev.pitch(title, 'Some notes');
  await timers.advance(100);
  expect(runner.count('detect')).toBe(1);
  expect(runner.jobs.filter((j) => j.kind === 'embed').map((j) => j.sessions)).toEqual([32, 18]);
  expect(db.prepare('SELECT count(*) AS n FROM session_embeddings').get()).toEqual({ n: 50 });
});

test('changes during a detection cause exactly one more detection, then nothing however long the clock runs', async () => {
  const ev = camp();
  for (const title of topics(10)) ev.pitch(title);
  runner.hold();
  await timers.advance(100);
  expect(runner.count('detect')).toBe(1);
  // A flood while the detector is busy: every change is read by one later tick.
  for (const title of topics(40, 10)) {
    ev.pitch(title);
    await timers.advance(30);
  }
  expect(runner.count('detect')).toBe(1);
  runner.release();
  // The event rests as long as the held detection took (the 1.2 s the flood lasted) before the next.
  await timers.advance(1300);
  expect(runner.count('detect')).toBe(2);
  const jobs = runner.jobs.length;
  await timers.advance(10 * 60_000);
  expect(runner.jobs.length).toBe(jobs);
  expect(timers.pending).toBe(0);
});

test('a refresh while a detection runs adds one detection, not a chain of them (the flood that never settled)', async () => {
  const ev = camp();
  for (const title of topics(5)) ev.pitch(title);
  runner.hold();
  await timers.advance(100);
  ev.pitch('One more pitch during the detection');
  const refreshed = services.suggestions.refresh(ev.eventId);
  await timers.advance(100);
  runner.release();
  await refreshed;
  await timers.advance(60_000);
  expect(runner.count('detect')).toBe(2);
  expect(timers.pending).toBe(0);
});

test('a move embeds nothing and runs no detection; the suggestion says where the sessions are now', async () => {
  const ev = camp();
  const a = ev.pitch('Sharing code between councils', 'Open source in local government');
  const b = ev.pitch('Sharing code between councils and charities', 'Open source in local government');
  for (const title of topics(8)) ev.pitch(title);
  await timers.advance(100);
  const before = published.at(-1)?.suggestions.find((s) => s.sessions.includes(a.id) && s.sessions.includes(b.id));
  expect(before?.relation).toBe('unscheduled');
  const jobs = runner.jobs.length;

  services.sessions.place(ev.eventId, a.id, { roomId: ev.room, slotId: ev.slot });
  services.sessions.place(ev.eventId, b.id, { roomId: ev.otherRoom, slotId: ev.slot });
  await timers.advance(100);

  expect(runner.jobs.length).toBe(jobs);
  const after = published.at(-1)?.suggestions.find((s) => s.sessions.includes(a.id) && s.sessions.includes(b.id)) as Suggestion;
  expect(after.relation).toBe('same-slot');
  expect(after.where).toBe('They run at the same time (10:00) in Library and Main Hall, so people must choose.');
  expect(after.reason).toMatch(/^Both about /);
  expect(after.score).toBe(before?.score);
  expect(published.at(-1)?.marksChanged).toBe(false);
});

test('an edited pitch is embedded again (that session only) and detected again', async () => {
  const ev = camp();
  const a = ev.pitch('Sharing code between councils');
  for (const title of topics(4)) ev.pitch(title);
  await timers.advance(100);
  const embedded = runner.jobs.filter((j) => j.kind === 'embed').reduce((sum, j) => sum + j.sessions, 0);
  services.sessions.edit(ev.eventId, a.id, { title: 'Sharing code between councils and charities', notes: '', pitcher: 'Sam' });
  await timers.advance(100);
  expect(runner.jobs.slice(-2)).toEqual([
    { kind: 'embed', sessions: 1 },
    { kind: 'detect', sessions: 5 },
  ]);
  expect(embedded).toBe(5);
});

test('with no change nothing runs: no tick, no job, whatever the time and however many boards are joined', async () => {
  const ev = camp();
  for (const title of topics(6)) ev.pitch(title);
  await timers.advance(100);
  const jobs = runner.jobs.length;
  for (let k = 0; k < 500; k++) services.suggestions.current(ev.eventId);
  await services.suggestions.refresh(ev.eventId);
  await timers.advance(60 * 60_000);
  expect(runner.jobs.length).toBe(jobs);
  expect(timers.pending).toBe(0);
});

test('500 joins of an event never analysed start one analysis', async () => {
  const ev = camp();
  for (const title of topics(3)) ev.pitch(title);
  await services.suggestions.close();
  // A new engine over the same database: as after a restart, it knows nothing of the event.
  const fresh = createServices(createContext(db, undefined, sequentialIds('fresh')), {
    runner,
    logger: { info: () => undefined, error: () => undefined },
    timers,
  });
  for (let k = 0; k < 500; k++) expect(fresh.suggestions.current(ev.eventId)).toEqual([]);
  const before = runner.count('detect');
  await timers.advance(100);
  expect(runner.count('detect')).toBe(before + 1);
  await fresh.suggestions.close();
});

test('an event is "analysing" from its first read until its first result is published, and not again after', async () => {
  const ev = camp();
  for (const title of topics(3)) ev.pitch(title);
  await services.suggestions.close();
  // As after a restart: the engine knows nothing of the event until a board asks.
  services = createServices(createContext(db, undefined, sequentialIds('fresh')), {
    runner,
    logger: { info: () => undefined, error: () => undefined },
    timers,
  });
  services.suggestions.start();
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  services.suggestions.current(ev.eventId);
  expect(services.suggestions.analysing(ev.eventId)).toBe(true);
  runner.hold();
  await timers.advance(100);
  expect(services.suggestions.analysing(ev.eventId)).toBe(true);
  runner.release();
  await services.suggestions.refresh(ev.eventId);
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  // Later detections keep the last result on show: not "analysing" again.
  ev.pitch('Another topic entirely');
  runner.hold();
  await timers.advance(100);
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  runner.release();
});

test('a first detection that fails ends "analysing" (it is not retried until the content changes)', async () => {
  const ev = camp();
  for (const title of topics(3)) ev.pitch(title);
  runner.failDetect = true;
  services.suggestions.current(ev.eventId);
  expect(services.suggestions.analysing(ev.eventId)).toBe(true);
  // Panels already open are told too: an empty result ends their "Analysing…".
  const told = new Promise((resolve) =>
    ctx.changes.subscribe((change) => {
      if (change.kind === 'suggestions' && change.eventId === ev.eventId) resolve(change);
    }),
  );
  await expect(services.suggestions.refresh(ev.eventId)).rejects.toThrow('detector failed');
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  expect(await told).toMatchObject({ suggestions: [], marks: [], clashes: [] });
});

test(`a first analysis dropped from a full waiting list (over ${MAX_WAITING} events) ends "analysing" with an empty result, and runs at the next join`, async () => {
  const { events, dropped: droppedCamp } = await overflowedQueue(
    ['Sharing code between councils', 'Sharing code between councils and charities'],
    'Open source in local government',
  );
  const dropped = droppedCamp.eventId;
  expect(runner.count('detect')).toBe(MAX_DETECTING);
  expect(services.suggestions.analysing(dropped)).toBe(false);
  expect(published.filter((p) => p.eventId === dropped)).toEqual([expect.objectContaining({ suggestions: [], marks: [], clashes: [] })]);
  expect(services.suggestions.analysing(events.at(-1)?.eventId as string)).toBe(true);
  // A facilitator joining asks for it again: it is analysed once the others are done.
  services.suggestions.current(dropped);
  runner.release();
  await timers.advance(100);
  runner.release();
  await services.suggestions.refresh(dropped);
  expect(published.filter((p) => p.eventId === dropped).map((p) => p.suggestions.length)).toEqual([0, 1]);
}, 60_000);

test('refresh() of an event whose first analysis was dropped analyses it, never answering the empty stand-in', async () => {
  const dropped = (
    await overflowedQueue(
      ['Sharing code between councils', 'Sharing code between councils and charities'],
      'Open source in local government',
    )
  ).dropped.eventId;
  expect(services.suggestions.analysing(dropped)).toBe(false);
  runner.release();
  const answer = services.suggestions.refresh(dropped);
  await timers.advance(100);
  runner.release();
  expect((await answer).length).toBe(1);
}, 60_000);

test('after a dropped first analysis, a panel opened while it is tried again says "analysing" and hears its result, even one as empty as the stand-in', async () => {
  const droppedCamp = (await overflowedQueue(['Open data portals', 'Plain English letters to residents'])).dropped;
  const dropped = droppedCamp.eventId;
  expect(services.suggestions.analysing(dropped)).toBe(false);
  // A facilitator joins: the event is analysed again, and their panel is told so.
  services.suggestions.current(dropped);
  expect(services.suggestions.analysing(dropped)).toBe(true);
  runner.release();
  await timers.advance(100);
  await services.suggestions.refresh(dropped);
  expect(services.suggestions.analysing(dropped)).toBe(false);
  // No overlap, as the stand-in said; published again all the same, or that panel would wait for ever.
  expect(published.filter((p) => p.eventId === dropped).map((p) => p.suggestions.length)).toEqual([0, 0]);
  // From then on only a change of result is published.
  services.sessions.place(dropped, services.events.board(dropped).sessions[0]?.id as string, {
    roomId: droppedCamp.room,
    slotId: droppedCamp.slot,
  });
  await timers.advance(100);
  expect(published.filter((p) => p.eventId === dropped)).toHaveLength(2);
}, 60_000);

test('a first analysis that failed says "analysing" while a new pitch tries it again, and publishes the empty result again when that fails too, once per try', async () => {
  const ev = camp();
  for (const title of topics(3)) ev.pitch(title);
  runner.failDetect = true;
  await expect(services.suggestions.refresh(ev.eventId)).rejects.toThrow('detector failed');
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  // A new pitch changes the text: it is tried again, and says so while it runs.
  runner.hold();
  ev.pitch('A fourth pitch about something else');
  await timers.advance(100);
  expect(runner.count('detect')).toBe(2);
  expect(services.suggestions.analysing(ev.eventId)).toBe(true);
  runner.release();
  await timers.advance(0);
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  expect(published.filter((p) => p.eventId === ev.eventId).map((p) => p.suggestions.length)).toEqual([0, 0]);
  // A move reads the event again but tries nothing: not "analysing" (nothing would end it), nothing more published.
  services.sessions.place(ev.eventId, services.events.board(ev.eventId).sessions[0]?.id as string, { roomId: ev.room, slotId: ev.slot });
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  await timers.advance(100);
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  expect(published.filter((p) => p.eventId === ev.eventId)).toHaveLength(2);
});

test('a first detection refused by a full analysis queue ends "analysing" with an empty result (stand-in worker)', async () => {
  await services.suggestions.close();
  // A worker that never answers a detect job (a long analysis), on a lane that queues one job.
  const lane = new AnalysisThread({
    name: 'background',
    encoder: 'none',
    logger: { info: () => undefined, error: () => undefined },
    maxQueued: 1,
    idleMs: 60_000,
    entry: { eval: true, file: `require('node:worker_threads').parentPort.on('message', () => undefined);` },
  });
  const onLane: AnalysisRunner = {
    embeds: false,
    run: <K extends JobKind>(kind: K, input: JobInput<K>) => lane.submit({ kind, input }) as Promise<JobOutput<K>>,
    running: () => lane.running,
    close: () => lane.close(),
  };
  services = createServices(ctx, { runner: onLane, logger: { info: () => undefined, error: () => undefined }, timers, debounceMs: 100 });
  services.suggestions.start();
  // One analysis runs and another waits: the queue is full.
  const held = [0, 1].map(() => lane.submit({ kind: 'detect', input: null }));
  for (const job of held) job.catch(() => undefined);
  const ev = camp();
  for (const title of topics(3)) ev.pitch(title);
  expect(services.suggestions.analysing(ev.eventId)).toBe(true);
  await timers.advance(100);
  expect(services.suggestions.analysing(ev.eventId)).toBe(false);
  expect(published.filter((p) => p.eventId === ev.eventId)).toEqual([expect.objectContaining({ suggestions: [], marks: [], clashes: [] })]);
});

test('an event rests after a detection as long as the detect job took', async () => {
  const ev = camp();
  for (const title of topics(4)) ev.pitch(title);
  runner.detectMs = 2000;
  await timers.advance(100);
  expect(runner.count('detect')).toBe(1);
  ev.pitch('Another one');
  await timers.advance(1500);
  expect(runner.count('detect')).toBe(1);
  await timers.advance(600);
  expect(runner.count('detect')).toBe(2);
});

test('a detection that fails is not tried again by joins or time, only by a change or refresh', async () => {
  const errors: unknown[] = [];
  await services.suggestions.close();
  services = createServices(ctx, { runner, logger: { info: () => undefined, error: (_m, e) => void errors.push(e) }, timers });
  services.suggestions.start();
  const ev = camp();
  for (const title of topics(4)) ev.pitch(title);
  runner.failDetect = true;
  await timers.advance(100);
  expect(runner.count('detect')).toBe(1);
  expect(errors).toEqual([new Error('detector failed')]);
  for (let k = 0; k < 100; k++) services.suggestions.current(ev.eventId);
  await timers.advance(60_000);
  expect(runner.count('detect')).toBe(1);
  runner.failDetect = false;
  ev.pitch('A change');
  await timers.advance(100);
  expect(runner.count('detect')).toBe(2);
  expect(published.length).toBeGreaterThan(0);
});

test(`at most ${MAX_DETECTING} events detect at once; the others wait their turn and are analysed once`, async () => {
  const events = [camp('A'), camp('B'), camp('C'), camp('D')];
  for (const ev of events) for (const title of topics(3)) ev.pitch(title);
  runner.hold();
  await timers.advance(100);
  expect(runner.count('detect')).toBe(MAX_DETECTING);
  runner.release();
  await timers.advance(100);
  runner.release();
  await timers.advance(60_000);
  expect(runner.count('detect')).toBe(4);
});

test('ticks of an event are spaced by ten times the cost of the last one (reading a large event is not free)', async () => {
  await services.suggestions.close();
  // Every reading of the clock finds it 30 ms later: each tick seems to cost 30 ms.
  const slow = new ManualTimers();
  const now = slow.now;
  slow.now = () => {
    slow.pass(30);
    return now();
  };
  runner = new CountingRunner(slow);
  services = createServices(ctx, { runner, logger: { info: () => undefined, error: () => undefined }, timers: slow, debounceMs: 100 });
  services.suggestions.start();
  const ev = camp();
  for (const title of topics(4)) ev.pitch(title);
  await slow.advance(100);
  expect(runner.count('detect')).toBe(1);
  ev.pitch('Another one');
  await slow.advance(250);
  expect(runner.count('detect')).toBe(1);
  await slow.advance(200);
  expect(runner.count('detect')).toBe(2);
});

test(`at most ${MAX_SUGGESTIONS} suggestions are published, the strongest, each with its tier (a flood of look-alike pitches finds thousands)`, async () => {
  const ev = camp();
  const ids = topics(60).map((title) => ev.pitch(title).id);
  const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b]));
  runner.found = pairs.map(([a, b], k) => ({
    sessions: [a as string, b as string],
    // All "possibly related" (under 0.45), so none is grouped: the list keeps the detector's order.
    score: Math.round((0.44 - (0.14 * k) / pairs.length) * 1000) / 1000,
    tier: 'related',
    sharedTerms: ['topic'],
    semantic: false,
    series: false,
    mergeable: false,
  }));
  expect(pairs.length).toBeGreaterThan(MAX_SUGGESTIONS);
  await timers.advance(100);
  const last = published.at(-1)?.suggestions ?? [];
  expect(last).toHaveLength(MAX_SUGGESTIONS);
  expect(last[0]?.score).toBe(0.44);
  expect(last.map((x) => x.id)).toEqual(runner.found.slice(0, MAX_SUGGESTIONS).map((f) => [...f.sessions].sort().join('+')));
  expect(last.map((x) => x.tier)).toEqual(runner.found.slice(0, MAX_SUGGESTIONS).map((f) => f.tier));
});

describe('one list from all evidence', () => {
  const found = (a: string, b: string, score: number, sharedTerms: string[]): FoundOverlap => ({
    sessions: [a, b].sort(),
    score,
    tier: score >= 0.45 ? 'same' : 'related',
    sharedTerms,
    semantic: false,
    series: false,
    mergeable: false,
  });

  test('the lost clash (issue 16): a third low-code pitch and a dismissal of the weaker link never hide a listed clash', async () => {
    const ev = camp();
    const a = ev.pitch('Low-code platforms in councils');
    const b = ev.pitch('Building services with low-code platforms');
    services.sessions.place(ev.eventId, a.id, { roomId: ev.room, slotId: ev.slot });
    services.sessions.place(ev.eventId, b.id, { roomId: ev.otherRoom, slotId: ev.slot });
    runner.found = [found(a.id, b.id, 0.5, ['low-code', 'platforms'])];
    await timers.advance(100);
    const clash = suggestionId([a.id, b.id]);
    expect(services.suggestions.current(ev.eventId).map((s) => s.id)).toEqual([clash]);

    // The third pitch makes "low-code" the event's theme: the detector now finds only a weaker link to it.
    const c = ev.pitch('Low-code for beginners');
    runner.found = [found(a.id, c.id, 0.32, ['low-code'])];
    await timers.advance(1000);
    expect(services.suggestions.current(ev.eventId).map((s) => s.id)).toEqual([clash, suggestionId([a.id, c.id])]);

    // Dismissing the weaker link damps every pair sharing "low-code": the detector finds nothing.
    services.facilitation.dismiss(ev.eventId, { sessionIds: [a.id, c.id] });
    runner.found = [];
    await timers.advance(1000);
    const detections = runner.count('detect');
    expect(detections).toBeGreaterThanOrEqual(3);
    expect(services.suggestions.current(ev.eventId)).toMatchObject([
      { id: clash, relation: 'same-slot', where: 'They run at the same time (10:00) in Library and Main Hall, so people must choose.' },
    ]);
  });

  test('a flag re-fuses the list without detecting again', async () => {
    const ev = camp();
    const a = ev.pitch('Why can’t councils collaborate?');
    const b = ev.pitch('Working together across local government');
    await timers.advance(100);
    const detections = runner.count('detect');
    expect(services.suggestions.current(ev.eventId)).toEqual([]);
    services.flags.flag(ev.eventId, a.id, b.id, 'browser-000000000001');
    services.flags.flag(ev.eventId, b.id, a.id, 'browser-000000000002');
    await timers.advance(100);
    expect(runner.count('detect')).toBe(detections);
    expect(services.suggestions.current(ev.eventId)).toMatchObject([{ sessions: [a.id, b.id].sort(), tier: 'same', flags: 2 }]);
    expect(published.at(-1)?.marksChanged).toBe(false);
    expect(services.suggestions.marks(ev.eventId)).toEqual([]);
  });
});
