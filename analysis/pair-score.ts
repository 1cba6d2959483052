/**
 * Combines the evidence for one pair into a score in 0..1. Lexical evidence (shared rare terms)
 * and semantic evidence (embedding similarity that stands out for both sessions) are combined
 * like independent probabilities, so either alone can flag a pair but both together score higher;
 * so are the two kinds of lexical evidence (shared words and a shared name).
 *
 * Two cross-checks keep precision (measured in docs/analysis-log.md):
 * - with title-only embeddings, the semantic z-score is the smaller of the title+notes and the
 *   title-only one: a pair must stand out by its titles too, not only by the start of its notes;
 * - shared words that the sentence embeddings call unrelated (the pair's z-score at or below the
 *   event's typical pair) are a coincidence of wording ("open" data / "open" source) and are
 *   damped, fully at z ≤ vetoZLow, not at all from vetoZHigh. Without embeddings (or for
 *   non-English sessions) lexical evidence counts in full.
 */
import type { LexicalModel } from './lexical';
import { lazySemanticZ, semanticEvidence, type LazySemanticModel, type SemanticModel } from './semantic';

export interface PairScoreSettings {
  /** z-score (the smaller of the pair's two) where semantic evidence starts to count. */
  zFloor: number;
  /** z-score above the floor at which semantic evidence is full. */
  zSpan: number;
  /** Absolute floor on the centred cosine: at events with no real overlap no pair reaches it. */
  cosineFloor: number;
  /** Weight of full semantic evidence (0..1). */
  semanticWeight: number;
  /** Multiplier of the TF-IDF cosine when the embeddings agree (capped at 1); 1 without embeddings. */
  lexicalWeight: number;
  /** Without title embeddings, the one semantic z-score is lowered by this much (a stricter floor). */
  singleViewPenalty: number;
  /** Semantic z-score at or below which shared words count for nothing (see above). */
  vetoZLow: number;
  /** Semantic z-score from which shared words count in full. */
  vetoZHigh: number;
  /**
   * Lexical evidence of two titles sharing a distinctive name (product, organisation, acronym)
   * at full specificity: it stands without the embeddings' check (they read names poorly).
   */
  nameWeight: number;
}

export interface PairEvidence {
  score: number;
  lexical: number;
  semantic: number;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Two pieces of evidence combined like independent probabilities: either alone counts in full,
 * both together more than the stronger. A shared name with shared words besides ranks above
 * a shared name alone (a maximum would tie them: measured in docs/analysis-log.md).
 */
function either(a: number, b: number): number {
  return 1 - (1 - clamp01(a)) * (1 - clamp01(b));
}

export function scorePair(
  lexical: LexicalModel,
  semantic: SemanticModel | null,
  titleSemantic: LazySemanticModel | null,
  i: number,
  j: number,
  settings: PairScoreSettings,
): PairEvidence {
  const n = lexical.vectors.length;
  const key = i < j ? i * n + j : j * n + i;
  const cosine = lexical.pairScores[key] ?? 0;
  const name = settings.nameWeight * (lexical.sharedNames.get(key) ?? 0);
  const evidence = semantic ? semanticEvidence(semantic, i, j) : null;
  if (!evidence) {
    const lex = either(cosine, name);
    return { score: lex, lexical: lex, semantic: 0 };
  }
  const span = settings.vetoZHigh - settings.vetoZLow;
  const agreement = span > 0 ? clamp01((evidence.z - settings.vetoZLow) / span) : 1;
  const lex = either(settings.lexicalWeight * agreement * cosine, name);
  let sem = 0;
  if (evidence.cosine >= settings.cosineFloor && evidence.z > settings.zFloor) {
    // Two views must agree; one view of the text alone must stand out more.
    const titleZ = titleSemantic ? lazySemanticZ(titleSemantic, i, j) : null;
    const z = titleZ !== null ? Math.min(evidence.z, titleZ) : evidence.z - settings.singleViewPenalty;
    sem = settings.semanticWeight * clamp01((z - settings.zFloor) / settings.zSpan);
  }
  return { score: either(lex, sem), lexical: lex, semantic: sem };
}
