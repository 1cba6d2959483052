/**
 * Worker-thread entry of the analysis jobs (server/services/analysis.thread.ts starts it with
 * `workerData.encoder`): answers each `{ id, kind, input, needs?, supply? }` with `{ id, output }`,
 * `{ id, missing }` (vectors it lacks, to be sent) or `{ id, error }`. It holds its own encoder,
 * loaded on the first job that embeds, and the vectors of the events it analyses.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encoderOf, executeJob, type EncoderName, type JobEnv, type JobMessage } from './analysis.jobs';
import { VectorCache } from './analysis.vectors';

const port = parentPort;
if (!port) throw new Error('analysis.worker must run in a worker thread');

const env: JobEnv = { encoder: encoderOf((workerData as { encoder: EncoderName }).encoder), vectors: new VectorCache() };

port.on('message', ({ id, ...message }: JobMessage & { id: number }) => {
  executeJob(env, message).then(
    (outcome) => port.postMessage({ id, ...outcome }),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
