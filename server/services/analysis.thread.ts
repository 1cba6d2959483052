import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Overlap } from '../../analysis';
import type { Logger } from '../ops/logger';
import type { AnalysisJob } from './analysis.job';

/** Runs analysis jobs somewhere other than the caller's turn of the event loop. */
export interface AnalysisRunner {
  run(job: AnalysisJob): Promise<Overlap[]>;
  close(): Promise<void>;
}

interface Pending {
  job: AnalysisJob;
  resolve: (overlaps: Overlap[]) => void;
  reject: (error: Error) => void;
  /** Workers this job was running in when they died. */
  crashes: number;
}

/** A job that was running in this many workers when they died is refused rather than tried again. */
const MAX_CRASHES = 2;

/**
 * The compiled worker (dist/…/analysis.worker.js) runs as it is; from TypeScript sources (tests,
 * `tsx`) the worker first registers tsx's require hook, as the process running it did.
 */
function defaultEntry(): { file: string; eval: boolean } {
  const compiled = join(__dirname, 'analysis.worker.js');
  if (existsSync(compiled)) return { file: compiled, eval: false };
  const source = join(__dirname, 'analysis.worker.ts');
  const tsx = require.resolve('tsx/cjs');
  return { file: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, eval: true };
}

/**
 * The overlap detector in a worker thread, so that analysing a large event (about 0.75 s for 1,000
 * sessions) never holds up acks, broadcasts or pages. One worker, started on first use, runs jobs
 * in order. If it dies (an exception outside a job, out of memory, killed), the death is logged, a
 * new worker is started and the jobs it had are sent again; a job that was in two dying workers is
 * refused with an error (the engine keeps the suggestions it had and tries again on the next change).
 */
export class AnalysisThread implements AnalysisRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly entry: { file: string; eval: boolean };

  constructor(
    private readonly logger: Logger,
    entry?: { file: string; eval: boolean },
  ) {
    this.entry = entry ?? defaultEntry();
  }

  run(job: AnalysisJob): Promise<Overlap[]> {
    if (this.closed) return Promise.reject(new Error('The analysis thread is closed.'));
    return new Promise<Overlap[]>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { job, resolve, reject, crashes: 0 });
      const worker = this.started();
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    for (const pending of this.pending.values()) pending.reject(new Error('The analysis thread is closed.'));
    this.pending.clear();
    if (worker) await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry.file, { eval: this.entry.eval });
    // Idle, the worker does not keep the process alive (tests, scripts); close() ends it on shutdown.
    worker.on('message', (message: { id: number; overlaps?: Overlap[]; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.overlaps) pending.resolve(message.overlaps);
      else pending.reject(new Error(`analysis failed in the worker: ${message.error ?? 'no reason given'}`));
    });
    let died = false;
    const onDeath = (reason: string, error?: unknown) => {
      if (died || this.closed || this.worker !== worker) return;
      died = true;
      this.worker = null;
      this.logger.error(`The analysis worker stopped (${reason}); starting a new one for ${this.pending.size} job(s) it had`, error);
      for (const [id, pending] of this.pending) {
        pending.crashes += 1;
        if (pending.crashes >= MAX_CRASHES) {
          this.pending.delete(id);
          pending.reject(new Error(`analysis stopped its worker ${pending.crashes} times; not tried again`));
        }
      }
      if (this.pending.size === 0) return;
      const next = this.started();
      next.ref();
      for (const [id, { job }] of this.pending) next.postMessage({ id, job });
    };
    worker.on('error', (error) => onDeath('error', error));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
