/**
 * Pitch-time "similar sessions": for a session being pitched, the few sessions already pitched
 * at its event that look like it, best first, or none. Pure, synchronous and deterministic.
 *
 * At a real event every pitch shares the event's theme, so no fixed similarity floor separates
 * a twin from a neighbour. A candidate is judged relative to the two sessions' own
 * distributions, in three views (title+notes vectors, title vectors, TF-IDF words with shared
 * names): its z-score against the pitch's similarities to every earlier session, and against
 * the candidate's own similarities to the others; the smaller of the two counts (it must stand
 * out for both: reciprocal). From it is taken √(2 ln k), about the largest z that chance alone
 * gives among k sessions, so a larger event needs a larger gap. The views' excesses are
 * averaged (words weigh half: they are sparse, and the vectors already see them); a candidate
 * is shown when the average reaches the threshold. Measured in docs/analysis-log.md.
 *
 * For one pitch against an event, build a `SimilarIndex` of the event once (`similarIndex`) and
 * pass it for every keystroke: a list then costs one pass over the earlier sessions' vectors.
 */
import { DEFAULT_SETTINGS } from './detect';
import { quoteList } from './explain';
import { lexicalEvent, newcomerTerms, readSession, type LexicalEvent, type SessionReading } from './lexical';
import type { Language } from './stopwords';
import { inverseDocumentFrequency, unitWeights } from './tfidf';
import { eventLanguages, sessionLanguage } from './tokenize';
import type { AnalysisSession } from './types';

/** A session being pitched: its cached vectors like any session's; it may have no id on the board yet. */
export type SimilarTarget = Omit<AnalysisSession, 'id' | 'room' | 'slot'> & { id?: string };

export interface SimilarCandidate {
  id: string;
  /** 0..1, 0.5 at the showing threshold; higher stands out more. */
  score: number;
  /** Why, in words a non-technical person understands. */
  reason: string;
}

/** One entry of `similarLists`: what the pitch form would have shown for `session`. */
export interface SimilarList {
  session: string;
  candidates: SimilarCandidate[];
}

export interface SimilarSettings {
  /** At most this many candidates. */
  limit: number;
  /** Fewer earlier sessions than this give no distribution to stand out from: nothing is shown. */
  minSessions: number;
  /** Shown when the views' average excess (see the module comment) reaches this. */
  threshold: number;
  /** Weight of the words' view; the two vector views weigh 1. */
  lexicalWeight: number;
  /** A candidate's own distribution is estimated from up to this many other sessions, spread over the event. */
  sampleSize: number;
}

/** The shipped setting (docs/analysis-log.md says how each value was chosen). */
export const SIMILAR_SETTINGS: Readonly<SimilarSettings> = Object.freeze({
  limit: 3,
  minSessions: 8,
  threshold: -1.4,
  lexicalWeight: 0.5,
  sampleSize: 128,
});

export interface SimilarOptions {
  settings?: Partial<SimilarSettings>;
}

/** Readings of sessions' text by language and text, to reuse across indexes of a changing event. */
export type ReadingCache = Map<string, SessionReading>;

interface VectorView {
  dim: number;
  /** n × dim unit vectors, row-major; zeros where absent. */
  data: Float64Array;
  present: Uint8Array;
  count: number;
  /** Per session: sum, sum of squares and count of its cosines to sampled others (NaN until needed). */
  sums: Float64Array;
}

interface WordView {
  event: LexicalEvent;
  weights: Map<string, number>[];
  postings: Map<string, { doc: number; w: number }[]>;
  /** Per session: sum and sum of squares of its word similarity to every other session (NaN until needed). */
  sums: Float64Array;
}

/** The earlier sessions of an event, read once for many similar lists. Treat as opaque. */
export interface SimilarIndex {
  readonly ids: readonly string[];
  readonly languages: readonly Language[];
  readonly eventLanguage: Language;
  readonly words: WordView;
  readonly full: VectorView | null;
  readonly title: VectorView | null;
}

function byId(a: AnalysisSession, b: AnalysisSession): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sessions in id order, first occurrence of a repeated id kept (as detectOverlaps). */
function normalise(sessions: readonly AnalysisSession[]): AnalysisSession[] {
  const seen = new Set<string>();
  return [...sessions].sort(byId).filter((s) => !seen.has(s.id) && seen.add(s.id));
}

