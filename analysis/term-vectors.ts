/**
 * The detector's lexical view of an event, for other uses (the schedule assistant's themes): each
 * session's TF-IDF vector (stems, L2-normalised, title counted twice, the event's theme words
 * damped) exactly as `detectOverlaps` builds it, and the word shown for each stem.
 */
import { DEFAULT_SETTINGS } from './detect';
import { buildLexicalModel } from './lexical';
import { sessionLanguages } from './tokenize';

export interface TermVectors {
  /** In the order of the sessions given. */
  vectors: Record<string, number>[];
  /** Stem → the first word seen for it. */
  surface: Record<string, string>;
}

export function termVectors(sessions: readonly { title: string; notes?: string }[]): TermVectors {
  const model = buildLexicalModel(sessions, DEFAULT_SETTINGS, sessionLanguages(sessions));
  return { vectors: model.vectors.map((v) => Object.fromEntries(v.weights)), surface: Object.fromEntries(model.surface) };
}
