/** Public types of the overlap detector. Nothing here depends on the app. */

/** A pitched session as the detector sees it. `embedding` is the cached sentence vector. */
export interface AnalysisSession {
  id: string;
  title: string;
  notes?: string;
  room?: string | null;
  slot?: string | null;
  embedding?: Float32Array | number[] | null;
  /**
   * Optional cached sentence vector of the title alone (`embed([titleEmbeddingText(s)])`). When
   * present, semantic evidence must stand out by title too, which removes pairs that look alike
   * only through the start of their notes.
   */
  titleEmbedding?: Float32Array | number[] | null;
}

/**
 * How the sessions of an overlap sit on the grid:
 * - "same-slot": at least two of them run at the same time in different rooms (a clash);
 * - "different-slots": all are scheduled, at different times;
 * - "unscheduled": at least one has no slot yet.
 */
export type OverlapRelation = 'same-slot' | 'different-slots' | 'unscheduled';

/** What a facilitator might do: merge into one session, link them (cross-reference), keep them in separate slots. */
export type OverlapSuggestion = 'merge' | 'link' | 'keep-apart';

/**
 * How sure the detector is: "same" is what a facilitator sees as "Likely the same conversation";
 * "related" is "Possibly related" (shown collapsed, ranked by score).
 */
export type OverlapTier = 'same' | 'related';

export interface Overlap {
  /** Session ids, sorted. */
  sessions: string[];
  /** 0..1; higher is stronger evidence that the sessions cover the same ground. */
  score: number;
  tier: OverlapTier;
  relation: OverlapRelation;
  suggestion: OverlapSuggestion;
  /** One short sentence a facilitator can read. */
  reason: string;
  /** Stemmed terms the sessions share, strongest first (may be empty for paraphrases). */
  sharedTerms: string[];
}

/**
 * An overlap as the sessions' text shows it, before their places on the grid are read
 * (`findOverlaps`); `explainOverlap` turns it into an `Overlap` for the grid as it is.
 */
export interface FoundOverlap {
  /** Session ids, sorted. */
  sessions: string[];
  score: number;
  /** Set from the score alone (a series is always "related"), so a move does not change it. */
  tier: OverlapTier;
  sharedTerms: string[];
  /** Whether the sentence encoder's evidence counted for any pair of them (the reason says "similar topic"). */
  semantic: boolean;
  /** Whether the titles are parts of one series ("Part 1", "Part 2"): linked, never merged. */
  series: boolean;
  /** Strong enough to suggest merging them (not a series, score at or above the merge threshold). */
  mergeable: boolean;
}

export interface DetectionResult {
  overlaps: Overlap[];
}

/** Unordered pair of session ids. */
export type SessionPair = readonly [string, string];

/** Tunable knobs; the defaults are the shipped setting (see docs/analysis-log.md). */
export interface DetectorSettings {
  /** Weight of the title relative to the notes in the term vectors. */
  titleWeight: number;
  /** A term used by more than this share of the event's sessions is the event's theme and damped. */
  themeShare: number;
  /** A name-like term (product, acronym) in more sessions than this does not single out a pair. */
  nameMaxSessions: number;
  /** Minimum pair score to report an overlap at all (absolute floor, independent of the event). */
  threshold: number;
  /** Pair score at or above which the suggestion is "merge" rather than "link". */
  mergeThreshold: number;
  /** Score at or above which an overlap (not the parts of a series) is in the "same" tier. */
  sameThreshold: number;
  /** Whether cached embeddings are used when present (false: lexical evidence only). */
  useEmbeddings: boolean;
  /** Whether cached title-only embeddings, when present, must corroborate semantic evidence. */
  useTitleEmbeddings: boolean;
}

export interface DetectOptions {
  settings?: Partial<DetectorSettings>;
}
