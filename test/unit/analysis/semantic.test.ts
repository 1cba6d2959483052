import { buildLazySemanticModel, buildSemanticModel, lazySemanticZ, semanticEvidence } from '../../../analysis/semantic';

function vectors(n: number, dim: number, seed: number): number[][] {
  let s = seed;
  const random = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  return Array.from({ length: n }, () => Array.from({ length: dim }, random));
}

describe('lazy semantic view (title embeddings)', () => {
  test('gives the same z-scores as the full model when the event is small enough to use every session', () => {
    const v = vectors(40, 16, 3);
    const full = buildSemanticModel(v);
    const lazy = buildLazySemanticModel(v);
    expect(full).not.toBeNull();
    expect(lazy).not.toBeNull();
    for (const [i, j] of [
      [0, 1],
      [5, 17],
      [39, 2],
    ] as const) {
      expect(lazySemanticZ(lazy!, i, j)).toBeCloseTo(semanticEvidence(full!, i, j)!.z, 4);
    }
  });

  test("estimates each session's spread from a sample in large events, deterministically", () => {
    const v = vectors(600, 16, 5);
    const a = buildLazySemanticModel(v, 64)!;
    const b = buildLazySemanticModel(v, 64)!;
    // Statistics are computed when a session is first consulted, whatever the order of calls.
    const za = Array.from({ length: 599 }, (_, i) => lazySemanticZ(a, i, i + 1));
    const zb = Array.from({ length: 599 }, (_, k) => lazySemanticZ(b, 599 - k, 598 - k)).reverse();
    expect(za).toEqual(zb);
    expect(Array.from(a.sd)).toEqual(Array.from(b.sd));
    const full = buildSemanticModel(v)!;
    // Sampled spread within 30 % of the exact one for every session.
    for (let i = 0; i < 600; i++) expect(Math.abs((a.sd[i] as number) / (full.sd[i] as number) - 1)).toBeLessThan(0.3);
  });

  test('returns null for a session without a vector, and no model with too few vectors', () => {
    const v: (number[] | null)[] = vectors(10, 8, 9);
    v[3] = null;
    const lazy = buildLazySemanticModel(v)!;
    expect(lazySemanticZ(lazy, 3, 4)).toBeNull();
    expect(buildLazySemanticModel(vectors(5, 8, 1))).toBeNull();
  });
});
