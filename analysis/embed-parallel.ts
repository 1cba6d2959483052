/**
 * Embedding many texts at once (the CLI embeds every session of a file, twice) on two threads.
 * The encoder's WebAssembly backend computes on one core (its multi-threaded build needs a worker
 * script that @energetic-ai/core does not ship), and embedding is most of a cold CLI run: 300 texts
 * for 150 sessions. So a worker thread loads a second copy of the model while this thread loads its
 * own, and each embeds every other batch. The batches are exactly those of one `embed` call, so
 * the vectors are identical to embedding on one thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { batchesOf, createEmbedder, type Embedder } from "./embedder";

/**
 * From TypeScript sources the worker registers tsx's CommonJS hook itself; compiled, it runs as it
 * is. Either way it starts without the parent's `--import` / `--require` flags: the `tsx` command's
 * ESM loader (a hooks thread of its own) would cost the worker time before its model even loads.
 */
function startWorker(): Worker {
  const compiled = join(__dirname, "embed-worker.js");
  if (existsSync(compiled)) return new Worker(compiled, { execArgv: [] });
  const source = join(__dirname, "embed-worker.ts");
  return new Worker(`require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(source)});`, {
    eval: true,
    execArgv: [],
  });
}

function embedInWorker(worker: Worker, batches: string[][]): Promise<Float32Array[][]> {
  return new Promise((resolve, reject) => {
    worker.once("message", (reply: { vectors?: Float32Array[][]; error?: string }) =>
      reply.vectors ? resolve(reply.vectors) : reject(new Error(reply.error ?? "the embedding worker failed")),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the embedding worker stopped (exit code ${code})`)));
    worker.postMessage(batches);
  });
}

/**
 * Vectors for `texts`, in order, as `(await createEmbedder()).embed(texts)` would give them. An
 * embedder already loaded on this thread is used for this thread's share.
 */
export async function embedOnTwoThreads(texts: readonly string[], loaded?: Embedder): Promise<Float32Array[]> {
  const batches = batchesOf(texts);
  const out = new Array<Float32Array>(texts.length);
  const textsOf = (batch: number[]): string[] => batch.map((k) => texts[k] as string);
  const local = batches.filter((_, b) => b % 2 === 0);
  const remote = batches.filter((_, b) => b % 2 === 1);
  let worker: Worker | null = null;
  let fromWorker: Promise<Float32Array[][]> | null = null;
  if (remote.length > 0) {
    try {
      worker = startWorker();
      fromWorker = embedInWorker(worker, remote.map(textsOf));
      // Settled below; until then a failure must not surface as an unhandled rejection.
      fromWorker.catch(() => undefined);
    } catch {
      worker = null;
    }
  }
  try {
    const embedder = loaded ?? (await createEmbedder());
    const embedHere = async (batch: number[]) => {
      (await embedder.embed(textsOf(batch))).forEach((vector, j) => (out[batch[j] as number] = vector));
    };
    for (const batch of local) await embedHere(batch);
    const vectors = fromWorker ? await fromWorker.catch(() => null) : null;
    if (vectors) remote.forEach((batch, b) => vectors[b]?.forEach((vector, j) => (out[batch[j] as number] = vector)));
    // Without a worker (it could not start, or failed), this thread embeds its share too.
    else for (const batch of remote) await embedHere(batch);
    return out;
  } finally {
    if (worker) await worker.terminate();
  }
}
