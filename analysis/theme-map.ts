/**
 * Places sessions on a plane so that similar sessions sit close: classical multidimensional
 * scaling of the similarity the themes were grouped on (distance² = 2 − 2·similarity), the top
 * two eigenvectors found by power iteration from a fixed start. Pure and deterministic: the sign
 * of each axis is fixed so that its largest coordinate is positive.
 */

export interface MapPoint {
  /** 0..1 on both axes. */
  x: number;
  y: number;
}

const ITERATIONS = 300;
const TOLERANCE = 1e-7;

/** The double-centred Gram matrix B = −½·J·D²·J of classical MDS. */
function gram(similarity: Float64Array, n: number): Float64Array {
  const d2 = similarity.map((s) => 2 - 2 * Math.max(-1, Math.min(1, s)));
  const rowMean = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) rowMean[i] = (rowMean[i] as number) + (d2[i * n + j] as number) / n;
    total += (rowMean[i] as number) / n;
  }
  return d2.map((v, k) => -0.5 * (v - (rowMean[Math.floor(k / n)] as number) - (rowMean[k % n] as number) + total));
}

/**
 * Eigenvector of the largest eigenvalue of a symmetric matrix, orthogonal to `against`. The
 * matrix is shifted by `shift` (≥ its spectral radius) so power iteration finds the largest
 * eigenvalue, not the largest in magnitude (B can have negative ones when similarity is not Euclidean).
 */
function leading(b: Float64Array, n: number, shift: number, against: Float64Array | null): { vector: Float64Array; value: number } {
  let v = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  let next = new Float64Array(n);
  let value = 0;
  for (let step = 0; step < ITERATIONS; step++) {
    if (against) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (v[i] as number) * (against[i] as number);
      for (let i = 0; i < n; i++) v[i] = (v[i] as number) - dot * (against[i] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let sum = shift * (v[i] as number);
      const row = i * n;
      for (let j = 0; j < n; j++) sum += (b[row + j] as number) * (v[j] as number);
      next[i] = sum;
      norm += sum * sum;
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return { vector: new Float64Array(n), value: 0 };
    let change = 0;
    for (let i = 0; i < n; i++) {
      const x = (next[i] as number) / norm;
      change += Math.abs(x - (v[i] as number));
      next[i] = x;
    }
    [v, next] = [next, v];
    value = norm - shift;
    if (change < TOLERANCE) break;
  }
  let top = 0;
  for (let i = 1; i < n; i++) if (Math.abs(v[i] as number) > Math.abs(v[top] as number) + 1e-12) top = i;
  if ((v[top] as number) < 0) v = v.map((x) => -x);
  return { vector: v, value };
}

/**
 * Similarities of text are nearly Euclidean, so plain power iteration (fast) usually finds the
 * largest eigenvalue; when it lands on a negative one instead, it runs again shifted (slower).
 */
function largest(b: Float64Array, n: number, against: Float64Array | null): { vector: Float64Array; value: number } {
  const plain = leading(b, n, 0, against);
  if (plain.value >= 0) return plain;
  let shift = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < n; j++) rowSum += Math.abs(b[i * n + j] as number);
    shift = Math.max(shift, rowSum);
  }
  return leading(b, n, shift, against);
}

/**
 * Positions for the sessions of a similarity matrix (row-major n × n), in row order, scaled to
 * 0..1 on each axis. One session sits in the middle; two sit apart on the x axis.
 */
export function layoutMap(similarity: Float64Array, n: number): MapPoint[] {
  if (n === 0) return [];
  if (n === 1) return [{ x: 0.5, y: 0.5 }];
  const b = gram(similarity, n);
  const first = largest(b, n, null);
  const second = largest(b, n, first.vector);
  const scale = (v: Float64Array, value: number): number[] => {
    const coords = [...v].map((x) => x * Math.sqrt(Math.max(value, 0)));
    const lo = Math.min(...coords);
    const hi = Math.max(...coords);
    return coords.map((c) => (hi - lo > 1e-9 ? (c - lo) / (hi - lo) : 0.5));
  };
  const xs = scale(first.vector, first.value);
  const ys = scale(second.vector, second.value);
  return xs.map((x, i) => ({ x: round(x), y: round(ys[i] as number) }));
}

const round = (v: number): number => Math.round(v * 10000) / 10000;
