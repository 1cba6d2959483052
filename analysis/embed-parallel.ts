/**
 * Embedding many texts at once (the CLI embeds every session of a file, twice) on two threads.
 * The encoder's WebAssembly backend computes on one core (its multi-threaded build needs a worker
 * script that @energetic-ai/core does not ship), and embedding is most of a cold CLI run: 300 texts
 * for 150 sessions. So a worker thread loads a second copy of the model while this thread loads its
 * own, and both take batches from one queue until it is empty: whichever thread is ready first
 * (the worker starts later: it loads its modules first) does more of them. The batches are exactly
 * those of one `embed` call, so the vectors are identical to embedding on one thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { batchesOf, createEmbedder, type Embedder } from './embedder';

/**
 * From TypeScript sources the worker registers tsx's CommonJS hook itself; compiled, it runs as it
 * is. Either way it starts without the parent's `--import` / `--require` flags: the `tsx` command's
 * ESM loader (a hooks thread of its own) would cost the worker time before its model even loads.
 * TensorFlow.js is loaded before tsx's hook, which would scan its 1.8 MB for ES module syntax
 * (about 0.25 s per thread); `npm run analyze` does the same on the main thread. Whatever the
 * worker prints goes to stderr: the CLI's stdout carries its one JSON result and nothing else.
 */
function startWorker(): Worker {
  const compiled = join(__dirname, 'embed-worker.js');
  const source = join(__dirname, 'embed-worker.ts');
  const load = (path: string): string => `require(${JSON.stringify(path)});`;
  const worker = existsSync(compiled)
    ? new Worker(compiled, { execArgv: [], stdout: true })
    : new Worker(load(require.resolve('@energetic-ai/core')) + load(require.resolve('tsx/cjs')) + load(source), {
        eval: true,
        execArgv: [],
        stdout: true,
      });
  worker.stdout.pipe(process.stderr);
  return worker;
}

/** Messages to the worker: one batch to embed, or the end of the queue. */
export type ToWorker = { type: 'batch'; batch: number; texts: string[] } | { type: 'done' };
/** Messages from the worker. */
type FromWorker = { type: 'ready' } | { type: 'vectors'; batch: number; vectors: Float32Array[] } | { type: 'error'; error: string };

/**
 * Vectors for `texts`, in order, as `(await createEmbedder()).embed(texts)` would give them. An
 * embedder already loaded on this thread is used for this thread's share.
 */
export async function embedOnTwoThreads(texts: readonly string[], loaded?: Embedder): Promise<Float32Array[]> {
  const batches = batchesOf(texts);
  const out = new Array<Float32Array>(texts.length);
  const textsOf = (batch: number[]): string[] => batch.map((k) => texts[k] as string);
  const store = (batch: number[], vectors: readonly Float32Array[]): void =>
    vectors.forEach((vector, j) => (out[batch[j] as number] = vector));
  let next = 0;
  /** The batch the worker is embedding (-1: none); handed back to this thread if the worker fails. */
  let inWorker = -1;
  let workerFailed = false;
  let worker: Worker | null = null;
  let settleWorker: () => void = () => undefined;
  const workerIdle = new Promise<void>((resolve) => (settleWorker = resolve));

  const feedWorker = (w: Worker): void => {
    if (next < batches.length) {
      inWorker = next++;
      w.postMessage({ type: 'batch', batch: inWorker, texts: textsOf(batches[inWorker] as number[]) } satisfies ToWorker);
    } else {
      inWorker = -1;
      w.postMessage({ type: 'done' } satisfies ToWorker);
      settleWorker();
    }
  };
  const failWorker = (): void => {
    if (workerFailed) return;
    workerFailed = true;
    settleWorker();
  };

  if (batches.length > 1) {
    try {
      const w = startWorker();
      worker = w;
      w.on('message', (message: FromWorker) => {
        if (workerFailed) return;
        if (message.type === 'error') return failWorker();
        if (message.type === 'vectors') store(batches[message.batch] as number[], message.vectors);
        feedWorker(w);
      });
      w.once('error', failWorker);
      w.once('exit', () => (inWorker >= 0 ? failWorker() : settleWorker()));
    } catch {
      worker = null;
      settleWorker();
    }
  } else settleWorker();

  try {
    const embedder = loaded ?? (await createEmbedder());
    const embedHere = async (b: number): Promise<void> =>
      store(batches[b] as number[], await embedder.embed(textsOf(batches[b] as number[])));
    while (next < batches.length) await embedHere(next++);
    // Nothing is left to hand out: wait only for a batch the worker is still embedding.
    if (inWorker < 0) settleWorker();
    await workerIdle;
    // A worker that failed (or could not start) leaves its batch to this thread.
    if (workerFailed && inWorker >= 0) await embedHere(inWorker);
    return out;
  } finally {
    if (worker) await worker.terminate();
  }
}
