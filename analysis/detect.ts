/**
 * The overlap detector: pure, synchronous and deterministic. Sessions are processed in id
 * order, so the output does not depend on the order of the input.
 */
import { explainOverlap } from './explain';
import { groupPairs, type ScoredPair } from './group';
import { buildLexicalModel, sharedTerms, type LexicalModel } from './lexical';
import { scorePair, type PairEvidence, type PairScoreSettings } from './pair-score';
import { buildLazySemanticModel, buildSemanticModel } from './semantic';
import { isSeriesOf, seriesParts, type SeriesParts } from './series';
import type { Language } from './stopwords';
import { sessionLanguages } from './tokenize';
import type { AnalysisSession, DetectOptions, DetectionResult, DetectorSettings, FoundOverlap, Overlap } from './types';

export type FullSettings = DetectorSettings & PairScoreSettings;

/** The shipped setting. How each value was chosen is in docs/analysis-log.md. */
export const DEFAULT_SETTINGS: Readonly<FullSettings> = Object.freeze({
  titleWeight: 2,
  themeShare: 0.15,
  nameMaxSessions: 3,
  threshold: 0.3,
  mergeThreshold: 0.6,
  sameThreshold: 0.45,
  useEmbeddings: true,
  useTitleEmbeddings: true,
  zFloor: 2,
  zSpan: 2,
  cosineFloor: 0.2,
  semanticWeight: 0.8,
  lexicalWeight: 1.5,
  singleViewPenalty: 0.5,
  vetoZLow: 0,
  vetoZHigh: 1.5,
  nameWeight: 0.45,
});

/** A group member's pairs must score at least this share of the threshold (see group.ts). */
const GROUP_SUPPORT = 0.6;

function byId(a: AnalysisSession, b: AnalysisSession): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sessions in id order, first occurrence of a repeated id kept. */
function normalise(sessions: readonly AnalysisSession[]): AnalysisSession[] {
  const seen = new Set<string>();
  const out: AnalysisSession[] = [];
  for (const s of [...sessions].sort(byId)) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out;
}

/**
 * The sentence encoder is English-only: German or French text gets near-arbitrary vectors whose
 * chance outliers would be false alarms, so those sessions rely on lexical evidence alone.
 */
function embeddingsOf(
  sessions: readonly AnalysisSession[],
  languages: readonly Language[],
  field: 'embedding' | 'titleEmbedding',
): (ArrayLike<number> | null)[] {
  return sessions.map((s, k) => {
    const vector = s[field];
    if (!vector || vector.length === 0) return null;
    return languages[k] === 'en' ? vector : null;
  });
}

interface PairMatrix {
  /** Row-major n × n pair scores (symmetric). */
  scores: Float32Array;
  /** 1 where the pair's semantic evidence counts (i < j), for the reason's wording. */
  semantic: Uint8Array;
}

/** Every pair scored once; what describing a group needs later is kept, so no pair is scored twice. */
function scoreAllPairs(n: number, score: (i: number, j: number) => PairEvidence): PairMatrix {
  const scores = new Float32Array(n * n);
  const semantic = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const evidence = score(i, j);
      scores[i * n + j] = evidence.score;
      scores[j * n + i] = evidence.score;
      if (evidence.semantic > 0) semantic[i * n + j] = 1;
    }
  }
  return { scores, semantic };
}

function groupSharedTerms(lexical: LexicalModel, members: readonly number[]): string[] {
  const counts = new Map<string, number>();
  members.forEach((a, k) => {
    for (const b of members.slice(k + 1)) {
      const va = lexical.vectors[a];
      const vb = lexical.vectors[b];
      if (!va || !vb) continue;
      sharedTerms(va, vb).forEach((t, rank) => counts.set(t, (counts.get(t) ?? 0) + 1 / (rank + 1)));
    }
  });
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, 5)
    .map(([stem]) => lexical.surface.get(stem) ?? stem);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Finds sessions that cover the same ground, and says how they sit on the grid (room and slot).
 * Works without embeddings (lexical evidence only).
 */
