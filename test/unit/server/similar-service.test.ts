/**
 * The pitch form's similar sessions (issue 16): ranked by `similarSessions` (the function
 * `npm run analyze -- FILE --similar 3` runs) on the interactive lane, with the same input the
 * CLI would give it; the thread keeps the event's index, so a keystroke sends no sessions until the
 * board's text changes.
 */
import { similarSessions, type AnalysisSession } from '../../../analysis';
import { hashedVector } from '../../../analysis/hashed-embedder';
import { embeddingText, titleEmbeddingText } from '../../../analysis';
import { openDatabase, type Db } from '../../../server/persistence/database';
import { createContext, type ServiceContext } from '../../../server/services/context';
import { createServices, type Services } from '../../../server/services';
import type { JobInput, JobKind, JobOutput } from '../../../server/services/analysis.jobs';
import { InlineAnalysis, type AnalysisRunner, type RunOptions } from '../../../server/services/analysis.thread';
import { sequentialIds } from '../../helpers/app';
import { SIMILAR_REFRESH_MS, SIMILAR_THROTTLE_FROM } from '../../../server/services/similar.service';

/**
 * The real jobs on this thread (hashed encoder), each recorded with its lane, whether it carried the
 * sessions, and its priority when low.
 */
class RecordingRunner implements AnalysisRunner {
  readonly embeds = true;
  readonly jobs: { kind: JobKind; lane: string | undefined; sessions: number | null; priority?: string }[] = [];
  private readonly inner = new InlineAnalysis({ encoder: 'hashed' });
  private waiting: { kind: JobKind; done: () => void }[] = [];
  run<K extends JobKind>(kind: K, input: JobInput<K>, options?: RunOptions): Promise<JobOutput<K>> {
    const sessions = (input as { sessions?: unknown[] | null }).sessions;
    this.jobs.push({
      kind,
      lane: options?.lane,
      sessions: sessions === null || sessions === undefined ? null : sessions.length,
      ...(options?.priority === 'low' ? { priority: 'low' } : {}),
    });
    const running = this.inner.run(kind, input, options);
    const done = this.waiting.filter((w) => w.kind === kind);
    this.waiting = this.waiting.filter((w) => w.kind !== kind);
    void running.finally(() => done.forEach((w) => w.done()));
    return running;
  }
  /** Settles once the next job of this kind has run. */
  next(kind: JobKind): Promise<void> {
    return new Promise((done) => this.waiting.push({ kind, done }));
  }
  running(): JobKind | null {
    return this.inner.running();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const TITLES = [
  'Low-code platforms in councils',
  'Bees on the roof',
  'Accessible maps',
  'Budgeting for libraries',
  'Parking permits online',
  'Climate adaptation plans',
  'Recruiting developers',
  'Data ethics boards',
  'Election night results',
  'Social care records',
];

let db: Db;
let ctx: ServiceContext;
let services: Services;
let runner: RecordingRunner;
/** The services' clock (ms): moved on by the tests; no timer fires by itself. */
let clock: number;

beforeEach(() => {
  db = openDatabase(':memory:');
  ctx = createContext(db, undefined, sequentialIds());
  runner = new RecordingRunner();
  clock = 0;
  const timers = { now: () => clock, after: () => () => undefined };
  services = createServices(ctx, { runner, logger: { info: () => undefined, error: () => undefined }, timers });
});

afterEach(async () => {
  await services.suggestions.close();
  db.close();
});

/** The camp, with `fillers` more sessions on topics of their own. */
async function camp(fillers = 0) {
  const { event } = services.events.create({ name: 'Camp', date: '2026-06-20', venue: 'Hall' });
  const room = services.grid.addRoom(event.id, { name: 'Library', capacity: null }).value.id;
  const slot = services.grid.addSlot(event.id, { label: 'Morning', startsAt: '10:45', endsAt: '11:30' }).value.id;
  const ids = TITLES.map((title) => services.sessions.pitch(event.id, { title, notes: '', pitcher: 'Sam' }).value.id);
  for (let k = 0; k < fillers; k++)
    services.sessions.pitch(event.id, { title: `Filler ${k} on subject ${k * 13}`, notes: '', pitcher: 'Sam' });
  // Embeds every session (its vectors stored), as the server does after pitches.
  await services.suggestions.refresh(event.id);
  return { eventId: event.id, room, slot, ids };
}

const vectors = (s: { title: string; notes: string }) => ({
  embedding: hashedVector(embeddingText(s)),
  titleEmbedding: hashedVector(titleEmbeddingText(s)),
});

test('similar() lists what similarSessions finds for the typed text against the event, with where and why', async () => {
  const ev = await camp();
  services.sessions.place(ev.eventId, ev.ids[0] as string, { roomId: ev.room, slotId: ev.slot });
  const typed = { title: 'Low-code platforms for councils', notes: '' };
  const shown = await services.similar.similar(ev.eventId, typed.title);
  const earlier: AnalysisSession[] = TITLES.map((title, k) => ({
    id: ev.ids[k] as string,
    title,
    notes: '',
    ...vectors({ title, notes: '' }),
  }));
  const expected = similarSessions({ ...typed, ...vectors(typed) }, earlier);
  expect(expected.length).toBeGreaterThan(0);
  expect(shown.map((s) => [s.id, s.reason])).toEqual(expected.map((c) => [c.id, c.reason]));
  expect(shown[0]).toEqual({
    id: ev.ids[0],
    title: 'Low-code platforms in councils',
    pitcher: 'Sam',
    where: 'Library, Morning (10:45–11:30)',
    reason: 'Both about "code", "councils" and "low".',
  });
});

test('a keystroke sends no sessions once the thread holds the index; a large changed board is refreshed in the background after SIMILAR_REFRESH_MS', async () => {
  const ev = await camp(SIMILAR_THROTTLE_FROM - TITLES.length);
  const n = SIMILAR_THROTTLE_FROM;
  const before = runner.jobs.length;
  await services.similar.similar(ev.eventId, 'Low-code');
  await services.similar.similar(ev.eventId, 'Low-code platforms');
  expect(runner.jobs.slice(before)).toEqual([
    { kind: 'similar', lane: 'interactive', sessions: null },
    { kind: 'similar', lane: 'interactive', sessions: n },
    { kind: 'similar', lane: 'interactive', sessions: null },
  ]);
  // A move changes no text: read again, the same index is used.
  services.sessions.place(ev.eventId, ev.ids[1] as string, { roomId: ev.room, slotId: ev.slot });
  clock += SIMILAR_REFRESH_MS;
  const afterMove = runner.jobs.length;
  await services.similar.similar(ev.eventId, 'Low-code platforms');
  expect(runner.jobs.slice(afterMove)).toEqual([{ kind: 'similar', lane: 'interactive', sessions: null }]);
  // A new pitch: not read within SIMILAR_REFRESH_MS of the last read; then the list that notices
  // it is ranked on the index held, and the board is read again and its index built at low
  // priority, for the lists after it. No list carries the sessions.
  const late = services.sessions.pitch(ev.eventId, { title: 'Low-code platforms again', notes: '', pitcher: 'Ana' }).value.id;
  await services.suggestions.refresh(ev.eventId);
  const afterPitch = runner.jobs.length;
  expect((await services.similar.similar(ev.eventId, 'Low-code platforms')).map((s) => s.id)).not.toContain(late);
  // Within SIMILAR_STALE_MS of the read the index held still answers while the refresh runs.
  clock += SIMILAR_REFRESH_MS / 2;
  const indexed = runner.next('similarIndex');
  expect((await services.similar.similar(ev.eventId, 'Low-code platforms')).map((s) => s.id)).not.toContain(late);
  await indexed;
  const warm = await services.similar.similar(ev.eventId, 'Low-code platforms');
  expect(warm.map((s) => s.id)).toContain(late);
  // The refreshed index ranks as similarSessions does from the board's sessions themselves (with the vectors stored).
  const stored = ctx.embeddings.hashes(ev.eventId);
  const board: AnalysisSession[] = ctx.sessions
    .list(ev.eventId)
    .map((s) => ({ id: s.id, title: s.title, notes: s.notes, ...(stored.has(s.id) ? vectors(s) : {}) }));
  const typed = { title: 'Low-code platforms', notes: '' };
  expect(warm.map((s) => [s.id, s.reason])).toEqual(similarSessions({ ...typed, ...vectors(typed) }, board).map((c) => [c.id, c.reason]));
  expect(runner.jobs.slice(afterPitch).filter((j) => j.kind === 'similar' || j.kind === 'similarIndex')).toEqual([
    { kind: 'similar', lane: 'interactive', sessions: null },
    { kind: 'similar', lane: 'interactive', sessions: null },
    { kind: 'similarIndex', lane: 'interactive', sessions: n + 1, priority: 'low' },
    { kind: 'similar', lane: 'interactive', sessions: null },
  ]);
  expect(runner.jobs.some((j) => j.kind === 'detect' && j.lane === 'interactive')).toBe(false);
});

test('after a quiet spell, a pitch on a large board is in the very next list: a read older than SIMILAR_STALE_MS waits for its refresh', async () => {
  const ev = await camp(SIMILAR_THROTTLE_FROM - TITLES.length);
  await services.similar.similar(ev.eventId, 'Low-code platforms');
  // Whatever that list started is done before the quiet spell.
  await services.suggestions.refresh(ev.eventId);
  await services.similar.similar(ev.eventId, 'Low-code platforms');
  clock += 60_000;
  const late = services.sessions.pitch(ev.eventId, { title: 'Low-code platforms again', notes: '', pitcher: 'Ana' }).value.id;
  await services.suggestions.refresh(ev.eventId);
  expect((await services.similar.similar(ev.eventId, 'Low-code platforms')).map((s) => s.id)).toContain(late);
});

test('the sessions listed are read as they are now: one withdrawn since the index was built is left out', async () => {
  const ev = await camp();
  expect((await services.similar.similar(ev.eventId, 'Low-code platforms for councils'))[0]?.id).toBe(ev.ids[0]);
  services.sessions.hide(ev.eventId, ev.ids[0] as string, 'withdrawn');
  expect((await services.similar.similar(ev.eventId, 'Low-code platforms for councils')).map((s) => s.id)).not.toContain(ev.ids[0]);
});

test('nothing is shown while the event has fewer than 8 sessions (no distribution to stand out from)', async () => {
  const { event } = services.events.create({ name: 'Small', date: '2026-06-20', venue: 'Hall' });
  for (const title of TITLES.slice(0, 5)) services.sessions.pitch(event.id, { title, notes: '', pitcher: 'Sam' });
  expect(await services.similar.similar(event.id, 'Low-code platforms in councils')).toEqual([]);
});
