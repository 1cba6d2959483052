/** Public API of the overlap detector. */
export { detectOverlaps, findOverlaps, DEFAULT_SETTINGS } from './detect';
export { explainOverlap } from './explain';
export { createEmbedder, embeddingText, titleEmbeddingText, type Embedder } from './embedder';
export { parseSessionsInput, InputError } from './input';
export type {
  AnalysisSession,
  DetectOptions,
  DetectionResult,
  DetectorSettings,
  FoundOverlap,
  Overlap,
  OverlapRelation,
  OverlapSuggestion,
  SessionPair,
} from './types';
