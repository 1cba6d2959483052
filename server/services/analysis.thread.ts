import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { Embedder } from '../../analysis';
import type { ModelState } from '../ops/health';
import type { Logger } from '../ops/logger';
import {
  encoderOf,
  executeJob,
  loadOnce,
  type EncoderName,
  type JobEnv,
  type JobInput,
  type JobKind,
  type JobMessage,
  type JobNeeds,
  type JobOutput,
} from './analysis.jobs';
import { SimilarIndexCache } from './analysis.indexes';
import { VectorCache, type SessionVectors } from './analysis.vectors';

/**
 * Where a job runs. 'background': embedding new pitches and whole-event analyses, in arrival
 * order. 'interactive': short jobs someone is waiting for (a pitch form's similar sessions), on a
 * thread of their own, so they never wait behind a full analysis.
 */
export type Lane = 'background' | 'interactive';

export interface RunOptions {
  lane?: Lane;
  /**
   * 'low': the job waits behind every other job queued on its lane, even ones queued after it
   * (an index refresh nobody is waiting for must not delay a list someone is waiting for), but
   * at most MAX_OVERTAKEN of those: then it goes before any job queued later, so it is never starved.
   */
  priority?: 'normal' | 'low';
  /** The event vectors the job reads, and where to read those the thread lacks (the database). */
  vectors?: { needs: JobNeeds; load: (ids: string[]) => SessionVectors[] };
}

/** Runs analysis jobs (analysis.jobs.ts) somewhere: worker threads in production, this thread in tests. */
export interface AnalysisRunner {
  /** Whether jobs can embed text (an encoder is configured); without, the detector reads words alone. */
  readonly embeds: boolean;
  run<K extends JobKind>(kind: K, input: JobInput<K>, options?: RunOptions): Promise<JobOutput<K>>;
  /** The kind of job running on the lane now, null when it is idle (for monitoring). */
  running(lane: Lane): JobKind | null;
  /**
   * The encoder of the worker that answers now (the background lane's: the one loaded at start), not
   * of one that retired or died: 'idle' until a job of the replacement loads it. Absent: see the warm-up.
   */
  model?(): ModelState;
  /**
   * Why jobs cannot be run now (closed, a full queue, workers that keep stopping), or null. Read
   * from the lanes' state: asking never starts a worker or queues a job (readiness probes ask often).
   */
  problem?(): string | null;
  close(): Promise<void>;
}

/** A lane refuses jobs past its queue's cap, at once, rather than piling them up. */
export class AnalysisBusyError extends Error {}

interface Queued {
  message: JobMessage;
  load: ((ids: string[]) => SessionVectors[]) | undefined;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  /** Workers this job was running in when they died. */
  crashes: number;
  /** Whether the vectors the thread lacked were sent once already. */
  supplied: boolean;
  low: boolean;
  /** Low priority: how many jobs queued after it went first. */
  overtaken: number;
}

type Reply =
  | { id: number; output: unknown }
  | { id: number; missing: string[] }
  | { id: number; error: string }
  | { encoder: 'loading' | 'ready' | 'failed' };

/**
 * A low-priority job lets at most this many jobs queued after it go first, then waits behind no new
 * one: a steady stream of similar lists cannot starve a similar-index refresh (it runs within about
 * five lists' time, each tens of milliseconds).
 */
export const MAX_OVERTAKEN = 4;

/** A job that was running in this many workers when they died is refused rather than tried again. */
const MAX_CRASHES = 2;

/** How the worker is started: a file, or code to evaluate. */
export interface WorkerEntry {
  file: string;
  eval: boolean;
}

/**
 * The compiled worker (dist/…/analysis.worker.js) runs as it is; from TypeScript sources (tests,
 * `tsx`) the worker first registers tsx's require hook, as the process running it did.
 */
