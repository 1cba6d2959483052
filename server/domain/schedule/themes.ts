/**
 * Themes for tracks: seeded k-means (k-means++ start, cosine distance, i.e. spherical k-means) on the
 * detector's TF-IDF vectors, and a name for each theme from its sessions' strongest words.
 * Deterministic: the same vectors, k and seed give the same themes.
 */

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Themes {
  /** Theme of each vector; -1 for a vector with no terms. */
  assignment: number[];
  /**
   * Per theme, the terms two or more of its members share (all of them for a theme of one), by
   * summed weight over its members, strongest first; none when its members share no word.
   */
  terms: string[][];
}

const MAX_ROUNDS = 50;

/** Unit-length dense rows over the union vocabulary (terms sorted, so the order of keys never matters). */
function denseRows(vectors: readonly (Record<string, number> | undefined)[]): { rows: (Float64Array | null)[]; vocabulary: string[] } {
  const vocabulary = [...new Set(vectors.flatMap((v) => (v ? Object.keys(v) : [])))].sort();
  const index = new Map(vocabulary.map((term, k) => [term, k]));
  const rows = vectors.map((v) => {
    if (!v) return null;
    const row = new Float64Array(vocabulary.length);
    let norm = 0;
    for (const [term, w] of Object.entries(v)) {
      if (!(w > 0)) continue;
      row[index.get(term) as number] = w;
      norm += w * w;
    }
    if (norm === 0) return null;
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < row.length; k++) row[k] = (row[k] as number) * scale;
    return row;
  });
  return { rows, vocabulary };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

/** The index where the running sum of `weights` (negatives as 0) reaches `target`. */
function drawn(weights: readonly number[], target: number): number {
  let left = target;
  for (let i = 0; i < weights.length - 1; i++) {
    left -= Math.max(0, weights[i] as number);
    if (left <= 0) return i;
  }
  return weights.length - 1;
}

/** k-means++: each next centre drawn with probability proportional to its squared distance to the nearest chosen one. */
function initialCentres(rows: Float64Array[], k: number, random: () => number): Float64Array[] {
  const centres = [Float64Array.from(rows[Math.floor(random() * rows.length)] as Float64Array)];
  const nearest = rows.map((row) => 2 - 2 * dot(row, centres[0] as Float64Array));
  while (centres.length < k) {
    const total = nearest.reduce((s, d) => s + Math.max(0, d), 0);
    const pick = total > 0 ? drawn(nearest, random() * total) : Math.floor(random() * rows.length);
    const centre = Float64Array.from(rows[pick] as Float64Array);
    centres.push(centre);
    rows.forEach((row, i) => (nearest[i] = Math.min(nearest[i] as number, 2 - 2 * dot(row, centre))));
  }
  return centres;
}

/** Groups vectors into at most `k` themes (fewer when fewer vectors have terms). */
export function findThemes(vectors: readonly (Record<string, number> | undefined)[], k: number, seed: number): Themes {
  const { rows, vocabulary } = denseRows(vectors);
  const present = rows.flatMap((row, i) => (row ? [i] : []));
  const assignment = vectors.map(() => -1);
  const themes = Math.min(k, present.length);
  if (themes < 2) return { assignment, terms: [] };
  const data = present.map((i) => rows[i] as Float64Array);
  const centres = initialCentres(data, themes, seededRandom(seed));
  const member = new Array<number>(data.length).fill(-1);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    data.forEach((row, i) => {
      let best = 0;
      let bestSim = -Infinity;
      centres.forEach((centre, c) => {
        const sim = dot(row, centre);
        if (sim > bestSim) [best, bestSim] = [c, sim];
      });
      if (member[i] !== best) [member[i], changed] = [best, true];
    });
    if (!changed) break;
    centres.forEach((centre, c) => {
      const sum = new Float64Array(vocabulary.length);
      let count = 0;
      data.forEach((row, i) => {
        if (member[i] !== c) return;
        count++;
        for (let t = 0; t < row.length; t++) sum[t] = (sum[t] as number) + (row[t] as number);
      });
      // An emptied theme keeps its centre: it may win sessions back next round.
      if (count === 0) return;
      const norm = Math.sqrt(dot(sum, sum)) || 1;
      for (let t = 0; t < sum.length; t++) centre[t] = (sum[t] as number) / norm;
    });
  }
  present.forEach((i, k2) => (assignment[i] = member[k2] as number));
  return { assignment, terms: themeTerms(vectors, assignment, themes) };
}

/**
 * A word only one member has does not describe the theme: three unrelated sessions grouped for
 * want of rooms were named after each one's strongest word ("Councils · research · shoestring").
 */
function themeTerms(vectors: readonly (Record<string, number> | undefined)[], assignment: readonly number[], k: number): string[][] {
  const sums = Array.from({ length: k }, () => new Map<string, { weight: number; members: number }>());
  const sizes = new Array<number>(k).fill(0);
  vectors.forEach((v, i) => {
    const theme = assignment[i] as number;
    if (!v || theme < 0) return;
    sizes[theme] = (sizes[theme] as number) + 1;
    const sum = sums[theme] as Map<string, { weight: number; members: number }>;
    for (const [term, w] of Object.entries(v)) {
      if (!(w > 0)) continue;
      const seen = sum.get(term) ?? { weight: 0, members: 0 };
      sum.set(term, { weight: seen.weight + w, members: seen.members + 1 });
    }
  });
  return sums.map((sum, theme) =>
    [...sum]
      .filter(([, { members }]) => members >= Math.min(2, sizes[theme] as number))
      .sort((a, b) => b[1].weight - a[1].weight || (a[0] < b[0] ? -1 : 1))
      .map(([term]) => term),
  );
}

/** "Open data · council · api": the theme's three strongest words as people wrote them; "Mixed topics" without any. */
export function trackName(terms: readonly string[], surface: Readonly<Record<string, string>> = {}): string {
  const words = terms.slice(0, 3).map((stem) => surface[stem] ?? stem);
  const [first = 'Mixed topics', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' · ');
}
