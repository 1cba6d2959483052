/**
 * Worker-thread entry of the schedule assistant (server/services/schedule.thread.ts starts it):
 * answers each `{ id, job }` with `{ id, proposal }`, or `{ id, error }` if the job threw.
 */
import { parentPort } from 'node:worker_threads';
import { runScheduleJob, type ScheduleJob } from './schedule.job';

const port = parentPort;
if (!port) throw new Error('schedule.worker must run in a worker thread');

port.on('message', ({ id, job }: { id: number; job: ScheduleJob }) => {
  try {
    port.postMessage({ id, proposal: runScheduleJob(job) });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
