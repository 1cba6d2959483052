/**
 * Themes of an event: sessions grouped by what they talk about, for the collaboration report.
 * Coarser than overlaps (analysis/detect.ts): a theme is a conversation several rooms had, not a
 * pair that should merge. Pure and deterministic: sessions are sorted by id first, so the same
 * sessions in any order give the same themes.
 *
 * Method: average-linkage agglomerative clustering on a similarity that averages TF-IDF cosine
 * (words) with centred sentence-embedding cosine (meaning) where both sessions have a vector, and
 * stops at an absolute cut-off, so the number of themes follows the event rather than a chosen k.
 * A session that joins nothing stays on its own ("unthemed"). Names are each theme's most
 * distinctive shared terms (share of the theme's sessions using the term × the event's IDF).
 */
import { documentFrequencies, inverseDocumentFrequency, sparseCosine, unitWeights } from './tfidf';
import { terms } from './tokenize';

export interface ThemeSession {
  id: string;
  title: string;
  notes?: string;
  /** Cached sentence vector; sessions without one are grouped on words alone. */
  embedding?: Float32Array | number[] | null;
}

export interface Theme {
  /** Shown words of the theme's most distinctive shared terms, strongest first (up to 3). */
  terms: string[];
  /** Stem → weight (share of the theme's sessions using it × IDF): what cross-event matching compares. */
  profile: Record<string, number>;
  /** Session ids, sorted. */
  sessions: string[];
}

export interface ThemeResult {
  /** Largest first, then by first session id. */
  themes: Theme[];
  /** Sessions that joined no theme, sorted; each still has a one-session profile for matching. */
  unthemed: Theme[];
  /** Ids in the order of `similarity` rows (sorted). */
  ids: string[];
  /** Row-major n × n similarity used for grouping (also what the theme map lays out). */
  similarity: Float64Array;
}

export interface ThemeSettings {
  /** Clusters join while their average similarity is at least this. */
  cutoff: number;
  /** Below this many embedded sessions the event mean is noise: words alone. */
  minEmbedded: number;
  /** Weight of the sentence-embedding cosine where both sessions have one (the rest is TF-IDF). */
  semanticWeight: number;
}

export const THEME_SETTINGS: ThemeSettings = { cutoff: 0.1, minEmbedded: 8, semanticWeight: 0.5 };

const MAX_NOTE_CHARS = 2000;
const LABEL_TERMS = 3;

interface Doc {
  counts: Map<string, number>;
  words: Map<string, Map<string, number>>;
}

function docOf(s: ThemeSession): Doc {
  const counts = new Map<string, number>();
  const words = new Map<string, Map<string, number>>();
  const add = (stem: string, word: string, weight: number): void => {
    counts.set(stem, (counts.get(stem) ?? 0) + weight);
    const seen = words.get(stem) ?? new Map<string, number>();
    seen.set(word, (seen.get(word) ?? 0) + 1);
    words.set(stem, seen);
  };
  for (const t of terms(s.title)) add(t.stem, t.word, 2);
  for (const t of terms(s.notes?.slice(0, MAX_NOTE_CHARS))) add(t.stem, t.word, 1);
  return { counts, words };
}

/** Each stem's IDF over the event (tfidf.ts), for naming themes. */
function idfOf(docs: readonly Doc[]): Map<string, number> {
  const df = documentFrequencies(docs.map((d) => d.counts));
  return new Map([...df].map(([stem, k]) => [stem, inverseDocumentFrequency(k, docs.length)]));
}

/** The detector's TF-IDF (tfidf.ts), without its theme damping: here the theme is what is sought. */
function tfidfVectors(docs: readonly Doc[]): Map<string, number>[] {
  const df = documentFrequencies(docs.map((d) => d.counts));
  return docs.map((d) => unitWeights(d.counts, df, docs.length));
}

