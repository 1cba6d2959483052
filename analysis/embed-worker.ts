/**
 * Worker-thread half of `embedOnTwoThreads` (embed-parallel.ts): loads its own copy of the model,
 * then asks for one batch at a time from the shared queue, embeds it (exactly as `embed` would)
 * and sends the vectors back, until it is told there is nothing left.
 */
import { parentPort } from 'node:worker_threads';
import { createEmbedder } from './embedder';
import type { ToWorker } from './embed-parallel';

const port = parentPort;
if (!port) throw new Error('embed-worker must run in a worker thread');

createEmbedder()
  .then((embedder) => {
    port.on('message', (message: ToWorker) => {
      if (message.type === 'done') {
        port.close();
        return;
      }
      embedder
        .embed(message.texts)
        .then((vectors) => port.postMessage({ type: 'vectors', batch: message.batch, vectors }))
        .catch((error: unknown) => port.postMessage({ type: 'error', error: error instanceof Error ? error.message : String(error) }));
    });
    port.postMessage({ type: 'ready' });
  })
  .catch((error: unknown) => port.postMessage({ type: 'error', error: error instanceof Error ? error.message : String(error) }));
