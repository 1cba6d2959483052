/**
 * Groups flagged pairs into overlaps without chaining: A~B and B~C only become one group
 * {A, B, C} when A~C is also supported. Plain connected components would join unrelated
 * sessions through one bridging pitch and every pair inside a group counts as a claim.
 */

export interface ScoredPair {
  i: number;
  j: number;
  score: number;
}

/**
 * Complete-linkage merging over flagged pairs, strongest first. Two groups merge when every
 * pair across them scores at least `support`; a flagged pair whose groups cannot merge is
 * reported on its own, so no flagged pair is lost.
 */
export function groupPairs(flagged: readonly ScoredPair[], pairScore: (i: number, j: number) => number, support: number): number[][] {
  const ordered = [...flagged].sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  const groupOf = new Map<number, number[]>();
  const leftovers: number[][] = [];
  for (const { i, j } of ordered) {
    const a = groupOf.get(i) ?? [i];
    const b = groupOf.get(j) ?? [j];
    if (a === b) continue;
    const linked = a.every((x) => b.every((y) => pairScore(x, y) >= support));
    if (!linked) {
      leftovers.push([i, j]);
      continue;
    }
    const merged = [...a, ...b].sort((x, y) => x - y);
    for (const member of merged) groupOf.set(member, merged);
  }
  const groups = [...new Set(groupOf.values())];
  return [...groups, ...leftovers.filter(([i, j]) => groupOf.get(i as number) !== groupOf.get(j as number))];
}
