import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Proposal } from '../domain/schedule/types';
import type { Logger } from '../ops/logger';
import type { ScheduleJob } from './schedule.job';

/** Runs schedule proposals somewhere other than the caller's turn of the event loop. */
export interface ScheduleRunner {
  run(job: ScheduleJob): Promise<Proposal>;
  close(): Promise<void>;
}

/** As analysis.thread.ts: the compiled worker runs as it is; from sources, tsx's hook is registered first. */
function defaultEntry(): { file: string; eval: boolean } {
  const compiled = join(__dirname, 'schedule.worker.js');
  if (existsSync(compiled)) return { file: compiled, eval: false };
  const source = join(__dirname, 'schedule.worker.ts');
  const tsx = require.resolve('tsx/cjs');
  return { file: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, eval: true };
}

/**
 * The schedule assistant in a worker thread (a proposal for 150 sessions takes about a second of
 * CPU), following the pattern of AnalysisThread: one worker, started on first use, jobs in order,
 * unref'd while idle. A worker that dies fails the jobs it had (the organiser asks again) and the
 * next job starts a new one.
 */
export class ScheduleThread implements ScheduleRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (p: Proposal) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  run(job: ScheduleJob): Promise<Proposal> {
    if (this.closed) return Promise.reject(new Error('The schedule thread is closed.'));
    return new Promise<Proposal>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const worker = this.started();
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll('The schedule thread is closed.');
    if (worker) await worker.terminate();
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const entry = defaultEntry();
    const worker = new Worker(entry.file, { eval: entry.eval });
    worker.on('message', (message: { id: number; proposal?: Proposal; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.proposal) pending.resolve(message.proposal);
      else pending.reject(new Error(`the schedule assistant failed in its worker: ${message.error ?? 'no reason given'}`));
    });
    const onDeath = (reason: string, error?: unknown) => {
      if (this.closed || this.worker !== worker) return;
      this.worker = null;
      this.logger.error(`The schedule worker stopped (${reason}); failing the ${this.pending.size} proposal(s) it had`, error);
      this.failAll(`the schedule worker stopped (${reason})`);
    };
    worker.on('error', (error) => onDeath('error', error));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
