/** Public API of the overlap detector. */
export { detectOverlaps, DEFAULT_SETTINGS } from './detect';
export { createEmbedder, embeddingText, titleEmbeddingText, type Embedder } from './embedder';
export { parseSessionsInput, InputError } from './input';
export { termVectors, type TermVectors } from './term-vectors';
export type {
  AnalysisSession,
  DetectOptions,
  DetectionResult,
  DetectorSettings,
  Overlap,
  OverlapRelation,
  OverlapSuggestion,
  SessionPair,
} from './types';
