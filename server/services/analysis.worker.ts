/**
 * Worker-thread entry of the analysis jobs (server/services/analysis.thread.ts starts it with
 * `workerData.encoder` and `.nice`): answers each `{ id, kind, input, needs?, supply? }` with `{ id, output }`,
 * `{ id, missing }` (vectors it lacks, to be sent) or `{ id, error }`. It holds its own encoder,
 * loaded on the first job that embeds, the vectors of the events it analyses and their similar-sessions indexes.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { encoderOf, executeJob, type EncoderName, type JobEnv, type JobMessage } from './analysis.jobs';
import { SimilarIndexCache } from './analysis.indexes';
import { VectorCache } from './analysis.vectors';

const port = parentPort;
if (!port) throw new Error('analysis.worker must run in a worker thread');

const data = workerData as { encoder: EncoderName; nice: number };
if (data.nice !== 0) {
  // Linux: this thread only (the process's other threads keep theirs). Printed lines go to the server's logger.
  try {
    setPriority(data.nice);
  } catch (error) {
    console.error(`analysis worker: could not set niceness ${data.nice}: ${String(error)}`);
  }
}

const env: JobEnv = {
  // The lane shows its live worker's encoder state in readiness.
  encoder: encoderOf(data.encoder, (encoder) => port.postMessage({ encoder })),
  vectors: new VectorCache(),
  indexes: new SimilarIndexCache(),
};

port.on('message', ({ id, ...message }: JobMessage & { id: number }) => {
  executeJob(env, message).then(
    (outcome) => port.postMessage({ id, ...outcome }),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
