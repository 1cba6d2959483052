import { tokenize } from '../../analysis/tokenize';
import type { Session } from '../domain/types';

const termsOf = (s: Pick<Session, 'title' | 'notes'>): Set<string> => new Set(tokenize(`${s.title} ${s.title} ${s.notes}`));

/**
 * How many words (stems, without function words) each session shares with `target`'s title and
 * notes, weighted by how rare the word is at the event: the fallback order of the "same
 * conversation as…" list after what the detector and people already pair.
 */
export function rankByWords(target: Pick<Session, 'title' | 'notes'>, others: readonly Session[]): Map<string, number> {
  const mine = termsOf(target);
  const terms = others.map((s) => [s.id, termsOf(s)] as const);
  const df = new Map<string, number>();
  for (const [, set] of terms) for (const t of set) if (mine.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const [id, set] of terms) {
    let score = 0;
    for (const t of set) if (mine.has(t)) score += 1 / (df.get(t) ?? 1);
    if (score > 0) out.set(id, score);
  }
  return out;
}
