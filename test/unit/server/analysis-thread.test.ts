/**
 * Analysis jobs in worker threads: the same results as on this thread; vectors sent only when a
 * worker lacks them; two lanes, so a short job never waits behind a long one; a capped queue; a
 * worker that dies is logged, replaced, and given its job again; what a worker prints goes to the logger.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashedVector } from '../../../analysis/hashed-embedder';
import type { DetectInput } from '../../../server/services/analysis.jobs';
import {
  AnalysisBusyError,
  AnalysisThread,
  AnalysisWorkers,
  InlineAnalysis,
  MAX_OVERTAKEN,
  NICE,
  type After,
  type WorkerEntry,
} from '../../../server/services/analysis.thread';
import type { SessionVectors } from '../../../server/services/analysis.vectors';

const sessions = [
  { id: 'a', title: 'Sharing code between councils', notes: 'Open source in local government' },
  { id: 'b', title: 'Why can councils not share code?', notes: 'Open source across local government' },
  { id: 'c', title: 'Knitting for beginners', notes: 'Bring needles' },
];
const detectInput = (dismissed: [string, string][] = []): DetectInput => ({
  eventId: 'e1',
  sessions: sessions.map((s) => ({ ...s, vectorHash: null })),
  decidedAway: [],
  dismissed,
  confirmed: [],
  limit: 100,
});

const quietLogger = () => {
  const errors: string[] = [];
  const infos: string[] = [];
  return {
    errors,
    infos,
    logger: { info: (message: string) => void infos.push(message), error: (message: string) => void errors.push(message) },
  };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-thread-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in worker that exits (as a crash would) the first `crashes` times it is given a job. */
function crashingEntry(crashes: number): WorkerEntry {
  const counter = join(dir, 'crashes');
  return {
    eval: true,
    file: `
      const { parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      parentPort.on('message', ({ id }) => {
        const seen = fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;
        if (seen < ${crashes}) {
          fs.writeFileSync(${JSON.stringify(counter)}, String(seen + 1));
          process.exit(3);
        }
        parentPort.postMessage({ id, output: [{ sessions: ['a', 'b'], score: 0.9, tier: 'same', sharedTerms: [], semantic: false, series: false, mergeable: true }] });
      });`,
  };
}

/** A stand-in worker that never answers a 'detect' job (a long analysis) and answers anything else at once. */
const stuckOnDetect: WorkerEntry = {
  eval: true,
  file: `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ id, kind }) => {
      if (kind !== 'detect') parentPort.postMessage({ id, output: kind });
    });`,
};

test('a worker finds exactly the overlaps the detector finds on this thread, and applies decisions', async () => {
  const { errors, logger } = quietLogger();
  const workers = new AnalysisWorkers({ encoder: 'none', logger });
  const inline = new InlineAnalysis({ encoder: 'none' });
  try {
    const [first, second] = await Promise.all([workers.run('detect', detectInput()), workers.run('detect', detectInput([['a', 'b']]))]);
    expect(first).toEqual(await inline.run('detect', detectInput()));
    expect(first.found.map((o) => o.sessions)).toEqual([['a', 'b']]);
    expect(first.pairs.map((o) => o.sessions)).toEqual([['a', 'b']]);
    expect(second).toEqual({ found: [], pairs: [] });
  } finally {
    await workers.close();
  }
  expect(errors).toEqual([]);
}, 30_000);

test('an embed job embeds in the worker, which keeps the vectors: a detect job that needs them asks for nothing', async () => {
  const workers = new AnalysisWorkers({ encoder: 'hashed', logger: quietLogger().logger });
  const loads: string[][] = [];
  try {
    const embedded = await workers.run('embed', {
      eventId: 'e1',
      sessions: sessions.map((s) => ({ id: s.id, hash: `h-${s.id}`, text: `${s.title}. ${s.notes}`, titleText: s.title })),
    });
    expect(embedded.map((v) => v.id)).toEqual(['a', 'b', 'c']);
    expect(Array.from(embedded[0]?.titleVector ?? [])).toEqual(Array.from(hashedVector(sessions[0]?.title ?? '')));
    const input = { ...detectInput(), sessions: sessions.map((s) => ({ ...s, vectorHash: `h-${s.id}` })) };
    const needs = { eventId: 'e1', sessions: sessions.map((s) => [s.id, `h-${s.id}`] as const) };
    const load = (ids: string[]): SessionVectors[] => {
      loads.push(ids);
      return [];
    };
    await workers.run('detect', input, { vectors: { needs, load } });
    expect(loads).toEqual([]);
  } finally {
    await workers.close();
  }
}, 30_000);

