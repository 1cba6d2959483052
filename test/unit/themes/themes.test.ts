import { averageLinkage, groupThemes, type ThemeSession } from '../../../analysis/themes';
import { layoutMap } from '../../../analysis/theme-map';

const sessions: ThemeSession[] = [
  { id: 's1', title: 'Sharing code between councils', notes: 'Reusing open source code other councils wrote.' },
  { id: 's2', title: 'Open source code in local government', notes: 'Why councils should publish their code.' },
  { id: 's3', title: 'Councils sharing open code', notes: 'What stops councils sharing code?' },
  { id: 's4', title: 'Wellbeing and burnout in digital teams', notes: 'Burnout, workload and wellbeing.' },
  { id: 's5', title: 'Avoiding burnout', notes: 'Looking after wellbeing when the workload grows.' },
  { id: 's6', title: 'Accessible PDFs', notes: 'Making documents accessible.' },
];

/** A deterministic shuffle (reversal plus rotation), so the test needs no randomness. */
const shuffled = <T>(items: readonly T[]): T[] => {
  const reversed = [...items].reverse();
  return [...reversed.slice(2), ...reversed.slice(0, 2)];
};

describe('groupThemes', () => {
  test('groups sessions that talk about the same thing and leaves a lone topic unthemed', () => {
    const result = groupThemes(sessions);
    expect(result.themes.map((t) => t.sessions)).toEqual([
      ['s1', 's2', 's3'],
      ['s4', 's5'],
    ]);
    expect(result.unthemed.map((t) => t.sessions)).toEqual([['s6']]);
  });

  test('names each theme by its most distinctive shared words', () => {
    const [code, wellbeing] = groupThemes(sessions).themes;
    expect(code?.terms).toEqual(expect.arrayContaining(['code', 'councils']));
    expect(wellbeing?.terms).toEqual(expect.arrayContaining(['burnout', 'wellbeing']));
  });

  test('gives the same result for the same sessions, whatever their order', () => {
    const first = groupThemes(sessions);
    expect(groupThemes(sessions)).toEqual(first);
    expect(groupThemes(shuffled(sessions))).toEqual(first);
  });

  test('uses embeddings where there are enough of them, and stays order-independent', () => {
    const withVectors = Array.from({ length: 10 }, (_, k) => ({
      id: `v${k}`,
      title: `Topic ${k}`,
      embedding: [k < 5 ? 1 : -1, k % 2, (k * 7) % 3, 0.5],
    }));
    const result = groupThemes(withVectors);
    expect(result.themes.length).toBeGreaterThan(0);
    expect(groupThemes(shuffled(withVectors))).toEqual(result);
  });

  test('keeps only the first of two sessions with the same id', () => {
    const result = groupThemes([...sessions, { id: 's6', title: 'Something else entirely' }]);
    expect(result.ids).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
  });

  test('returns nothing for no sessions', () => {
    expect(groupThemes([])).toEqual({ themes: [], unthemed: [], ids: [], similarity: new Float64Array(0) });
  });
});

describe('averageLinkage', () => {
  test('stops joining once the average similarity falls under the cut-off', () => {
    // a–b close, c close to b but far from a: average linkage keeps c out at 0.5.
    const sim = Float64Array.from([1, 0.9, 0.1, 0.9, 1, 0.7, 0.1, 0.7, 1]);
    expect(averageLinkage(sim, 3, 0.5)).toEqual([[0, 1], [2]]);
    expect(averageLinkage(sim, 3, 0.3)).toEqual([[0, 1, 2]]);
  });
});

describe('layoutMap', () => {
  test('places every session inside the unit square, similar sessions closer than dissimilar ones', () => {
    const { similarity, ids } = groupThemes(sessions);
    const points = layoutMap(similarity, ids.length);
    expect(points).toHaveLength(6);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(1);
    }
    const distance = (a: number, b: number) => Math.hypot(points[a]!.x - points[b]!.x, points[a]!.y - points[b]!.y);
    expect(distance(0, 2)).toBeLessThan(distance(0, 3));
  });

  test('is deterministic and handles one or no session', () => {
    const { similarity, ids } = groupThemes(sessions);
    expect(layoutMap(similarity, ids.length)).toEqual(layoutMap(groupThemes(shuffled(sessions)).similarity, ids.length));
    expect(layoutMap(new Float64Array(0), 0)).toEqual([]);
    expect(layoutMap(Float64Array.from([1]), 1)).toEqual([{ x: 0.5, y: 0.5 }]);
  });
});