export function detectOverlaps(sessions: readonly AnalysisSession[], options: DetectOptions = {}): DetectionResult {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const overlaps = findOverlaps(sessions, options).map((found) =>
    explainOverlap(
      found,
      found.sessions.map((id) => byId.get(id) as AnalysisSession),
    ),
  );
  return { overlaps: sortOverlaps(overlaps) };
}

/**
 * The overlaps the sessions' text shows, before their place on the grid is read: nothing here
 * depends on `room` or `slot`, so a move needs only `explainOverlap` again, not this. In no
 * particular order; each overlap's sessions in id order.
 */
export function findOverlaps(sessions: readonly AnalysisSession[], options: DetectOptions = {}): FoundOverlap[] {
  const settings: FullSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const list = normalise(sessions);
  const n = list.length;
  if (n < 2) return [];
  const languages = sessionLanguages(list);
  const lexical = buildLexicalModel(list, settings, languages);
  const semantic = settings.useEmbeddings ? buildSemanticModel(embeddingsOf(list, languages, 'embedding')) : null;
  const titleSemantic =
    semantic && settings.useTitleEmbeddings ? buildLazySemanticModel(embeddingsOf(list, languages, 'titleEmbedding')) : null;
  const evidence = (i: number, j: number): PairEvidence => scorePair(lexical, semantic, titleSemantic, i, j, settings);
  const matrix = scoreAllPairs(n, evidence);
  const pairScore = (i: number, j: number): number => matrix.scores[i * n + j] as number;

  const flagged: ScoredPair[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const score = pairScore(i, j);
      if (score >= settings.threshold) flagged.push({ i, j, score });
    }
  }
  const groups = groupPairs(flagged, pairScore, settings.threshold * GROUP_SUPPORT);
  // A session's series marker is read once, however many groups it is in.
  const series: (SeriesParts | undefined)[] = new Array<SeriesParts | undefined>(n);
  const seriesOf = (m: number): SeriesParts => (series[m] ??= seriesParts((list[m] as AnalysisSession).title));
  const context: DescribeContext = { list, lexical, matrix, n, seriesOf, settings };
  return groups.map((members) => describeGroup(members, context));
}

interface DescribeContext {
  list: readonly AnalysisSession[];
  lexical: LexicalModel;
  matrix: PairMatrix;
  n: number;
  seriesOf: (m: number) => SeriesParts;
  settings: FullSettings;
}

/** `members` in ascending order (as groupPairs gives them). */
function describeGroup(members: readonly number[], context: DescribeContext): FoundOverlap {
  const { list, lexical, matrix, n } = context;
  let total = 0;
  let pairs = 0;
  let semantic = false;
  for (let k = 0; k < members.length; k++) {
    const a = members[k] as number;
    for (let l = k + 1; l < members.length; l++) {
      const b = members[l] as number;
      const key = a < b ? a * n + b : b * n + a;
      total += matrix.scores[key] as number;
      pairs++;
      if (matrix.semantic[key]) semantic = true;
    }
  }
  const score = round3(pairs ? total / pairs : 0);
  const series = isSeriesOf(members.map(context.seriesOf));
  return {
    sessions: members.map((m) => (list[m] as AnalysisSession).id),
    score,
    // The parts of a series belong together but are not one conversation.
    tier: !series && score >= context.settings.sameThreshold ? 'same' : 'related',
    sharedTerms: groupSharedTerms(lexical, members),
    semantic,
    series,
    mergeable: !series && score >= context.settings.mergeThreshold,
  };
}

const RELATION_ORDER = { 'same-slot': 0, unscheduled: 1, 'different-slots': 2 } as const;

/** Clashes first (they need action before the slot starts), then by score, then by ids. */
function sortOverlaps(overlaps: readonly Overlap[]): Overlap[] {
  const keyed = overlaps.map((overlap) => ({ overlap, ids: overlap.sessions.join('\u0000') }));
  keyed.sort((a, b) => {
    const byRelation = RELATION_ORDER[a.overlap.relation] - RELATION_ORDER[b.overlap.relation];
    if (byRelation !== 0) return byRelation;
    if (a.overlap.score !== b.overlap.score) return b.overlap.score - a.overlap.score;
    return a.ids < b.ids ? -1 : a.ids > b.ids ? 1 : 0;
  });
  return keyed.map((k) => k.overlap);
}