/** An event of twelve sessions on distinct topics, two of them about sharing code. */
const camp = [
  ...sessions,
  ...[
    'Bees on the roof',
    'Accessible maps',
    'Budgeting for libraries',
    'Parking permits online',
    'Climate adaptation plans',
    'Recruiting developers',
    'Data ethics boards',
    'Election night results',
    'Social care records',
  ].map((title, k) => ({ id: `f${k}`, title, notes: '' })),
];
const stored = (id: string): SessionVectors => {
  const s = camp.find((x) => x.id === id);
  return { id, hash: `h-${id}`, vector: hashedVector(`${s?.title}. ${s?.notes}`), titleVector: hashedVector(s?.title ?? '') };
};

test('a worker that lacks vectors a job needs gets them read once, and keeps the similar-sessions index for its key', async () => {
  const workers = new AnalysisWorkers({ encoder: 'hashed', logger: quietLogger().logger });
  const loads: string[][] = [];
  const load = (ids: string[]): SessionVectors[] => {
    loads.push(ids);
    return ids.map(stored);
  };
  const indexed = camp.map((s) => ({ ...s, vectorHash: `h-${s.id}` }));
  const needs = { eventId: 'e1', sessions: camp.map((s) => [s.id, `h-${s.id}`] as const) };
  const typed = { eventId: 'e1', key: 'k1', title: 'Sharing code between councils', notes: 'Open source' };
  try {
    expect(await workers.run('similar', { ...typed, sessions: null }, { lane: 'interactive' })).toEqual({ stale: true });
    const first = await workers.run('similar', { ...typed, sessions: indexed }, { lane: 'interactive', vectors: { needs, load } });
    const held = await workers.run('similar', { ...typed, sessions: null }, { lane: 'interactive' });
    expect('candidates' in first && first.candidates.map((c) => c.id)).toEqual(['a', 'b']);
    expect(held).toEqual(first);
    expect(await workers.run('similar', { ...typed, key: 'k2', sessions: null }, { lane: 'interactive' })).toEqual({ stale: true });
    expect(loads).toEqual([camp.map((s) => s.id)]);
  } finally {
    await workers.close();
  }
}, 30_000);

test('a job whose vectors cannot be found is refused, not sent again and again', async () => {
  const workers = new AnalysisWorkers({ encoder: 'hashed', logger: quietLogger().logger });
  let loads = 0;
  const needs = { eventId: 'e1', sessions: [['a', 'h-a'] as const] };
  try {
    const similar = workers.run(
      'similar',
      { eventId: 'e1', key: 'k', title: 'x', notes: '', sessions: [{ id: 'a', title: 'A', notes: '', vectorHash: 'h-a' }] },
      { lane: 'interactive', vectors: { needs, load: () => (loads++, []) } },
    );
    await expect(similar).rejects.toThrow('lacks the vectors of 1 session');
    expect(loads).toBe(1);
  } finally {
    await workers.close();
  }
}, 30_000);

test('a job on the interactive lane is answered while the background lane is busy with a long analysis', async () => {
  const workers = new AnalysisWorkers({ encoder: 'hashed', logger: quietLogger().logger, entry: stuckOnDetect });
  try {
    const long = workers.run('detect', detectInput());
    long.catch(() => undefined);
    expect(workers.lanes.background.running).toBe('detect');
    await expect(
      workers.run('similar', { eventId: 'e1', key: 'k', title: 'x', notes: '', sessions: [] }, { lane: 'interactive' }),
    ).resolves.toBe('similar');
    expect(workers.lanes.background.running).toBe('detect');
  } finally {
    await workers.close();
  }
});

/** A stand-in worker that answers every job at once with its input. */
const echo: WorkerEntry = {
  eval: true,
  file: `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ id, input }) => parentPort.postMessage({ id, output: input }));`,
};

/** An `after` whose tasks (an idle worker's retirement) wait in `due` until the test runs them. */
function manualAfter(): { due: (() => void)[]; after: After } {
  const due: (() => void)[] = [];
  const after: After = (_ms, task) => {
    due.push(task);
    return () => void due.splice(due.indexOf(task), 1);
  };
  return { due, after };
}

/** A background lane whose stand-in worker reports its encoder, retired when the test says. */
const encoderLane = (entry: WorkerEntry, after: After) =>
  new AnalysisThread({ name: 'background', encoder: 'hashed', logger: quietLogger().logger, maxQueued: 4, idleMs: 30_000, entry, after });

