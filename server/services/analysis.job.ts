import { applyDecisions } from '../../analysis/feedback';
import { DEFAULT_SETTINGS, detectOverlaps, type AnalysisSession, type Overlap, type SessionPair } from '../../analysis';

/**
 * One analysis of an event, as plain data: what the detector needs and nothing else, so it can be
 * handed to a worker thread (structured clone) as well as run here.
 */
export interface AnalysisJob {
  /** The sessions on the board, with their cached vectors. */
  sessions: AnalysisSession[];
  /** Sessions a decision was about that have left the board (merged away): their words still count as feedback. */
  decidedAway: AnalysisSession[];
  dismissed: SessionPair[];
  confirmed: SessionPair[];
}

/** Pure: the detector, then the facilitators' decisions. */
export function runAnalysisJob(job: AnalysisJob): Overlap[] {
  return applyDecisions(
    detectOverlaps(job.sessions).overlaps,
    [...job.sessions, ...job.decidedAway],
    { dismissed: job.dismissed, confirmed: job.confirmed },
    DEFAULT_SETTINGS.threshold,
  );
}