function defaultEntry(): WorkerEntry {
  const compiled = join(__dirname, 'analysis.worker.js');
  if (existsSync(compiled)) return { file: compiled, eval: false };
  const source = join(__dirname, 'analysis.worker.ts');
  const tsx = require.resolve('tsx/cjs');
  return { file: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, eval: true };
}

/** The vectors' buffers, handed to the worker rather than copied (nothing here reads them again). */
const buffersOf = (vectors: readonly SessionVectors[] | undefined): ArrayBuffer[] =>
  (vectors ?? []).flatMap((v) => [v.vector.buffer, v.titleVector.buffer]).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);

/** Runs a task after `ms` (never keeping the process alive); returns a cancel function. Injected by tests. */
export type After = (ms: number, task: () => void) => () => void;

const realAfter: After = (ms, task) => {
  const timer = setTimeout(task, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * One worker thread with its own encoder and vector cache, running one job at a time from a
 * capped queue. Started on first use; idle, it does not keep the process alive, and after
 * `idleMs` without a job it ends, giving back its memory (the model, its WebAssembly heap, the
 * cached vectors: about 130–170 MB); the next job starts a new one. If it dies (an
 * exception outside a job, out of memory, killed), the death is logged and a new worker is started
 * for the job it had; a job that was in two dying workers is refused with an error.
 * What the worker prints (TensorFlow.js's warnings) goes to the logger, never to this process's stdout.
 */
export class AnalysisThread {
  private worker: Worker | null = null;
  private readonly queue: Queued[] = [];
  private current: { id: number; job: Queued } | null = null;
  private nextId = 1;
  private closed = false;
  private cancelRetire: (() => void) | null = null;
  /** Workers that stopped since the last reply from one. */
  private deathsInARow = 0;
  /** The live worker's encoder: 'idle' when there is no worker or it has not loaded one. */
  private encoderState: ModelState = 'idle';
  /** The last encoder load (of any worker) failed: no worker has loaded one since. */
  private loadFailed = false;

  constructor(
    private readonly options: {
      name: string;
      encoder: EncoderName;
      logger: Logger;
      /** Jobs waiting beyond this are refused (AnalysisBusyError). */
      maxQueued: number;
      /** An idle worker ends after this long. */
      idleMs: number;
      /** The worker thread's niceness (see NICE); 0, the process's own, when absent. */
      nice?: number;
      entry?: WorkerEntry;
      after?: After;
    },
  ) {}

  /** Whether a worker thread is running (or idle, not yet ended). */
  get alive(): boolean {
    return this.worker !== null;
  }

  /**
   * The encoder of the worker running now ('idle' without one: a retired or dead worker's is gone
   * with it), or 'failed' while the last load failed and no worker has loaded one since.
   */
  get encoder(): ModelState {
    const state = this.worker ? this.encoderState : 'idle';
    return state === 'idle' && this.loadFailed ? 'failed' : state;
  }

  /** The kind of job running now, or null when idle. */
  get running(): JobKind | null {
    return this.current?.job.message.kind ?? null;
  }

  /** Why this lane cannot take jobs now, or null (see `AnalysisRunner.problem`). */
  problem(): string | null {
    if (this.closed) return `the ${this.options.name} lane is closed`;
    if (this.queue.length >= this.options.maxQueued) return `the ${this.options.name} queue is full`;
    if (this.deathsInARow >= MAX_CRASHES) return `the ${this.options.name} worker stopped ${this.deathsInARow} times in a row`;
    return null;
  }

  submit(message: JobMessage, load?: (ids: string[]) => SessionVectors[], priority: RunOptions['priority'] = 'normal'): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The analysis thread is closed.'));
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new AnalysisBusyError(`The ${this.options.name} analysis queue is full; try again shortly.`));
    }
    return new Promise<unknown>((resolve, reject) => {
      const low = priority === 'low';
      const job: Queued = { message, load, resolve, reject, crashes: 0, supplied: false, low, overtaken: 0 };
      // A normal job goes before the low ones at the queue's end, unless they let MAX_OVERTAKEN go first already.
      let at = this.queue.length;
      while (!low && at > 0 && this.queue[at - 1]?.low && (this.queue[at - 1]?.overtaken ?? 0) < MAX_OVERTAKEN) at -= 1;
      for (const passed of this.queue.slice(at)) passed.overtaken += 1;
      this.queue.splice(at, 0, job);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelRetire?.();
    const worker = this.worker;
    this.worker = null;
    const waiting = [...(this.current ? [this.current.job] : []), ...this.queue.splice(0)];
    this.current = null;
    for (const job of waiting) job.reject(new Error('The analysis thread is closed.'));
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref();
      if (this.worker) this.retireLater();
      return;
    }
    this.send(job);
  }

  private retireLater(): void {
    this.cancelRetire?.();
    this.cancelRetire = (this.options.after ?? realAfter)(this.options.idleMs, () => {
      this.cancelRetire = null;
      const worker = this.worker;
      if (!worker || this.current) return;
      // Not a death: the worker is forgotten first, so its exit is not taken for a crash.
      this.worker = null;
      void worker.terminate();
    });
  }

  private send(job: Queued): void {
    this.cancelRetire?.();
    this.cancelRetire = null;
    const id = this.nextId++;
    this.current = { id, job };
    const worker = this.started();
    worker.ref();
    worker.postMessage({ id, ...job.message }, buffersOf(job.message.supply));
  }

  private onReply(reply: Reply): void {
    if ('encoder' in reply) {
      this.encoderState = reply.encoder;
      if (reply.encoder !== 'loading') this.loadFailed = reply.encoder === 'failed';
      return;
    }
    this.deathsInARow = 0;
    const current = this.current;
    if (!current || current.id !== reply.id) return;
    const { job } = current;
    if ('missing' in reply) {
      if (job.supplied || !job.load) {
        this.current = null;
        job.reject(new Error(`the analysis thread lacks the vectors of ${reply.missing.length} session(s)`));
      } else {
        job.supplied = true;
        job.message = { ...job.message, supply: job.load(reply.missing) };
        this.send(job);
        return;
      }
    } else {
      this.current = null;
      if ('output' in reply) job.resolve(reply.output);
      else job.reject(new Error(`analysis failed in the worker: ${reply.error}`));
    }
    this.pump();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const entry = this.options.entry ?? defaultEntry();
    const worker = new Worker(entry.file, {
      eval: entry.eval,
      workerData: { encoder: this.options.encoder, nice: this.options.nice ?? 0 },
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.options.logger.info(`analysis worker (${this.options.name}): ${line}`));
    }
    this.encoderState = 'idle';
    worker.on('message', (reply: Reply) => {
      if (this.worker === worker) this.onReply(reply);
    });
    let died = false;
    const onDeath = (reason: string, error?: unknown) => {
      if (died || this.closed || this.worker !== worker) return;
      died = true;
      this.deathsInARow += 1;
      this.worker = null;
      const current = this.current;
      this.current = null;
      this.options.logger.error(`The ${this.options.name} analysis worker stopped (${reason}); starting a new one if jobs remain`, error);
      if (current) {
        const { job } = current;
        job.crashes += 1;
        if (job.crashes >= MAX_CRASHES) job.reject(new Error(`analysis stopped its worker ${job.crashes} times; not tried again`));
        else {
          // The new worker holds no vectors: it asks for all it needs again.
          const { kind, input, needs } = job.message;
          this.queue.unshift({ ...job, message: { kind, input, ...(needs ? { needs } : {}) }, supplied: false });
        }
      }
      this.pump();
    };
    worker.on('error', (error) => onDeath('error', error));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}

/** Jobs queued per lane at most. The engine keeps far fewer in flight; the cap guards against anything else. */
const MAX_QUEUED = { background: 64, interactive: 16 } as const;
/**
 * How long a lane's worker stays without a job before it ends. The background worker's restart
 * (model load, about 0.6 s of CPU) delays only the next analysis; the interactive lane answers
 * people, so it stays longer.
 */
export const IDLE_MS = { background: 60_000, interactive: 10 * 60_000 } as const;

/**
 * Each lane's worker-thread niceness. On Linux niceness is per thread, so the background worker
 * alone yields: with every core busy (a full analysis, pitches, other processes of the machine),
 * the main thread and the interactive lane, which people are waiting for, get the cores first,
 * and the full analysis takes what is left (about a tenth under contention at 10; all of an idle
 * core). Where a thread cannot be reniced the worker logs it and runs at the process's priority.
 */
export const NICE = { background: 10, interactive: 0 } as const;

/** The production runner: a background and an interactive worker thread, each loading the encoder when first needed. */
export class AnalysisWorkers implements AnalysisRunner {
  readonly embeds: boolean;
  readonly lanes: Record<Lane, AnalysisThread>;

  constructor(options: { encoder: EncoderName; logger: Logger; entry?: WorkerEntry }) {
    this.embeds = options.encoder !== 'none';
    const lane = (name: Lane) =>
      new AnalysisThread({
        name,
        encoder: options.encoder,
        logger: options.logger,
        maxQueued: MAX_QUEUED[name],
        idleMs: IDLE_MS[name],
        nice: NICE[name],
        ...(options.entry ? { entry: options.entry } : {}),
      });
    this.lanes = { background: lane('background'), interactive: lane('interactive') };
  }

  run<K extends JobKind>(kind: K, input: JobInput<K>, options: RunOptions = {}): Promise<JobOutput<K>> {
    const message: JobMessage = { kind, input, ...(options.vectors ? { needs: options.vectors.needs } : {}) };
    return this.lanes[options.lane ?? 'background'].submit(message, options.vectors?.load, options.priority) as Promise<JobOutput<K>>;
  }

  running(lane: Lane): JobKind | null {
    return this.lanes[lane].running;
  }

  model(): ModelState {
    return this.embeds ? this.lanes.background.encoder : 'off';
  }

  problem(): string | null {
    return this.lanes.background.problem() ?? this.lanes.interactive.problem();
  }

  async close(): Promise<void> {
    await Promise.all([this.lanes.background.close(), this.lanes.interactive.close()]);
  }
}

/**
 * Jobs on the calling thread, for tests and scripts that want no worker (or an encoder that is a
 * function of theirs). The same jobs and vector protocol as the workers; never used by the server.
 */
export class InlineAnalysis implements AnalysisRunner {
  readonly embeds: boolean;
  private readonly env: JobEnv;
  private closed = false;
  private readonly active: JobKind[] = [];

  constructor(options: { encoder: EncoderName } | { loadEmbedder: (() => Promise<Embedder>) | null }) {
    const encoder = 'encoder' in options ? encoderOf(options.encoder) : options.loadEmbedder && loadOnce(options.loadEmbedder);
    this.embeds = encoder !== null;
    this.env = { encoder, vectors: new VectorCache(), indexes: new SimilarIndexCache() };
  }

  async run<K extends JobKind>(kind: K, input: JobInput<K>, options: RunOptions = {}): Promise<JobOutput<K>> {
    if (this.closed) throw new Error('The analysis thread is closed.');
    this.active.push(kind);
    try {
      const needs = options.vectors?.needs;
      let outcome = await executeJob(this.env, { kind, input, ...(needs ? { needs } : {}) });
      if ('missing' in outcome && needs && options.vectors) {
        outcome = await executeJob(this.env, { kind, input, needs, supply: options.vectors.load(outcome.missing) });
      }
      if ('missing' in outcome) throw new Error(`the analysis thread lacks the vectors of ${outcome.missing.length} session(s)`);
      return outcome.output as JobOutput<K>;
    } finally {
      this.active.splice(this.active.indexOf(kind), 1);
    }
  }

  /** One thread serves both lanes here: the job that started first of those running. */
  running(): JobKind | null {
    return this.active[0] ?? null;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
