/** Sessions for the detector's and the similar lists' unit tests: filler pitches and planted vectors. */
import type { AnalysisSession } from '../../analysis/types';

/** Filler pitches on unrelated topics, so that event-relative weights have something to compare with. */
export const FILLER: AnalysisSession[] = [
  'Gardening at lunch',
  'Board games after work',
  'Writing better job adverts',
  'Budget cuts and morale',
  'Procurement reform',
  'Open data portals',
  'Electric vehicle charging',
  'Flood warnings by text message',
  'Library opening hours',
  'Parking permits online',
].map((title, k) => ({ id: `f${k}`, title }));

/**
 * Deterministic pseudo-random unit-ish vectors, with planted near-duplicates for chosen ids.
 * Title vectors are drawn the same way (own noise) with `titleTwins`, by default the same twins.
 */
export function withEmbeddings(
  sessions: AnalysisSession[],
  twins: Record<string, string>,
  titleTwins: Record<string, string> | null = twins,
  opposites: Record<string, string> = {},
): AnalysisSession[] {
  const full = plantedVectors(sessions, twins, opposites, 7);
  const title = titleTwins ? plantedVectors(sessions, titleTwins, opposites, 11) : null;
  return sessions.map((s) => ({ ...s, embedding: full.get(s.id) ?? null, titleEmbedding: title?.get(s.id) ?? null }));
}

function plantedVectors(
  sessions: AnalysisSession[],
  twins: Record<string, string>,
  opposites: Record<string, string>,
  start: number,
): Map<string, number[]> {
  let seed = start;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const vectors = new Map(sessions.map((s) => [s.id, Array.from({ length: 32 }, random)]));
  for (const [id, twin] of Object.entries(twins)) {
    const base = vectors.get(twin) ?? [];
    vectors.set(
      id,
      base.map((x) => x + random() * 0.1),
    );
  }
  for (const [id, other] of Object.entries(opposites)) {
    const base = vectors.get(other) ?? [];
    vectors.set(
      id,
      base.map((x) => -x + random() * 0.1),
    );
  }
  return vectors;
}
