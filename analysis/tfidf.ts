/**
 * TF-IDF within one event: the one weighting the overlap detector (lexical.ts), the pitch-time
 * similar lists (similar.ts) and the report's themes (themes.ts) share. A term's weight is
 * (1 + ln count) × IDF, where IDF = ln((n + 1) / (df + 0.5)) over the event's n sessions, so a
 * term every session uses weighs (almost) nothing and one only two sessions use weighs a lot.
 * The detector also damps the event's theme (see `termWeight`); the themes do not.
 */

/** Stem → count in one session (the title's terms counted `titleWeight` times). */
export type TermCounts = ReadonlyMap<string, number>;

export function inverseDocumentFrequency(df: number, n: number): number {
  return Math.log((n + 1) / (df + 0.5));
}

/** How many sessions use each term. */
export function documentFrequencies(counts: readonly TermCounts[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/**
 * A term's weight in a session. With `themeShare`, a term used by more than that share of the
 * event's sessions (and by more than two) is the event's theme and damped by (themeShare / share)²:
 * used by twice the theme share, it keeps a quarter of its weight. A term only two sessions use
 * is a candidate overlap, never a theme, however small the event.
 */
export function termWeight(count: number, df: number, n: number, themeShare = Infinity): number {
  const share = df / n;
  const damping = share > themeShare && df > 2 ? (themeShare / share) ** 2 : 1;
  return (1 + Math.log(count)) * Math.max(inverseDocumentFrequency(df, n), 0) * damping;
}

/** L2-normalised TF-IDF weights of one session's counts; terms of weight 0 are left out. */
export function unitWeights(counts: TermCounts, df: ReadonlyMap<string, number>, n: number, themeShare = Infinity): Map<string, number> {
  const weights = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of counts) {
    const w = termWeight(count, df.get(term) ?? 1, n, themeShare);
    if (w <= 0) continue;
    weights.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [term, w] of weights) weights.set(term, w / norm);
  return weights;
}

/** Cosine of two unit weight vectors (the dot product over the terms they share). */
export function sparseCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) dot += w * (large.get(term) ?? 0);
  return dot;
}
