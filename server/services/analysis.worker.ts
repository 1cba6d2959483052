/**
 * Worker-thread entry of the overlap detector (server/services/analysis.thread.ts starts it):
 * answers each `{ id, job }` with `{ id, overlaps }`, or `{ id, error }` if the job threw.
 */
import { parentPort } from 'node:worker_threads';
import { runAnalysisJob, type AnalysisJob } from './analysis.job';

const port = parentPort;
if (!port) throw new Error('analysis.worker must run in a worker thread');

port.on('message', ({ id, job }: { id: number; job: AnalysisJob }) => {
  try {
    port.postMessage({ id, overlaps: runAnalysisJob(job) });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
