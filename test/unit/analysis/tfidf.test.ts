import { documentFrequencies, inverseDocumentFrequency, sparseCosine, termWeight, unitWeights } from '../../../analysis/tfidf';

describe('tfidf (the one TF-IDF of the detector, the similar lists and the themes)', () => {
  const counts = [
    new Map([
      ['ransomwar', 2],
      ['council', 1],
    ]),
    new Map([
      ['ransomwar', 1],
      ['budget', 2],
    ]),
    new Map([['council', 1]]),
  ];

  test('counts the sessions that use each term', () => {
    expect(documentFrequencies(counts)).toEqual(
      new Map([
        ['ransomwar', 2],
        ['council', 2],
        ['budget', 1],
      ]),
    );
  });

  test('weighs a rare term above a common one, and a term every session uses at almost nothing', () => {
    expect(inverseDocumentFrequency(1, 10)).toBeGreaterThan(inverseDocumentFrequency(5, 10));
    expect(termWeight(1, 10, 10)).toBeCloseTo(Math.log(11 / 10.5));
    expect(termWeight(2, 2, 10)).toBeCloseTo((1 + Math.log(2)) * Math.log(11 / 2.5));
  });

  test('damps the event theme only when asked, by (share / themeShare)², never a term two sessions use', () => {
    const plain = termWeight(1, 6, 20);
    expect(termWeight(1, 6, 20, 0.15)).toBeCloseTo(plain * (0.15 / 0.3) ** 2);
    expect(termWeight(1, 2, 4, 0.15)).toBe(termWeight(1, 2, 4));
  });

  test('gives unit vectors whose cosine is 1 with themselves and 0 without a shared term', () => {
    const df = documentFrequencies(counts);
    const [a, b, c] = counts.map((x) => unitWeights(x, df, counts.length));
    expect(sparseCosine(a as Map<string, number>, a as Map<string, number>)).toBeCloseTo(1);
    expect(sparseCosine(b as Map<string, number>, c as Map<string, number>)).toBe(0);
    expect(sparseCosine(a as Map<string, number>, b as Map<string, number>)).toBeGreaterThan(0);
  });
});
