/**
 * The overlap detector in a worker thread: the same overlaps as on this thread, and a worker that
 * dies is logged, replaced, and given its jobs again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAnalysisJob, type AnalysisJob } from '../../../server/services/analysis.job';
import { AnalysisThread } from '../../../server/services/analysis.thread';

const job: AnalysisJob = {
  sessions: [
    { id: 'a', title: 'Sharing code between councils', notes: 'Open source in local government' },
    { id: 'b', title: 'Why can councils not share code?', notes: 'Open source across local government' },
    { id: 'c', title: 'Knitting for beginners', notes: 'Bring needles' },
  ],
  decidedAway: [],
  dismissed: [],
  confirmed: [],
};

const quietLogger = () => {
  const errors: string[] = [];
  return { errors, logger: { info: () => undefined, error: (message: string) => void errors.push(message) } };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-thread-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in worker that exits (as a crash would) the first `crashes` times it is given a job. */
function crashingEntry(crashes: number): { file: string; eval: boolean } {
  const counter = join(dir, 'crashes');
  return {
    eval: true,
    file: `
      const { parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      parentPort.on('message', ({ id }) => {
        const seen = fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) : 0;
        if (seen < ${crashes}) {
          fs.writeFileSync(${JSON.stringify(counter)}, String(seen + 1));
          process.exit(3);
        }
        parentPort.postMessage({ id, overlaps: [{ sessions: ['a', 'b'], score: 0.9, relation: 'unscheduled', suggestion: 'merge', reason: 'after a restart', sharedTerms: [] }] });
      });`,
  };
}

test('the worker finds exactly the overlaps the detector finds on this thread', async () => {
  const { errors, logger } = quietLogger();
  const thread = new AnalysisThread(logger);
  try {
    const [first, second] = await Promise.all([thread.run(job), thread.run({ ...job, dismissed: [['a', 'b']] })]);
    expect(first).toEqual(runAnalysisJob(job));
    expect(first.map((o) => o.sessions)).toEqual([['a', 'b']]);
    expect(second).toEqual([]);
  } finally {
    await thread.close();
  }
  expect(errors).toEqual([]);
}, 30_000);

test('a worker that dies is logged and replaced, and its job answered by the new one', async () => {
  const { errors, logger } = quietLogger();
  const thread = new AnalysisThread(logger, crashingEntry(1));
  try {
    const overlaps = await thread.run(job);
    expect(overlaps.map((o) => o.reason)).toEqual(['after a restart']);
    expect(errors).toEqual([expect.stringContaining('The analysis worker stopped (exit code 3)')]);
    // The new worker goes on serving.
    await expect(thread.run(job)).resolves.toHaveLength(1);
  } finally {
    await thread.close();
  }
});

test('a job that kills every worker it is given is refused after two, not retried for ever', async () => {
  const { errors, logger } = quietLogger();
  const thread = new AnalysisThread(logger, crashingEntry(5));
  try {
    await expect(thread.run(job)).rejects.toThrow('not tried again');
    expect(errors).toHaveLength(2);
  } finally {
    await thread.close();
  }
});

test('after close, jobs are refused and the worker is gone', async () => {
  const thread = new AnalysisThread(quietLogger().logger);
  await thread.close();
  await expect(thread.run(job)).rejects.toThrow('closed');
});
