/** Public API of the overlap detector. */
export { detectOverlaps, findOverlaps, DEFAULT_SETTINGS } from './detect';
export { explainOverlap } from './explain';
export { createEmbedder, embeddingText, titleEmbeddingText, type Embedder } from './embedder';
export { parseSessionsInput, InputError } from './input';
export { similarIndex, similarLists, similarSessions, SIMILAR_SETTINGS } from './similar';
export type { ReadingCache, SimilarCandidate, SimilarIndex, SimilarList, SimilarOptions, SimilarSettings, SimilarTarget } from './similar';
export type {
  AnalysisSession,
  DetectOptions,
  DetectionResult,
  DetectorSettings,
  FoundOverlap,
  Overlap,
  OverlapRelation,
  OverlapSuggestion,
  OverlapTier,
  SessionPair,
} from './types';