/** A lane with a stand-in worker script and a queue of `maxQueued`, never retired for idleness during a test. */
const laneWith = (name: 'interactive' | 'background', entry: WorkerEntry, maxQueued: number) =>
  new AnalysisThread({ name, encoder: 'none', logger: quietLogger().logger, maxQueued, idleMs: 60_000, entry });

test('a low-priority job waits behind every other job of its lane, even those queued after it', async () => {
  const lane = laneWith('interactive', echo, 8);
  try {
    const order: unknown[] = [];
    const submit = (input: string, priority?: 'low') =>
      lane.submit({ kind: 'similar', input }, undefined, priority).then((out) => order.push(out));
    // The first runs at once; the low one waits for both lists queued after it.
    await Promise.all([submit('list 1'), submit('index', 'low'), submit('list 2'), submit('list 3')]);
    expect(order).toEqual(['list 1', 'list 2', 'list 3', 'index']);
  } finally {
    await lane.close();
  }
});

test(`a low-priority job goes next once ${MAX_OVERTAKEN} jobs queued after it went first: a stream of lists cannot starve it`, async () => {
  const lane = laneWith('interactive', echo, 16);
  try {
    const order: unknown[] = [];
    const submit = (input: string, priority?: 'low') =>
      lane.submit({ kind: 'similar', input }, undefined, priority).then((out) => order.push(out));
    const lists = Array.from({ length: MAX_OVERTAKEN + 3 }, (_, k) => `list ${k + 2}`);
    await Promise.all([submit('list 1'), submit('index', 'low'), ...lists.map((list) => submit(list))]);
    expect(order).toEqual(['list 1', ...lists.slice(0, MAX_OVERTAKEN), 'index', ...lists.slice(MAX_OVERTAKEN)]);
  } finally {
    await lane.close();
  }
});

test('the encoder state is the live worker’s: ready once it loaded, idle after it retired or died, until a replacement loads it', async () => {
  const { due, after } = manualAfter();
  // A stand-in that loads its encoder on its first job, and dies on a job asking it to.
  const entry: WorkerEntry = {
    eval: true,
    file: `
      const { parentPort } = require('node:worker_threads');
      let loaded = false;
      parentPort.on('message', ({ id, input }) => {
        if (input === 'die') process.exit(3);
        if (!loaded) {
          loaded = true;
          parentPort.postMessage({ encoder: 'loading' });
          parentPort.postMessage({ encoder: 'ready' });
        }
        parentPort.postMessage({ id, output: input });
      });`,
  };
  const lane = encoderLane(entry, after);
  try {
    expect(lane.encoder).toBe('idle');
    await lane.submit({ kind: 'embed', input: 'first' });
    expect(lane.encoder).toBe('ready');
    due[0]?.();
    expect(lane.encoder).toBe('idle');
    await lane.submit({ kind: 'embed', input: 'again' });
    expect(lane.encoder).toBe('ready');
    await expect(lane.submit({ kind: 'embed', input: 'die' })).rejects.toThrow('not tried again');
    expect(lane.encoder).toBe('idle');
  } finally {
    await lane.close();
  }
});

test('a failed encoder load stays "failed" after its worker retires, until a worker loads it', async () => {
  const { due, after } = manualAfter();
  // A stand-in whose encoder fails to load on a job asking it to, and loads otherwise.
  const entry: WorkerEntry = {
    eval: true,
    file: `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', ({ id, input }) => {
        parentPort.postMessage({ encoder: 'loading' });
        parentPort.postMessage({ encoder: input === 'fail' ? 'failed' : 'ready' });
        parentPort.postMessage({ id, output: input });
      });`,
  };
  const lane = encoderLane(entry, after);
  try {
    await lane.submit({ kind: 'embed', input: 'fail' });
    expect(lane.encoder).toBe('failed');
    due.splice(0).forEach((retire) => retire());
    expect(lane.alive).toBe(false);
    expect(lane.encoder).toBe('failed');
    await lane.submit({ kind: 'embed', input: 'load' });
    expect(lane.encoder).toBe('ready');
    due.splice(0).forEach((retire) => retire());
    expect(lane.encoder).toBe('idle');
  } finally {
    await lane.close();
  }
});

