import { groupPairs } from '../../../analysis/group';

function scorer(scores: Record<string, number>): (i: number, j: number) => number {
  return (i, j) => scores[`${Math.min(i, j)}-${Math.max(i, j)}`] ?? 0;
}

describe('groupPairs', () => {
  test('joins three sessions when all three pairs are supported', () => {
    const score = scorer({ '0-1': 0.9, '1-2': 0.8, '0-2': 0.5 });
    const flagged = [
      { i: 0, j: 1, score: 0.9 },
      { i: 1, j: 2, score: 0.8 },
    ];
    expect(groupPairs(flagged, score, 0.4)).toEqual([[0, 1, 2]]);
  });

  test('does not chain two unrelated sessions through a bridging one', () => {
    const score = scorer({ '0-1': 0.9, '1-2': 0.8, '0-2': 0.05 });
    const flagged = [
      { i: 0, j: 1, score: 0.9 },
      { i: 1, j: 2, score: 0.8 },
    ];
    expect(groupPairs(flagged, score, 0.4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  test('keeps separate overlaps apart', () => {
    const score = scorer({ '0-1': 0.9, '2-3': 0.7 });
    const flagged = [
      { i: 2, j: 3, score: 0.7 },
      { i: 0, j: 1, score: 0.9 },
    ];
    expect(groupPairs(flagged, score, 0.4)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  test('returns nothing when nothing is flagged', () => {
    expect(groupPairs([], () => 0, 0.4)).toEqual([]);
  });
});