function unitRow(vector: ArrayLike<number>, out: Float64Array, at: number, dim: number): void {
  let norm = 0;
  for (let k = 0; k < dim; k++) norm += (vector[k] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < dim; k++) out[at + k] = (vector[k] ?? 0) / norm;
}

/** The sentence encoder is English-only: other sessions' vectors are not used (as in detectOverlaps). */
function vectorView(vectors: readonly (ArrayLike<number> | null | undefined)[], languages: readonly Language[]): VectorView | null {
  const dim = vectors.find((v, k) => v && v.length > 0 && languages[k] === 'en')?.length ?? 0;
  if (dim === 0) return null;
  const n = vectors.length;
  const data = new Float64Array(n * dim);
  const present = new Uint8Array(n);
  vectors.forEach((v, k) => {
    if (!v || v.length !== dim || languages[k] !== 'en') return;
    unitRow(v, data, k * dim, dim);
    present[k] = 1;
  });
  return { dim, data, present, count: present.reduce((a, b) => a + b, 0), sums: new Float64Array(3 * n).fill(NaN) };
}

function wordView(event: LexicalEvent, n: number): WordView {
  const weights = event.counts.map((c) => unitWeights(c, event.df, n, DEFAULT_SETTINGS.themeShare));
  const postings = new Map<string, { doc: number; w: number }[]>();
  weights.forEach((v, doc) => {
    for (const [term, w] of v) {
      const list = postings.get(term);
      if (list) list.push({ doc, w });
      else postings.set(term, [{ doc, w }]);
    }
  });
  return { event, weights, postings, sums: new Float64Array(2 * n).fill(NaN) };
}

/**
 * Reads the earlier sessions of an event for `similarSessions`. `cache` (any Map the caller keeps)
 * spares re-reading the text of sessions already read, e.g. when the event gains a pitch.
 */
export function similarIndex(earlier: readonly AnalysisSession[], cache?: ReadingCache): SimilarIndex {
  const list = normalise(earlier);
  const { sessions: languages, event: eventLanguage } = eventLanguages(list);
  const readings = list.map((s, k) => {
    const language = languages[k] as Language;
    if (!cache) return readSession(s, language);
    const key = `${language}\u0000${s.title}\u0000${s.notes ?? ''}`;
    let reading = cache.get(key);
    if (!reading) cache.set(key, (reading = readSession(s, language)));
    return reading;
  });
  const event = lexicalEvent(list, DEFAULT_SETTINGS, languages, readings);
  return {
    ids: list.map((s) => s.id),
    languages,
    eventLanguage,
    words: wordView(event, list.length),
    full: vectorView(
      list.map((s) => s.embedding),
      languages,
    ),
    title: vectorView(
      list.map((s) => s.titleEmbedding),
      languages,
    ),
  };
}

function dot(data: Float64Array, a: number, b: Float64Array | null, bAt: number, dim: number): number {
  const other = b ?? data;
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < dim; k += 2) {
    s0 += (data[a + k] as number) * (other[bAt + k] as number);
    s1 += (data[a + k + 1] as number) * (other[bAt + k + 1] as number);
  }
  if (k < dim) s0 += (data[a + k] as number) * (other[bAt + k] as number);
  return s0 + s1;
}

interface Stats {
  mean: number;
  sd: number;
}

function statsOf(sum: number, sumSq: number, count: number): Stats {
  const mean = count ? sum / count : 0;
  return { mean, sd: Math.sqrt(Math.max(count ? sumSq / count - mean * mean : 0, 1e-6)) };
}

/** A session's similarities in a vector view to up to `sampleSize` others spread over the event; cached. */
function vectorSums(view: VectorView, j: number, n: number, sampleSize: number): [number, number, number] {
  if (Number.isNaN(view.sums[3 * j])) {
    const steps = n - 1 <= sampleSize ? n : sampleSize;
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let s = 0; s < steps; s++) {
      const i = steps === n ? s : Math.floor((s * n) / sampleSize);
      if (i === j || !view.present[i]) continue;
      const c = dot(view.data, j * view.dim, null, i * view.dim, view.dim);
      sum += c;
      sumSq += c * c;
      count++;
    }
    view.sums.set([sum, sumSq, count], 3 * j);
  }
  return [view.sums[3 * j] as number, view.sums[3 * j + 1] as number, view.sums[3 * j + 2] as number];
}

