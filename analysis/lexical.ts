/**
 * Lexical evidence: TF-IDF term vectors within one event. A term's weight falls with the share
 * of the event's sessions that use it, and falls steeply once it is the event's theme (used by
 * more than `themeShare` of sessions), so "council" at a govcamp or "newsroom" at SRCCON does
 * not make every pair look alike, while a rare shared product name or acronym counts a lot.
 */
import { terms, type Term } from "./tokenize";

/** Notes beyond this many terms add little and cost time (some pitches paste whole essays). */
const MAX_NOTE_TERMS = 300;
/** 300 terms never need more text than this; tokenising a pasted essay in full would be slow. */
const MAX_NOTE_CHARS = 6000;

export interface TermVector {
  /** term → L2-normalised weight */
  weights: Map<string, number>;
}

export interface LexicalModel {
  vectors: TermVector[];
  /** stem → the first word seen for it in the event (sessions in id order), to show people. */
  surface: Map<string, string>;
  /** Row-major n × n cosines, filled for i < j (0 where nothing is shared). */
  pairScores: Float32Array;
}

interface LexicalSettings {
  titleWeight: number;
  themeShare: number;
}

function termCounts(
  title: string,
  notes: string | undefined,
  titleWeight: number,
  surface: Map<string, string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: Term, weight: number): void => {
    counts.set(term.stem, (counts.get(term.stem) ?? 0) + weight);
    if (!surface.has(term.stem)) surface.set(term.stem, term.word);
  };
  for (const term of terms(title)) add(term, titleWeight);
  for (const term of terms(notes?.slice(0, MAX_NOTE_CHARS)).slice(0, MAX_NOTE_TERMS)) add(term, 1);
  return counts;
}

function termWeight(count: number, df: number, n: number, themeShare: number): number {
  const idf = Math.log((n + 1) / (df + 0.5));
  const share = df / n;
  // Squared so that a term used by twice the theme share keeps a quarter of its weight. A term
  // only two sessions use is a candidate overlap, never a theme, however small the event.
  const damping = share > themeShare && df > 2 ? (themeShare / share) ** 2 : 1;
  return (1 + Math.log(count)) * Math.max(idf, 0) * damping;
}

/** Shortest stem that may stand for a longer one it begins ("datenschutz" for "datenschutzgesetz"). */
const MIN_PREFIX_STEM = 6;

/**
 * Folds each stem onto the shortest other stem of the event that is its prefix, so German
 * compounds and derivations the stemmer leaves apart ("barriere" / "barrierefreiheit",
 * "councillor" / "council") count as one term. Event-relative, so no word list is involved.
 */
function prefixFolding(counts: readonly Map<string, number>[]): Map<string, string> {
  const vocabulary = new Set<string>();
  for (const c of counts) for (const stem of c.keys()) vocabulary.add(stem);
  const fold = new Map<string, string>();
  for (const stem of vocabulary) {
    for (let len = MIN_PREFIX_STEM; len < stem.length; len++) {
      const prefix = stem.slice(0, len);
      if (vocabulary.has(prefix)) {
        fold.set(stem, prefix);
        break;
      }
    }
  }
  return fold;
}

function folded(c: Map<string, number>, fold: ReadonlyMap<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [stem, count] of c) {
    const target = fold.get(stem) ?? stem;
    out.set(target, (out.get(target) ?? 0) + count);
  }
  return out;
}

function documentFrequencies(counts: readonly Map<string, number>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/** Builds the term vectors of one event and the cosine of every pair that shares a term. */
export function buildLexicalModel(
  sessions: readonly { title: string; notes?: string }[],
  settings: LexicalSettings,
): LexicalModel {
  const n = sessions.length;
  const surface = new Map<string, string>();
  const raw = sessions.map((s) => termCounts(s.title, s.notes, settings.titleWeight, surface));
  const fold = prefixFolding(raw);
  const counts = raw.map((c) => folded(c, fold));
  const df = documentFrequencies(counts);
  const vectors = counts.map((c): TermVector => {
    const weights = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of c) {
      const w = termWeight(count, df.get(term) ?? 1, n, settings.themeShare);
      if (w <= 0) continue;
      weights.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, w] of weights) weights.set(term, w / norm);
    return { weights };
  });
  return { vectors, surface, pairScores: sharedTermCosines(vectors) };
}

/**
 * Cosines via an inverted index: only pairs that share a term are visited. A dense matrix is
 * cheaper than a map here even at 1,000 sessions (4 MB), and theme terms have long postings.
 */
function sharedTermCosines(vectors: readonly TermVector[]): Float32Array {
  const n = vectors.length;
  const postings = new Map<string, { doc: number; w: number }[]>();
  vectors.forEach((v, doc) => {
    for (const [term, w] of v.weights) {
      const list = postings.get(term);
      if (list) list.push({ doc, w });
      else postings.set(term, [{ doc, w }]);
    }
  });
  const scores = new Float32Array(n * n);
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      const x = list[a] as { doc: number; w: number };
      const row = x.doc * n;
      for (let b = a + 1; b < list.length; b++) {
        const y = list[b] as { doc: number; w: number };
        scores[row + y.doc] = (scores[row + y.doc] as number) + x.w * y.w;
      }
    }
  }
  return scores;
}

/** Terms two vectors share, strongest contribution first, ties broken alphabetically. */
export function sharedTerms(a: TermVector, b: TermVector, limit = 5): string[] {
  const shared: [string, number][] = [];
  for (const [term, w] of a.weights) {
    const v = b.weights.get(term);
    if (v !== undefined) shared.push([term, w * v]);
  }
  shared.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return shared.slice(0, limit).map(([term]) => term);
}
