import { similarIndex, similarLists, similarSessions, SIMILAR_SETTINGS, type ReadingCache } from '../../../analysis/similar';
import type { AnalysisSession } from '../../../analysis/types';
import { FILLER, withEmbeddings } from '../../helpers/analysis-sessions';

const ids = (list: readonly { id: string }[]): string[] => list.map((c) => c.id);

/** The filler, a paraphrase pair (planted vectors) and a pair sharing a rare name. */
const EVENT = withEmbeddings(
  [
    ...FILLER,
    { id: 'p1', title: "Why can't councils collaborate?" },
    { id: 'k1', title: 'Kubernetes on a shoestring', notes: 'Running clusters cheaply' },
    { id: 'p2', title: 'Breaking down silos' },
    { id: 'k2', title: 'Kubernetes in production' },
  ],
  { p2: 'p1' },
);
const byId = (id: string): AnalysisSession => EVENT.find((s) => s.id === id) as AnalysisSession;
/** The session without its vectors. */
const words = ({ id, title, notes }: AnalysisSession): AnalysisSession => ({ id, title, notes });
const before = (id: string): AnalysisSession[] =>
  EVENT.slice(
    0,
    EVENT.findIndex((s) => s.id === id),
  );

describe('similarSessions', () => {
  test('lists an earlier paraphrase the vectors place together, and says it is worded differently', () => {
    const [first, ...rest] = similarSessions(byId('p2'), before('p2'));
    expect(first?.id).toBe('p1');
    expect(first?.reason).toBe('Worded differently, but close in meaning.');
    expect(rest).toEqual([]);
  });

  test('lists an earlier session sharing a rare name, and names the word in plain language', () => {
    const [first] = similarSessions(words(byId('k2')), before('k2').map(words));
    expect(first?.id).toBe('k1');
    expect(first?.reason).toBe('Both about "kubernetes".');
    expect(first?.reason).not.toMatch(/score|term|relation/i);
  });

  test('shows nothing when no earlier session stands out', () => {
    expect(similarSessions({ title: 'Sourdough baking' }, EVENT.map(words))).toEqual([]);
  });

  test('shows nothing with fewer earlier sessions than minSessions: there is no distribution to stand out from', () => {
    const small = withEmbeddings([...FILLER.slice(0, SIMILAR_SETTINGS.minSessions - 2), { id: 'a', title: 'X' }, { id: 'b', title: 'Y' }], {
      b: 'a',
    });
    expect(similarSessions(small[small.length - 1] as AnalysisSession, small.slice(0, -1))).toEqual([]);
    expect(similarSessions(small[small.length - 1] as AnalysisSession, small.slice(0, -1), { settings: { minSessions: 2 } })).not.toEqual(
      [],
    );
  });

  test('takes a pitch that has vectors but no id on the board yet', () => {
    const typed = { ...byId('p2'), id: undefined };
    expect(ids(similarSessions(typed, before('p2')))).toEqual(['p1']);
  });

  test('never lists the pitch itself when it is already among the earlier sessions', () => {
    const found = similarSessions(byId('p2'), EVENT);
    expect(ids(found)).toContain('p1');
    expect(ids(found)).not.toContain('p2');
  });

  test('lists candidates best first, scores in 0..1 and at most `limit` of them', () => {
    const many = withEmbeddings(
      [...FILLER, { id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }, { id: 't', title: 'T' }],
      {
        b: 'a',
        c: 'a',
        t: 'a',
      },
    );
    const target = many[many.length - 1] as AnalysisSession;
    const found = similarSessions(target, many.slice(0, -1), { settings: { limit: 10 } });
    expect(ids(found).sort()).toEqual(['a', 'b', 'c']);
    for (const c of found) expect(c.score).toBeGreaterThanOrEqual(0.5);
    for (const c of found) expect(c.score).toBeLessThanOrEqual(1);
    expect(found.map((c) => c.score)).toEqual([...found.map((c) => c.score)].sort((x, y) => y - x));
    expect(similarSessions(target, many.slice(0, -1), { settings: { limit: 2 } })).toEqual(found.slice(0, 2));
  });

  test('gives the same list from an index, a cached index and the sessions themselves, in any order', () => {
    const target = byId('k2');
    const plain = similarSessions(target, before('k2'));
    const cache: ReadingCache = new Map();
    similarIndex(before('p2'), cache);
    expect(similarSessions(target, similarIndex(before('k2'), cache))).toEqual(plain);
    expect(similarSessions(target, [...before('k2')].reverse())).toEqual(plain);
    expect(JSON.stringify(similarSessions(target, before('k2')))).toBe(JSON.stringify(plain));
  });

  test('does not use the vectors of text the encoder cannot read (German, French)', () => {
    const german = { ...byId('p2'), title: 'Warum arbeiten die Behörden nicht zusammen?' };
    expect(similarSessions(german, before('p2'))).toEqual([]);
  });

  test('works without vectors, on words alone', () => {
    expect(ids(similarSessions(words(byId('k2')), before('k2').map(words)))).toEqual(['k1']);
    expect(similarSessions(words(byId('p2')), before('p2').map(words))).toEqual([]);
  });
});

describe('similarLists', () => {
  test('gives one entry per session in the given order, each from the sessions before it only', () => {
    const lists = similarLists(EVENT);
    expect(lists.map((l) => l.session)).toEqual(ids(EVENT));
    lists.forEach((list, k) => {
      const earlier = new Set(ids(EVENT.slice(0, k)));
      for (const c of list.candidates) expect(earlier.has(c.id)).toBe(true);
      expect(list.candidates).toEqual(similarSessions(EVENT[k] as AnalysisSession, EVENT.slice(0, k)));
    });
    expect(lists.find((l) => l.session === 'p2')?.candidates.map((c) => c.id)).toEqual(['p1']);
    expect(lists.slice(0, SIMILAR_SETTINGS.minSessions).every((l) => l.candidates.length === 0)).toBe(true);
  });
});
