/**
 * Semantic evidence from cached sentence embeddings. Raw cosines of the Universal Sentence
 * Encoder are high for any two pitches of the same event (they share its theme), so vectors are
 * centred on the event's mean, and a pair only counts when its similarity stands out for BOTH
 * sessions: the z-score against each session's own similarity distribution (its "outlierness").
 */

/** Below this many embedded sessions, means and z-scores are noise: no semantic evidence. */
export const MIN_EMBEDDED_SESSIONS = 8;

export interface SemanticModel {
  n: number;
  /** Row-major n × n centred cosines; NaN where a session has no embedding. */
  cosines: Float32Array;
  mean: Float64Array;
  sd: Float64Array;
}

function centredUnitVectors(embeddings: readonly (ArrayLike<number> | null)[]): (Float64Array | null)[] {
  const present = embeddings.filter((e): e is ArrayLike<number> => e !== null);
  const dim = present[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const e of present) for (let k = 0; k < dim; k++) mean[k] = (mean[k] ?? 0) + (e[k] ?? 0) / present.length;
  return embeddings.map((e) => {
    if (e === null || e.length !== dim) return null;
    const v = new Float64Array(dim);
    let norm = 0;
    for (let k = 0; k < dim; k++) {
      const x = (e[k] ?? 0) - (mean[k] ?? 0);
      v[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < dim; k++) v[k] = (v[k] ?? 0) / norm;
    return v;
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

/** Returns null when too few sessions carry an embedding of the same size. */
export function buildSemanticModel(embeddings: readonly (ArrayLike<number> | null)[]): SemanticModel | null {
  const unit = centredUnitVectors(embeddings);
  const n = unit.length;
  if (unit.filter((u) => u !== null).length < MIN_EMBEDDED_SESSIONS) return null;
  const cosines = new Float32Array(n * n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const a = unit[i];
    if (!a) continue;
    for (let j = i + 1; j < n; j++) {
      const b = unit[j];
      if (!b) continue;
      const c = dot(a, b);
      cosines[i * n + j] = c;
      cosines[j * n + i] = c;
    }
  }
  const { mean, sd } = rowStatistics(cosines, n);
  return { n, cosines, mean, sd };
}

function rowStatistics(cosines: Float32Array, n: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const c = cosines[i * n + j] as number;
      if (j === i || Number.isNaN(c)) continue;
      sum += c;
      sumSq += c * c;
      count++;
    }
    const m = count ? sum / count : 0;
    mean[i] = m;
    sd[i] = Math.sqrt(Math.max(count ? sumSq / count - m * m : 0, 1e-6));
  }
  return { mean, sd };
}

/** Centred cosine and the smaller of the two sessions' z-scores; null without embeddings. */
export function semanticEvidence(model: SemanticModel, i: number, j: number): { cosine: number; z: number } | null {
  const cosine = model.cosines[i * model.n + j] as number;
  if (Number.isNaN(cosine)) return null;
  const zi = (cosine - (model.mean[i] as number)) / (model.sd[i] as number);
  const zj = (cosine - (model.mean[j] as number)) / (model.sd[j] as number);
  return { cosine, z: Math.min(zi, zj) };
}
