/**
 * Worker-thread half of `embedOnTwoThreads` (embed-parallel.ts): loads its own copy of the model,
 * embeds the batches it is sent (each exactly as `embed` would), and sends the vectors back.
 */
import { parentPort } from "node:worker_threads";
import { createEmbedder } from "./embedder";

const port = parentPort;
if (!port) throw new Error("embed-worker must run in a worker thread");

port.once("message", (batches: string[][]) => {
  createEmbedder()
    .then(async (embedder) => {
      const vectors: Float32Array[][] = [];
      for (const batch of batches) vectors.push(await embedder.embed(batch));
      port.postMessage({ vectors });
    })
    .catch((error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }));
});
