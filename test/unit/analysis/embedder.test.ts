import { embedOnTwoThreads } from '../../../analysis/embed-parallel';
import {
  BATCH_SIZE,
  batchesOf,
  createEmbedder,
  EMBEDDING_NOTES_CHARS,
  EMBEDDING_TITLE_CHARS,
  embeddingText,
  type Embedder,
} from '../../../analysis/embedder';

describe('embeddingText', () => {
  test('is the title alone when there are no notes', () => {
    expect(embeddingText({ title: '  Open data  ' })).toBe('Open data');
  });

  test('cuts a pasted essay in the title field', () => {
    expect(embeddingText({ title: 'x'.repeat(10_000) })).toHaveLength(EMBEDDING_TITLE_CHARS);
  });

  test('appends the start of the notes, cut at a word boundary', () => {
    const text = embeddingText({ title: 'T', notes: 'word '.repeat(200) });
    expect(text.startsWith('T. word word')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(EMBEDDING_NOTES_CHARS + 3);
    expect(text.endsWith('word')).toBe(true);
  });
});

describe('createEmbedder (loads the model once for this file)', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await createEmbedder();
  }, 60_000);

  test('returns one 512-dimensional vector per text, in order', async () => {
    const vectors = await embedder.embed(['Open data portals', 'Kubernetes costs', '']);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(512);
    }
  });

  test('gives identical vectors for identical texts', async () => {
    const [a, b] = await embedder.embed(['Digital inclusion', 'Digital inclusion']);
    expect(Array.from(a ?? [])).toEqual(Array.from(b ?? []));
  });

  test('gives a text embedded alone the vector it gets beside itself (a typed title without notes is embedded once)', async () => {
    for (const text of ['Open data for small councils', 'Why is procurement so hard?', 'A']) {
      const [[alone], [beside]] = await Promise.all([embedder.embed([text]), embedder.embed([text, text])]);
      expect(Array.from(alone ?? [])).toEqual(Array.from(beside ?? []));
    }
  });

  test('copes with German, French, emoji and CJK', async () => {
    const vectors = await embedder.embed(['Zusammenarbeit der Verwaltungen', "L'accessibilité", '🎉', '機械学習']);
    expect(vectors).toHaveLength(4);
  });
});

describe('batchesOf', () => {
  test('sorts by length (ties in input order) and cuts batches of BATCH_SIZE', () => {
    const texts = Array.from({ length: BATCH_SIZE + 3 }, (_, k) => 'x'.repeat((k * 7) % 11));
    const batches = batchesOf(texts);
    expect(batches.map((b) => b.length)).toEqual([BATCH_SIZE, 3]);
    const flat = batches.flat();
    expect([...flat].sort((a, b) => a - b)).toEqual(texts.map((_, k) => k));
    for (let i = 1; i < flat.length; i++) {
      const [a, b] = [flat[i - 1] as number, flat[i] as number];
      const order = (texts[a] as string).length - (texts[b] as string).length || a - b;
      expect(order).toBeLessThan(0);
    }
  });
});

describe('embedOnTwoThreads', () => {
  const texts = Array.from({ length: 3 * BATCH_SIZE + 5 }, (_, k) =>
    k % 9 === 0 ? '' : `Session ${k} on ${['open data', 'ransomware', 'user research', 'hiring'][k % 4]} ${'for councils '.repeat(k % 3)}`,
  );

  test('gives exactly the vectors one embedder gives, in order, for texts spanning several batches', async () => {
    const [together, apart] = await Promise.all([createEmbedder().then((e) => e.embed(texts)), embedOnTwoThreads(texts)]);
    expect(apart).toHaveLength(texts.length);
    apart.forEach((vector, k) => expect(Array.from(vector)).toEqual(Array.from(together[k] ?? [])));
  }, 120_000);

  test('with a model already loaded here (it starts on the queue before the worker is ready), the same vectors', async () => {
    const embedder = await createEmbedder();
    const together = await embedder.embed(texts);
    const apart = await embedOnTwoThreads(texts, embedder);
    expect(apart.every((vector) => vector instanceof Float32Array)).toBe(true);
    apart.forEach((vector, k) => expect(Array.from(vector)).toEqual(Array.from(together[k] ?? [])));
  }, 120_000);
});
