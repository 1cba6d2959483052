/**
 * Learning from facilitators within one event. Each decision is a labelled pair: "dismissed"
 * says the words those two sessions share are not evidence of overlap at this event (often a
 * theme every room shares); "linked" or "merged" says they are. Later suggestions are re-scored:
 * an overlap whose only shared terms were dismissed is damped below the floor, and one that
 * shares a confirmed term is lifted. Decided pairs themselves are never suggested again. An
 * overlap damped below the detector's `sameThreshold` leaves the "same" tier; none is promoted
 * (the detector alone knows what is a series). Pure and deterministic, like the detector.
 */
import { DEFAULT_SETTINGS } from './detect';
import { terms, tokenize } from './tokenize';
import type { AnalysisSession, Overlap, SessionPair } from './types';

export interface Decisions {
  dismissed: readonly SessionPair[];
  confirmed: readonly SessionPair[];
}

/** What decisions read of an overlap: an `Overlap`, or a `FoundOverlap` before it is placed on the grid. */
type Decidable = Pick<Overlap, 'sessions' | 'score' | 'tier' | 'sharedTerms'>;

/** How much a dismissed-only overlap keeps of its score, and how much a confirmed term adds. */
export const DISMISSED_FACTOR = 0.5;
export const CONFIRMED_FACTOR = 1.25;

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function termsOf(session: AnalysisSession | undefined): Set<string> {
  return new Set(session ? tokenize(`${session.title} ${session.notes ?? ''}`) : []);
}

/** Terms both sessions of each pair use: what a facilitator's decision was about. */
function termsOfPairs(pairs: readonly SessionPair[], byId: ReadonlyMap<string, AnalysisSession>): Set<string> {
  const out = new Set<string>();
  for (const [a, b] of pairs) {
    const right = termsOf(byId.get(b));
    for (const term of termsOf(byId.get(a))) if (right.has(term)) out.add(term);
  }
  return out;
}

/** Splits a group into its pairs that nobody has decided on yet (all of them if none was). */
function undecided<T extends Decidable>(overlap: T, decided: ReadonlySet<string>): T[] {
  const ids = overlap.sessions;
  const pairs: [string, string][] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i] as string, ids[j] as string]);
  }
  const open = pairs.filter(([a, b]) => !decided.has(pairKey(a, b)));
  if (open.length === pairs.length) return [overlap];
  return open.map((pair) => ({ ...overlap, sessions: pair }));
}

/**
 * Overlaps name their shared terms by a word ("councils") while decisions are compared by stem
 * ("council"): maps each shown word back to the stem it stands for in this event's sessions.
 */
function stemsOfWords(byId: ReadonlyMap<string, AnalysisSession>): (word: string) => string {
  const stems = new Map<string, string>();
  for (const s of byId.values()) for (const t of terms(`${s.title} ${s.notes ?? ''}`)) if (!stems.has(t.word)) stems.set(t.word, t.stem);
  return (word) => stems.get(word) ?? tokenize(word)[0] ?? word;
}

/**
 * Applies an event's decisions to the detector's overlaps: drops decided pairs, re-scores the
 * rest, removes those that fall under `threshold`, and ranks by score again.
 */
export function applyDecisions<T extends Decidable>(
  overlaps: readonly T[],
  sessions: readonly AnalysisSession[],
  decisions: Decisions,
  threshold: number,
): T[] {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const decided = new Set([...decisions.dismissed, ...decisions.confirmed].map(([a, b]) => pairKey(a, b)));
  const rejected = termsOfPairs(decisions.dismissed, byId);
  const confirmed = termsOfPairs(decisions.confirmed, byId);
  const stemOf = stemsOfWords(byId);
  return overlaps
    .flatMap((overlap) => undecided(overlap, decided))
    .map((overlap) => {
      const shared = overlap.sharedTerms.map(stemOf);
      let score = overlap.score;
      if (shared.some((t) => confirmed.has(t))) score = Math.min(1, score * CONFIRMED_FACTOR);
      else if (shared.length > 0 && shared.every((t) => rejected.has(t))) score *= DISMISSED_FACTOR;
      const rounded = Math.round(score * 1000) / 1000;
      return { ...overlap, score: rounded, tier: rounded >= DEFAULT_SETTINGS.sameThreshold ? overlap.tier : 'related' };
    })
    .filter((overlap) => overlap.score >= threshold)
    .sort((a, b) => b.score - a.score || a.sessions.join().localeCompare(b.sessions.join()));
}
