/**
 * Combines the evidence for one pair into a score in 0..1. Lexical evidence (shared rare terms)
 * and semantic evidence (embedding similarity that stands out for both sessions) are combined
 * like independent probabilities, so either alone can flag a pair but both together score higher.
 */
import type { LexicalModel } from "./lexical";
import { semanticEvidence, type SemanticModel } from "./semantic";

export interface PairScoreSettings {
  /** z-score (the smaller of the pair's two) where semantic evidence starts to count. */
  zFloor: number;
  /** z-score above the floor at which semantic evidence is full. */
  zSpan: number;
  /** Absolute floor on the centred cosine: at events with no real overlap no pair reaches it. */
  cosineFloor: number;
  /** Weight of full semantic evidence (0..1). */
  semanticWeight: number;
}

export interface PairEvidence {
  score: number;
  lexical: number;
  semantic: number;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function scorePair(
  lexical: LexicalModel,
  semantic: SemanticModel | null,
  i: number,
  j: number,
  settings: PairScoreSettings,
): PairEvidence {
  const n = lexical.vectors.length;
  const lex = clamp01(lexical.pairScores[i < j ? i * n + j : j * n + i] ?? 0);
  let sem = 0;
  const evidence = semantic ? semanticEvidence(semantic, i, j) : null;
  if (evidence && evidence.cosine >= settings.cosineFloor) {
    sem = settings.semanticWeight * clamp01((evidence.z - settings.zFloor) / settings.zSpan);
  }
  return { score: 1 - (1 - lex) * (1 - sem), lexical: lex, semantic: sem };
}