/** Word similarity (see wordEvidence) of session j to every other earlier session; cached. */
function wordSums(words: WordView, j: number, n: number): [number, number] {
  if (Number.isNaN(words.sums[2 * j])) {
    const row = new Float64Array(n);
    for (const [term, w] of words.weights[j] as Map<string, number>) {
      for (const p of words.postings.get(term) ?? []) if (p.doc !== j) row[p.doc] = (row[p.doc] as number) + w * p.w;
    }
    const names = nameHolders(words, words.event.titleNames[j] as Set<string>, n, 0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      if (i === j) continue;
      const x = either(row[i] as number, names.get(i) ?? 0);
      sum += x;
      sumSq += x * x;
    }
    words.sums.set([sum, sumSq], 2 * j);
  }
  return [words.sums[2 * j] as number, words.sums[2 * j + 1] as number];
}

function either(a: number, b: number): number {
  return 1 - (1 - Math.min(1, Math.max(0, a))) * (1 - Math.min(1, Math.max(0, b)));
}

/**
 * Earlier sessions whose titles name a stem of `stems` that few sessions use (as the detector's
 * shared names), with the evidence: nameWeight × specificity. `extra` counts the pitch itself.
 */
function nameHolders(words: WordView, stems: ReadonlySet<string>, n: number, extra: number): Map<number, number> {
  const out = new Map<number, number>();
  if (stems.size === 0) return out;
  const top = inverseDocumentFrequency(2, n + extra);
  for (const stem of stems) {
    const df = (words.event.df.get(stem) ?? 0) + extra;
    if (df > DEFAULT_SETTINGS.nameMaxSessions || top <= 0) continue;
    const evidence = DEFAULT_SETTINGS.nameWeight * Math.min(1, inverseDocumentFrequency(Math.max(df, 2), n + extra) / top);
    words.event.titleNames.forEach((names, doc) => {
      if (names.has(stem)) out.set(doc, Math.max(out.get(doc) ?? 0, evidence));
    });
  }
  return out;
}

/** About the largest z-score among k draws from chance alone. */
function expectedMaximum(k: number): number {
  return Math.sqrt(2 * Math.log(Math.max(k, 2)));
}

interface Row {
  values: Float64Array;
  present: Uint8Array;
  stats: Stats;
  k: number;
  weight: number;
  /** The candidate's own distribution, with the pitch's similarity added to its sampled others. */
  own(j: number, value: number): Stats;
}

function vectorRow(view: VectorView | null, target: ArrayLike<number> | null | undefined, n: number, sampleSize: number): Row | null {
  if (!view || !target || target.length !== view.dim) return null;
  const unit = new Float64Array(view.dim);
  unitRow(target, unit, 0, view.dim);
  const values = new Float64Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    if (!view.present[i]) continue;
    const c = dot(view.data, i * view.dim, unit, 0, view.dim);
    values[i] = c;
    sum += c;
    sumSq += c * c;
  }
  return {
    values,
    present: view.present,
    stats: statsOf(sum, sumSq, view.count),
    k: view.count,
    weight: 1,
    own: (j, value) => {
      const [s, sq, count] = vectorSums(view, j, n, sampleSize);
      return statsOf(s + value, sq + value * value, count + 1);
    },
  };
}

function wordRow(
  index: SimilarIndex,
  target: SimilarTarget,
  language: Language,
  weight: number,
): { row: Row; surface: Map<string, string> } {
  const { words } = index;
  const n = index.ids.length;
  const reading = readSession(target, language);
  const terms = newcomerTerms(target, reading, language, words.event, DEFAULT_SETTINGS);
  const df = new Map<string, number>();
  for (const term of terms.counts.keys()) df.set(term, (words.event.df.get(term) ?? 0) + 1);
  const weights = unitWeights(terms.counts, df, n + 1, DEFAULT_SETTINGS.themeShare);
  const cosine = new Float64Array(n);
  for (const [term, w] of weights) for (const p of words.postings.get(term) ?? []) cosine[p.doc] = (cosine[p.doc] as number) + w * p.w;
  const names = nameHolders(words, terms.titleNames, n, 1);
  const values = new Float64Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = either(cosine[i] as number, names.get(i) ?? 0);
    values[i] = x;
    sum += x;
    sumSq += x * x;
  }
  const row: Row = {
    values,
    present: new Uint8Array(n).fill(1),
    stats: statsOf(sum, sumSq, n),
    k: n,
    weight,
    own: (j, value) => {
      const [s, sq] = wordSums(words, j, n);
      return statsOf(s + value, sq + value * value, n);
    },
  };
  return { row, surface: new Map([...weights.keys()].map((t) => [t, terms.surface.get(t) ?? t])) };
}

