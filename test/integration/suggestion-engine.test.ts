/**
 * The suggestion engine when the sentence encoder fails to load: the analysis that needed it
 * fails, and the next one loads it again instead of failing for the server's whole life.
 */
import type { Embedder } from '../../analysis';
import { InlineAnalysis } from '../../server/services/analysis.thread';
import { harness, seed, type Harness } from './realtime.helpers';

let h: Harness;

afterEach(async () => {
  await h.close();
});

test('an encoder that failed to load is loaded again by the next analysis, which embeds every session', async () => {
  h = harness();
  let loads = 0;
  const embedder: Embedder = {
    embed: async (texts) => texts.map((text) => Float32Array.from({ length: 8 }, (_, i) => ((text.length + i) % 7) / 7 + 0.1)),
  };
  const live = await h.start({
    analysis: new InlineAnalysis({
      loadEmbedder: async () => {
        loads += 1;
        if (loads === 1) throw new Error('model files unreadable');
        return embedder;
      },
    }),
    rateLimits: 'off',
  });
  const s = seed(live.services);

  await expect(live.services.suggestions.refresh(s.eventId)).rejects.toThrow('model files unreadable');
  await expect(live.services.suggestions.refresh(s.eventId)).resolves.toEqual(expect.any(Array));

  expect(loads).toBeGreaterThanOrEqual(2);
  expect(live.db.prepare('SELECT count(*) AS n FROM session_embeddings').get()).toEqual({ n: s.sessions.length });
});
