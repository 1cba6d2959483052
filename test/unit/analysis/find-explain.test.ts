/**
 * The detector in two steps: `findOverlaps` reads the text only, `explainOverlap` places an overlap
 * on the grid. Together they are `detectOverlaps`; a move needs only the second. And the hashed
 * stand-in encoder that test servers use.
 */
import { detectOverlaps, explainOverlap, findOverlaps, type AnalysisSession } from '../../../analysis';
import { createHashedEmbedder, hashedVector, HASHED_DIMENSIONS } from '../../../analysis/hashed-embedder';

const sessions: AnalysisSession[] = [
  { id: 'a', title: 'Sharing code between councils', notes: 'Open source in local government', room: 'Library', slot: '10:00' },
  { id: 'b', title: 'Why can councils not share code?', notes: 'Open source across local government', room: 'Hall', slot: '10:00' },
  { id: 'c', title: 'Intro to Rust (Part 1)', notes: 'Ownership and borrowing', room: 'Hall', slot: '11:00' },
  { id: 'd', title: 'Intro to Rust (Part 2)', notes: 'Traits and lifetimes', room: 'Library', slot: null },
  { id: 'e', title: 'Knitting for beginners', notes: 'Bring needles' },
];

describe('findOverlaps and explainOverlap', () => {
  test('together they give exactly what detectOverlaps gives', () => {
    const byId = new Map(sessions.map((s) => [s.id, s]));
    const explained = findOverlaps(sessions).map((found) =>
      explainOverlap(
        found,
        found.sessions.map((id) => byId.get(id) as AnalysisSession),
      ),
    );
    const detected = detectOverlaps(sessions).overlaps;
    expect(detected.length).toBeGreaterThan(0);
    expect([...explained].sort((x, y) => x.sessions.join().localeCompare(y.sessions.join()))).toEqual(
      [...detected].sort((x, y) => x.sessions.join().localeCompare(y.sessions.join())),
    );
  });

  test('findOverlaps does not read the grid: any rooms and slots give the same result', () => {
    const elsewhere = sessions.map((s, k) => ({ ...s, room: `Room ${k}`, slot: k % 2 ? '09:00' : null }));
    expect(findOverlaps(elsewhere)).toEqual(findOverlaps(sessions));
  });

  test('explainOverlap says what the grid means now: a clash, then apart after a move', () => {
    const found = findOverlaps(sessions).find((f) => f.sessions.join() === 'a,b');
    expect(found).toBeDefined();
    const [a, b] = [sessions[0] as AnalysisSession, sessions[1] as AnalysisSession];
    expect(explainOverlap(found!, [a, b])).toMatchObject({ relation: 'same-slot' });
    const moved = explainOverlap(found!, [a, { ...b, slot: '11:00' }]);
    expect(moved.relation).toBe('different-slots');
    expect(moved.reason).toContain('They are in different slots.');
    expect(moved.score).toBe(found!.score);
    expect(moved.tier).toBe(found!.tier);
  });

  test('a series is linked, never merged, and kept apart when its parts clash', () => {
    const found = findOverlaps(sessions).find((f) => f.sessions.join() === 'c,d');
    expect(found).toMatchObject({ series: true, mergeable: false, tier: 'related' });
    const [c, d] = [sessions[2] as AnalysisSession, sessions[3] as AnalysisSession];
    expect(explainOverlap(found!, [c, { ...d, slot: '12:00' }]).suggestion).toBe('link');
    expect(explainOverlap(found!, [c, { ...d, slot: '11:00' }]).suggestion).toBe('keep-apart');
  });
});

describe('the hashed encoder', () => {
  const cosine = (x: Float32Array, y: Float32Array) => x.reduce((sum, v, k) => sum + v * (y[k] ?? 0), 0);

  test('gives the same unit-length 512-d vector for the same text, case and spacing aside', async () => {
    const [one, two] = await createHashedEmbedder().embed(['Sharing code between councils', '  sharing CODE between   councils ']);
    expect(one).toHaveLength(HASHED_DIMENSIONS);
    expect(Array.from(one ?? [])).toEqual(Array.from(two ?? []));
    expect(cosine(one!, one!)).toBeCloseTo(1, 5);
  });

  test('texts sharing words are closer than texts sharing none', () => {
    const a = hashedVector('Sharing code between councils');
    expect(cosine(a, hashedVector('Councils sharing code'))).toBeGreaterThan(cosine(a, hashedVector('Knitting for beginners')) + 0.3);
  });

  test('an empty text still gets a unit vector (the detector never divides by zero)', () => {
    const empty = hashedVector('');
    expect(cosine(empty, empty)).toBeCloseTo(1, 5);
  });
});
