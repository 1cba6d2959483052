/**
 * The similar-sessions indexes an analysis thread keeps warm: an index refreshed for a grown board
 * (built with the texts already read) ranks exactly as `similarSessions` on the sessions themselves,
 * on a dev set's event; the index it replaced answers lists sent before the refresh was known.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddingText, similarSessions, titleEmbeddingText, type AnalysisSession } from '../../../analysis';
import { hashedVector } from '../../../analysis/hashed-embedder';
import { SimilarIndexCache } from '../../../server/services/analysis.indexes';

const withVectors = (s: { id: string; title: string; notes?: string }): AnalysisSession => ({
  id: s.id,
  title: s.title,
  notes: s.notes ?? '',
  embedding: hashedVector(embeddingText(s)),
  titleEmbedding: hashedVector(titleEmbeddingText(s)),
});
const DEV_C = (
  JSON.parse(readFileSync(join(__dirname, '../../../eval/dev-c.json'), 'utf8')) as {
    sessions: { id: string; title: string; notes?: string }[];
  }
).sessions.map(withVectors);

test('an index refreshed for a grown board lists exactly what similarSessions lists from the sessions themselves', () => {
  const indexes = new SimilarIndexCache();
  indexes.build('e', 'k1', DEV_C.slice(0, 30));
  for (let n = 31; n <= DEV_C.length; n++) {
    const index = indexes.build('e', `k${n}`, DEV_C.slice(0, n));
    for (const target of DEV_C.slice(n - 3, n + 3)) {
      expect(similarSessions(target, index)).toEqual(similarSessions(target, DEV_C.slice(0, n)));
    }
  }
  expect(DEV_C.slice(20).some((target) => similarSessions(target, DEV_C.slice(0, 20)).length > 0)).toBe(true);
});

test('the index a refresh replaced answers lists sent with its key until a list asks for the new one', () => {
  const indexes = new SimilarIndexCache();
  const before = indexes.build('e', 'old', DEV_C.slice(0, 30));
  const after = indexes.build('e', 'new', DEV_C.slice(0, 31));
  expect(indexes.get('e', 'old')).toBe(before);
  expect(indexes.get('e', 'new')).toBe(after);
  expect(indexes.get('e', 'old')).toBeNull();
  expect(indexes.get('e', 'new')).toBe(after);
});