function z(value: number, stats: Stats): number {
  return (value - stats.mean) / stats.sd;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The words a candidate shares with the pitch, strongest first, as the candidate's event wrote them. */
function sharedWords(index: SimilarIndex, j: number, target: Map<string, string>): string[] {
  const weights = index.words.weights[j] as Map<string, number>;
  return [...target.keys()]
    .filter((t) => weights.has(t))
    .sort((a, b) => (weights.get(b) as number) - (weights.get(a) as number) || (a < b ? -1 : 1))
    .slice(0, 3)
    .map((t) => index.words.event.surface.get(t) ?? target.get(t) ?? t);
}

function reasonOf(shared: readonly string[]): string {
  return shared.length > 0 ? `Both about ${quoteList(shared)}.` : 'Worded differently, but close in meaning.';
}

/**
 * Up to `limit` earlier sessions that look like `target`, best first; none when nothing stands
 * out (or fewer than `minSessions` earlier sessions). `earlier` is a SimilarIndex (fast) or the
 * sessions themselves (read on every call). A session with the target's id is never listed.
 */
export function similarSessions(
  target: SimilarTarget,
  earlier: SimilarIndex | readonly AnalysisSession[],
  options: SimilarOptions = {},
): SimilarCandidate[] {
  const settings: SimilarSettings = { ...SIMILAR_SETTINGS, ...options.settings };
  const index = Array.isArray(earlier) ? similarIndex(earlier) : (earlier as SimilarIndex);
  const n = index.ids.length;
  const self = target.id === undefined ? -1 : index.ids.indexOf(target.id);
  if (n - (self >= 0 ? 1 : 0) < settings.minSessions || settings.limit <= 0) return [];
  const language = sessionLanguage(target, index.eventLanguage);
  const english = language === 'en';
  const words = wordRow(index, target, language, settings.lexicalWeight);
  const rows = [
    english ? vectorRow(index.full, target.embedding, n, settings.sampleSize) : null,
    english ? vectorRow(index.title, target.titleEmbedding, n, settings.sampleSize) : null,
    words.row,
  ].filter((r): r is Row => r !== null && r.k >= settings.minSessions);
  if (rows.length === 0) return [];

  /** The views' weighted average excess; `own` false gives the pitch's side only, an upper bound. */
  const excess = (j: number, own: boolean): number => {
    let total = 0;
    let weights = 0;
    for (const row of rows) {
      if (!row.present[j]) continue;
      const value = row.values[j] as number;
      const zRow = z(value, row.stats);
      const zBoth = own ? Math.min(zRow, z(value, row.own(j, value))) : zRow;
      total += row.weight * (zBoth - expectedMaximum(row.k));
      weights += row.weight;
    }
    return weights > 0 ? total / weights : -Infinity;
  };
  // The pitch's side alone bounds the excess from above, so only those can reach the threshold.
  const shown: { j: number; x: number }[] = [];
  for (let j = 0; j < n; j++) {
    if (j === self || excess(j, false) < settings.threshold) continue;
    const x = excess(j, true);
    if (x >= settings.threshold) shown.push({ j, x });
  }
  shown.sort((a, b) => b.x - a.x || a.j - b.j);
  return shown.slice(0, settings.limit).map(({ j, x }) => ({
    id: index.ids[j] as string,
    score: round3(1 / (1 + Math.exp(-2 * (x - settings.threshold)))),
    reason: reasonOf(sharedWords(index, j, words.surface)),
  }));
}

/**
 * For each session in the given (pitching) order, what the pitch form would have shown it:
 * `similarSessions` against the sessions before it. Used by `npm run analyze -- FILE --similar N`.
 */
export function similarLists(sessions: readonly AnalysisSession[], options: SimilarOptions = {}): SimilarList[] {
  const cache: ReadingCache = new Map();
  return sessions.map((session, k) => ({
    session: session.id,
    candidates: similarSessions(session, similarIndex(sessions.slice(0, k), cache), options),
  }));
}
