/** The vectors an analysis thread holds: what it lacks, what it drops, and its bound. */
import { VectorCache, type SessionVectors } from '../../../server/services/analysis.vectors';

const vectors = (id: string, hash = `h-${id}`): SessionVectors => ({
  id,
  hash,
  vector: new Float32Array([1, 0]),
  titleVector: new Float32Array([0, 1]),
});

describe('VectorCache', () => {
  test('lacks what it was never given, and what it holds under another text hash', () => {
    const cache = new VectorCache();
    cache.put('e1', [vectors('a'), vectors('b', 'old')]);
    expect(
      cache.missing('e1', [
        ['a', 'h-a'],
        ['b', 'h-b'],
        ['c', 'h-c'],
      ]),
    ).toEqual(['b', 'c']);
    expect(cache.missing('e2', [['a', 'h-a']])).toEqual(['a']);
  });

  test('retain drops the sessions of an event that are no longer on its board', () => {
    const cache = new VectorCache();
    cache.put('e1', [vectors('a'), vectors('b'), vectors('c')]);
    cache.retain('e1', new Set(['a', 'c']));
    expect([...cache.of('e1').keys()]).toEqual(['a', 'c']);
    expect(cache.sessions).toBe(2);
  });

  test('past its bound it drops whole events, those used longest ago first, never the one just given', () => {
    const cache = new VectorCache(4);
    cache.put('old', [vectors('o1'), vectors('o2')]);
    cache.put('used', [vectors('u1')]);
    cache.of('old');
    cache.put('new', [vectors('n1'), vectors('n2')]);
    // 'used' was used longest ago: it goes, and the rest fit.
    expect(cache.missing('used', [['u1', 'h-u1']])).toEqual(['u1']);
    expect(cache.missing('old', [['o1', 'h-o1']])).toEqual([]);
    expect(cache.sessions).toBe(4);
    cache.put('huge', [vectors('x1'), vectors('x2'), vectors('x3'), vectors('x4'), vectors('x5')]);
    expect(cache.missing('huge', [['x5', 'h-x5']])).toEqual([]);
    expect(cache.sessions).toBe(5);
  });
});
