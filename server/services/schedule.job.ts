import { termVectors } from '../../analysis';
import { proposeSchedule } from '../domain/schedule/assistant';
import type { Proposal, ScheduleInput } from '../domain/schedule/types';

/**
 * One proposal, as plain data for a worker thread: the assistant's input without term vectors, and
 * each session's text (in the order of `input.sessions`) for the detector's TF-IDF vectors, which
 * the worker computes so the main thread only reads the database.
 */
export interface ScheduleJob {
  input: ScheduleInput;
  texts: { title: string; notes: string }[];
}

/** Pure: term vectors for the themes, then the assistant. */
export function runScheduleJob(job: ScheduleJob): Proposal {
  const { vectors, surface } = termVectors(job.texts);
  const sessions = job.input.sessions.map((s, k) => ({ ...s, terms: vectors[k] ?? {} }));
  return proposeSchedule({ ...job.input, sessions, surface });
}