/** Embeddings centred on the mean of those present, unit length; null where missing or mis-sized. */
function centredUnit(sessions: readonly ThemeSession[], minEmbedded: number): (Float64Array | null)[] {
  const dim = sessions.find((s) => s.embedding)?.embedding?.length ?? 0;
  const usable = sessions.map((s) => (s.embedding && s.embedding.length === dim && dim > 0 ? s.embedding : null));
  const count = usable.filter(Boolean).length;
  if (count < minEmbedded) return sessions.map(() => null);
  const mean = new Float64Array(dim);
  for (const e of usable) if (e) for (let k = 0; k < dim; k++) mean[k] = (mean[k] as number) + (e[k] as number) / count;
  return usable.map((e) => {
    if (!e) return null;
    const v = new Float64Array(dim);
    let norm = 0;
    for (let k = 0; k < dim; k++) {
      const x = (e[k] as number) - (mean[k] as number);
      v[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < dim; k++) v[k] = (v[k] as number) / norm;
    return v;
  });
}

/** Pairwise similarity of sessions already sorted by id: TF-IDF cosine, averaged with meaning where known. */
function similarityOf(sessions: readonly ThemeSession[], vectors: Map<string, number>[], settings: ThemeSettings): Float64Array {
  const n = sessions.length;
  const unit = centredUnit(sessions, settings.minEmbedded);
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    sim[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const lexical = sparseCosine(vectors[i] as Map<string, number>, vectors[j] as Map<string, number>);
      const a = unit[i];
      const b = unit[j];
      let s = lexical;
      if (a && b) {
        let dot = 0;
        for (let k = 0; k < a.length; k++) dot += (a[k] as number) * (b[k] as number);
        s = (1 - settings.semanticWeight) * lexical + settings.semanticWeight * Math.max(dot, 0);
      }
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  return sim;
}

/**
 * Average linkage with a best-partner cache (about n² work instead of n³). Ties go to the lower
 * index, so the result depends only on the (sorted) input. Returns clusters as index lists.
 */
export function averageLinkage(sim: Float64Array, n: number, cutoff: number): number[][] {
  const s = Float64Array.from(sim);
  const size = new Array<number>(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const active = new Array<boolean>(n).fill(true);
  const best = new Array<number>(n).fill(-1);
  const bestValue = new Array<number>(n).fill(-Infinity);
  const refresh = (i: number): void => {
    best[i] = -1;
    bestValue[i] = -Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i || !active[j]) continue;
      const v = s[i * n + j] as number;
      if (v > bestValue[i]) [best[i], bestValue[i]] = [j, v];
    }
  };
  for (let i = 0; i < n; i++) refresh(i);
  for (;;) {
    let i = -1;
    for (let k = 0; k < n; k++) if (active[k] && best[k] !== -1 && (i === -1 || (bestValue[k] as number) > (bestValue[i] as number))) i = k;
    if (i === -1 || (bestValue[i] as number) < cutoff) break;
    const j = best[i] as number;
    const [keep, gone] = i < j ? [i, j] : [j, i];
    const [nk, ng] = [size[keep] as number, size[gone] as number];
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === keep || k === gone) continue;
      const v = ((s[keep * n + k] as number) * nk + (s[gone * n + k] as number) * ng) / (nk + ng);
      s[keep * n + k] = v;
      s[k * n + keep] = v;
    }
    active[gone] = false;
    size[keep] = nk + ng;
    members[keep] = [...(members[keep] as number[]), ...(members[gone] as number[])].sort((a, b) => a - b);
    for (let k = 0; k < n; k++) {
      if (!active[k]) continue;
      if (k === keep || best[k] === keep || best[k] === gone) refresh(k);
      else if (
        (s[k * n + keep] as number) > (bestValue[k] as number) ||
        ((s[k * n + keep] as number) === bestValue[k] && keep < (best[k] as number))
      ) {
        [best[k], bestValue[k]] = [keep, s[k * n + keep] as number];
      }
    }
  }
  return members.filter((_, k) => active[k]);
}

function describe(indices: readonly number[], docs: readonly Doc[], idf: Map<string, number>, ids: readonly string[]): Theme {
  const uses = new Map<string, number>();
  for (const i of indices) for (const stem of (docs[i] as Doc).counts.keys()) uses.set(stem, (uses.get(stem) ?? 0) + 1);
  const minUses = indices.length > 1 ? 2 : 1;
  const profile: Record<string, number> = {};
  for (const [stem, k] of [...uses].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const weight = (k / indices.length) * Math.max(idf.get(stem) ?? 0, 0);
    if (k >= minUses && weight > 0) profile[stem] = Math.round(weight * 1e6) / 1e6;
  }
  const top = Object.entries(profile)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, LABEL_TERMS)
    .map(([stem]) => shownWord(stem, indices, docs));
  return { terms: top, profile, sessions: indices.map((i) => ids[i] as string) };
}

/** The word people used most for a stem within the theme (alphabetical among equals). */
function shownWord(stem: string, indices: readonly number[], docs: readonly Doc[]): string {
  const tally = new Map<string, number>();
  for (const i of indices) for (const [w, c] of (docs[i] as Doc).words.get(stem) ?? []) tally.set(w, (tally.get(w) ?? 0) + c);
  return [...tally].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0] ?? stem;
}

/** Groups an event's sessions into themes. Same sessions in any order → identical result. */
export function groupThemes(input: readonly ThemeSession[], settings: Partial<ThemeSettings> = {}): ThemeResult {
  const config = { ...THEME_SETTINGS, ...settings };
  const seen = new Set<string>();
  const sessions = [...input].filter((s) => !seen.has(s.id) && seen.add(s.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = sessions.map((s) => s.id);
  const docs = sessions.map(docOf);
  const idf = idfOf(docs);
  const similarity = similarityOf(sessions, tfidfVectors(docs), config);
  const clusters = averageLinkage(similarity, sessions.length, config.cutoff);
  const themes = clusters
    .filter((c) => c.length > 1)
    .sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number))
    .map((c) => describe(c, docs, idf, ids));
  const unthemed = clusters.filter((c) => c.length === 1).map((c) => describe(c, docs, idf, ids));
  return { themes, unthemed, ids, similarity };
}