/** Niceness of each of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
const threadNiceness = (): number[] =>
  readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });

test('the background worker runs reniced (NICE), so a busy machine gives the main thread and the interactive lane the cores first', async () => {
  const workers = new AnalysisWorkers({ encoder: 'none', logger: quietLogger().logger });
  try {
    expect(threadNiceness()).not.toContain(NICE.background);
    await workers.run('detect', detectInput());
    await workers.run('similar', { eventId: 'e1', key: 'k', title: 'x', notes: '', sessions: [] }, { lane: 'interactive' });
    expect(threadNiceness()).toContain(NICE.background);
    expect(getPriority()).toBe(0);
  } finally {
    await workers.close();
  }
}, 30_000);

test('a lane refuses jobs past its queue cap at once', async () => {
  const lane = laneWith('background', stuckOnDetect, 2);
  try {
    const held = [0, 1, 2].map(() => lane.submit({ kind: 'detect', input: detectInput() }));
    for (const job of held) job.catch(() => undefined);
    // One runs, two wait: the fourth is refused.
    await expect(lane.submit({ kind: 'detect', input: detectInput() })).rejects.toBeInstanceOf(AnalysisBusyError);
  } finally {
    await lane.close();
  }
});

test('an idle worker ends after idleMs, giving its memory back, and a later job starts a new one; not logged as a death', async () => {
  const { errors, logger } = quietLogger();
  const { due, after } = manualAfter();
  const lane = new AnalysisThread({ name: 'background', encoder: 'none', logger, maxQueued: 4, idleMs: 30_000, after });
  try {
    await lane.submit({ kind: 'detect', input: detectInput() });
    expect(lane.alive).toBe(true);
    expect(due).toHaveLength(1);
    due[0]?.();
    expect(lane.alive).toBe(false);
    await expect(lane.submit({ kind: 'detect', input: detectInput() })).resolves.toMatchObject({ found: [{ sessions: ['a', 'b'] }] });
    expect(lane.alive).toBe(true);
  } finally {
    await lane.close();
  }
  expect(errors).toEqual([]);
}, 30_000);

test('what a worker prints goes to the logger, not to this process', async () => {
  const { infos, logger } = quietLogger();
  const chatty: WorkerEntry = {
    eval: true,
    file: `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', ({ id }) => {
        console.log('Hi there from TensorFlow.js');
        console.warn('a warning');
        setTimeout(() => parentPort.postMessage({ id, output: [] }), 50);
      });`,
  };
  const lane = new AnalysisThread({ name: 'background', encoder: 'none', logger, maxQueued: 4, idleMs: 60_000, entry: chatty });
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await lane.submit({ kind: 'detect', input: detectInput() });
  } finally {
    write.mockRestore();
    await lane.close();
  }
  expect(infos).toEqual(['analysis worker (background): Hi there from TensorFlow.js', 'analysis worker (background): a warning']);
  expect(written.join('')).not.toContain('Hi there');
});

test('a worker that dies is logged and replaced, and its job answered by the new one', async () => {
  const { errors, logger } = quietLogger();
  const workers = new AnalysisWorkers({ encoder: 'none', logger, entry: crashingEntry(1) });
  try {
    const found = (await workers.run('detect', detectInput())) as unknown as { sessions: string[] }[];
    expect(found.map((o) => o.sessions)).toEqual([['a', 'b']]);
    expect(errors).toEqual([expect.stringContaining('The background analysis worker stopped (exit code 3)')]);
    // The new worker goes on serving.
    await expect(workers.run('detect', detectInput())).resolves.toHaveLength(1);
  } finally {
    await workers.close();
  }
});

test('a job that kills every worker it is given is refused after two, not retried for ever', async () => {
  const { errors, logger } = quietLogger();
  const workers = new AnalysisWorkers({ encoder: 'none', logger, entry: crashingEntry(5) });
  try {
    await expect(workers.run('detect', detectInput())).rejects.toThrow('not tried again');
    expect(errors).toHaveLength(2);
  } finally {
    await workers.close();
  }
});

test('a lane says why it cannot take jobs (full queue, workers that keep stopping, closed) without starting a worker', async () => {
  const full = laneWith('background', stuckOnDetect, 1);
  const dying = new AnalysisWorkers({ encoder: 'none', logger: quietLogger().logger, entry: crashingEntry(5) });
  try {
    expect(full.problem()).toBeNull();
    expect(full.alive).toBe(false);
    for (const job of [0, 1].map(() => full.submit({ kind: 'detect', input: detectInput() }))) job.catch(() => undefined);
    expect(full.problem()).toBe('the background queue is full');
    expect(dying.problem()).toBeNull();
    await expect(dying.run('detect', detectInput())).rejects.toThrow('not tried again');
    expect(dying.problem()).toBe('the background worker stopped 2 times in a row');
  } finally {
    await full.close();
    await dying.close();
  }
  expect(full.problem()).toBe('the background lane is closed');
});

test('after close, jobs are refused and the workers are gone', async () => {
  const workers = new AnalysisWorkers({ encoder: 'none', logger: quietLogger().logger });
  await workers.close();
  await expect(workers.run('detect', detectInput())).rejects.toThrow('closed');
});
