import { detectOverlaps } from '../../../analysis/detect';
import type { AnalysisSession } from '../../../analysis/types';
import { FILLER, withEmbeddings } from '../../helpers/analysis-sessions';

function pairIds(result: ReturnType<typeof detectOverlaps>): string[] {
  return result.overlaps.map((o) => o.sessions.join('+'));
}

describe('detectOverlaps scoring', () => {
  test('flags two sessions that share a distinctive term', () => {
    const sessions = [...FILLER, { id: 'k1', title: 'Kubernetes on a shoestring' }, { id: 'k2', title: 'Kubernetes in production' }];
    const result = detectOverlaps(sessions);
    expect(pairIds(result)).toEqual(['k1+k2']);
    expect(result.overlaps[0]?.sharedTerms).toContain('kubernetes');
  });

  test('matches a German compound with the word it starts with', () => {
    const sessions = [
      ...FILLER,
      { id: 'g1', title: 'Die Datenschutzgrundverordnung verstehen' },
      { id: 'g2', title: 'Datenschutz in der Schule' },
      { id: 'g3', title: 'Barrierefreiheit im Netz' },
    ];
    expect(pairIds(detectOverlaps(sessions))).toEqual(['g1+g2']);
  });

  test('does not flag sessions that share only format words', () => {
    const sessions = [...FILLER, { id: 'w1', title: 'Workshop: a hands-on session' }, { id: 'w2', title: 'Session: workshop Q&A' }];
    expect(detectOverlaps(sessions).overlaps).toEqual([]);
  });

  test("does not flag a pair for sharing the event's theme word", () => {
    const theme = ['maps', 'budgets', 'hiring', 'archives', 'podcasts', 'surveys', 'elections', 'comments'];
    const sessions = theme.map((t, k) => ({ id: `t${k}`, title: `Newsroom ${t}` }));
    expect(detectOverlaps(sessions).overlaps).toEqual([]);
  });

  test('flags a paraphrase through embeddings when its similarity stands out for both sessions', () => {
    const sessions = withEmbeddings(
      [...FILLER, { id: 'p1', title: "Why can't councils collaborate?" }, { id: 'p2', title: 'Breaking down silos' }],
      { p2: 'p1' },
    );
    const result = detectOverlaps(sessions);
    expect(pairIds(result)).toEqual(['p1+p2']);
    expect(result.overlaps[0]?.reason).toMatch(/close in meaning/);
  });

  test('needs the title embeddings to agree: a pair alike only by title+notes is not flagged', () => {
    const sessions = withEmbeddings(
      [...FILLER, { id: 'p1', title: "Why can't councils collaborate?" }, { id: 'p2', title: 'Breaking down silos' }],
      { p2: 'p1' },
      {},
    );
    expect(detectOverlaps(sessions).overlaps).toEqual([]);
    // It is the title view that vetoes it: two views that agree flag it.
    expect(pairIds(detectOverlaps(withEmbeddings(sessions, { p2: 'p1' })))).toEqual(['p1+p2']);
    // Without title vectors one view decides, with a stricter floor (same as switching them off).
    const noTitles = sessions.map((s) => ({ ...s, titleEmbedding: null }));
    expect(detectOverlaps(noTitles).overlaps).toEqual(detectOverlaps(sessions, { settings: { useTitleEmbeddings: false } }).overlaps);
  });

  test('damps shared words when the embeddings say the sessions are unrelated', () => {
    const sessions = [...FILLER, { id: 'k1', title: 'Kubernetes on a shoestring' }, { id: 'k2', title: 'Kubernetes in production' }];
    expect(pairIds(detectOverlaps(sessions))).toEqual(['k1+k2']);
    const contradicted = withEmbeddings(sessions, {}, {}, { k2: 'k1' });
    expect(detectOverlaps(contradicted).overlaps).toEqual([]);
    const agreeing = withEmbeddings(sessions, { k2: 'k1' });
    const [strong] = detectOverlaps(agreeing).overlaps;
    const [plain] = detectOverlaps(sessions).overlaps;
    expect(strong?.score).toBeGreaterThan(plain?.score ?? 1);
  });

  test('flags two titles sharing a rare name even when the embeddings see no likeness', () => {
    const sessions = [
      ...FILLER,
      { id: 'n1', title: 'Kubernetes on a shoestring', notes: 'Running Kubernetes clusters cheaply at home' },
      { id: 'n2', title: 'Kubernetes in production' },
    ];
    const contradicted = withEmbeddings(sessions, {}, {}, { n2: 'n1' });
    const [overlap] = detectOverlaps(contradicted).overlaps;
    expect(overlap?.sessions).toEqual(['n1', 'n2']);
    expect(overlap?.reason).toMatch(/Kubernetes/i);
  });

  test('flags an acronym shared by the titles of up to three sessions, not more', () => {
    const titles = ['What is the NHS app for?', 'NHS waiting lists', 'Working with NHS trusts', 'NHS in rural areas'];
    const three = titles.slice(0, 3).map((title, k) => ({ id: `a${k}`, title }));
    expect(pairIds(detectOverlaps([...FILLER, ...three]))).toEqual(['a0+a1+a2']);
    const four = titles.map((title, k) => ({ id: `a${k}`, title }));
    expect(detectOverlaps([...FILLER, ...four]).overlaps).toEqual([]);
  });

  test("does not take a name's word in lower case for the name", () => {
    const sessions = [...FILLER, { id: 'g1', title: 'GOV.UK Notify in practice' }, { id: 'g2', title: 'Women in local gov tech' }];
    expect(detectOverlaps(sessions).overlaps).toEqual([]);
  });

  test('does not use embeddings of German or French text (the encoder is English-only)', () => {
    const sessions = withEmbeddings(
      [
        ...FILLER,
        { id: 'g1', title: 'Wie arbeiten die Verwaltungen besser zusammen?' },
        { id: 'g2', title: 'Warum ist das so schwer für uns alle?' },
      ],
      { g2: 'g1' },
    );
    expect(detectOverlaps(sessions).overlaps).toEqual([]);
  });

  test('ignores embeddings when told to (lexical evidence only)', () => {
    const sessions = withEmbeddings(
      [...FILLER, { id: 'p1', title: "Why can't councils collaborate?" }, { id: 'p2', title: 'Breaking down silos' }],
      { p2: 'p1' },
    );
    expect(detectOverlaps(sessions, { settings: { useEmbeddings: false } }).overlaps).toEqual([]);
  });

  test('gives every overlap a score between 0 and 1', () => {
    const sessions = [...FILLER, { id: 'k1', title: 'Kubernetes costs' }, { id: 'k2', title: 'Kubernetes costs' }];
    for (const o of detectOverlaps(sessions).overlaps) {
      expect(o.score).toBeGreaterThan(0);
      expect(o.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('detectOverlaps relation and suggestion', () => {
  const pair = (a: Partial<AnalysisSession>, b: Partial<AnalysisSession>): AnalysisSession[] => [
    ...FILLER,
    { id: 'r1', title: 'Ransomware recovery for councils', ...a },
    { id: 'r2', title: 'Ransomware recovery drills', ...b },
  ];

  test('says same-slot when they run at the same time in different rooms', () => {
    const [o] = detectOverlaps(pair({ room: 'A', slot: '10:00' }, { room: 'B', slot: '10:00' })).overlaps;
    expect(o?.relation).toBe('same-slot');
    expect(o?.reason).toMatch(/same time \(10:00\) in "A" and "B"/);
  });

  test('says different-slots when both are scheduled at different times', () => {
    const [o] = detectOverlaps(pair({ room: 'A', slot: '10:00' }, { room: 'A', slot: '11:00' })).overlaps;
    expect(o?.relation).toBe('different-slots');
  });

  test('says unscheduled when one has no slot yet', () => {
    const [o] = detectOverlaps(pair({ room: 'A', slot: '10:00' }, {})).overlaps;
    expect(o?.relation).toBe('unscheduled');
  });

  test('suggests merging a strong overlap', () => {
    const [o] = detectOverlaps(pair({ title: 'Ransomware recovery' }, { title: 'Ransomware recovery' })).overlaps;
    expect(o?.suggestion).toBe('merge');
  });

  test('suggests keeping a weaker overlap in separate slots when it clashes', () => {
    const [o] = detectOverlaps(pair({ room: 'A', slot: '10:00' }, { room: 'B', slot: '10:00' })).overlaps;
    expect(o?.score).toBeLessThan(0.6);
    expect(o?.suggestion).toBe('keep-apart');
  });

  test('suggests linking a weaker overlap in different slots', () => {
    const [o] = detectOverlaps(pair({ room: 'A', slot: '10:00' }, { room: 'A', slot: '11:00' })).overlaps;
    expect(o?.suggestion).toBe('link');
  });

  test('explains a lexical overlap with the shared words as people wrote them', () => {
    const [o] = detectOverlaps(pair({}, {})).overlaps;
    expect(o?.sharedTerms).toEqual(['ransomware', 'recovery']);
    expect(o?.reason).toMatch(/^Both mention "ransomware" and "recovery"/);
  });

  test('links the parts of a series instead of merging them', () => {
    const sessions = [
      ...FILLER,
      { id: 's1', title: 'Intro to Rust (Part 1)', room: 'A', slot: '10:00' },
      { id: 's2', title: 'Intro to Rust (Part 2)', room: 'A', slot: '11:00' },
    ];
    const [o] = detectOverlaps(sessions).overlaps;
    expect(o?.sessions).toEqual(['s1', 's2']);
    expect(o?.suggestion).toBe('link');
    expect(o?.reason).toMatch(/series/);
  });

  test('puts a strong overlap in the "same" tier and a weaker one in "related"', () => {
    const [strong] = detectOverlaps(pair({ title: 'Ransomware recovery' }, { title: 'Ransomware recovery' })).overlaps;
    expect(strong?.tier).toBe('same');
    const weak = detectOverlaps(pair({ title: 'Kubernetes on a shoestring' }, { title: 'Kubernetes in production' })).overlaps;
    expect(weak.map((o) => [o.tier, o.score < 0.45])).toEqual([['related', true]]);
  });

  test('the tier follows the sameThreshold setting', () => {
    const sessions = pair({}, {});
    const [o] = detectOverlaps(sessions).overlaps;
    const score = o?.score ?? 0;
    expect(detectOverlaps(sessions, { settings: { sameThreshold: score } }).overlaps[0]?.tier).toBe('same');
    expect(detectOverlaps(sessions, { settings: { sameThreshold: score + 0.001 } }).overlaps[0]?.tier).toBe('related');
  });

  test('keeps the parts of a series in the "related" tier, however alike their titles', () => {
    const sessions = [
      ...FILLER,
      { id: 's1', title: 'Intro to Rust (Part 1)', room: 'A', slot: '10:00' },
      { id: 's2', title: 'Intro to Rust (Part 2)', room: 'A', slot: '11:00' },
    ];
    const [o] = detectOverlaps(sessions).overlaps;
    expect(o?.score).toBeGreaterThanOrEqual(0.45);
    expect(o?.tier).toBe('related');
  });

  test('lists clashes before other overlaps', () => {
    const sessions = [
      ...FILLER,
      { id: 'a1', title: 'Kubernetes costs explained', slot: '09:00', room: 'A' },
      { id: 'a2', title: 'Kubernetes costs explained', slot: '15:00', room: 'A' },
      { id: 'b1', title: 'Ransomware recovery', slot: '10:00', room: 'A' },
      { id: 'b2', title: 'Ransomware recovery lessons', slot: '10:00', room: 'B' },
    ];
    expect(detectOverlaps(sessions).overlaps.map((o) => o.relation)).toEqual(['same-slot', 'different-slots']);
  });
});

describe('detectOverlaps determinism and odd input', () => {
  const sessions = withEmbeddings(
    [
      ...FILLER,
      { id: 'k1', title: 'Kubernetes on a shoestring', room: 'A', slot: '1' },
      { id: 'k2', title: 'Kubernetes for small teams', room: 'B', slot: '1' },
      { id: 'p1', title: "Why can't councils collaborate?" },
      { id: 'p2', title: 'Breaking down silos' },
    ],
    { p2: 'p1' },
  );

  test('returns byte-identical output for the same input', () => {
    expect(JSON.stringify(detectOverlaps(sessions))).toBe(JSON.stringify(detectOverlaps(sessions)));
  });

  test('does not depend on the order of the input', () => {
    const reversed = [...sessions].reverse();
    expect(JSON.stringify(detectOverlaps(reversed))).toBe(JSON.stringify(detectOverlaps(sessions)));
  });

  test('accepts embeddings as Float32Array or number[]', () => {
    const typed = sessions.map((s) => ({ ...s, embedding: s.embedding ? Float32Array.from(s.embedding) : null }));
    expect(pairIds(detectOverlaps(typed))).toEqual(pairIds(detectOverlaps(sessions)));
  });

  test('returns no overlaps for zero or one session', () => {
    expect(detectOverlaps([])).toEqual({ overlaps: [] });
    expect(detectOverlaps([{ id: 'x', title: 'Alone' }])).toEqual({ overlaps: [] });
  });

  test('copes with empty titles, emoji, CJK and missing notes', () => {
    const odd = [
      { id: '1', title: '' },
      { id: '2', title: '🎉🎉🎉' },
      { id: '3', title: '機械学習の倫理', notes: '' },
      { id: '4', title: '機械学習の倫理について' },
      { id: '5', title: 'Künstliche Intelligenz in der Verwaltung', room: null, slot: null },
      { id: '6', title: "L'intelligence artificielle dans les mairies", embedding: [] },
    ];
    expect(() => detectOverlaps(odd)).not.toThrow();
  });

  test('keeps the first of two sessions with the same id', () => {
    const dup = [...FILLER, { id: 'k1', title: 'Kubernetes costs' }, { id: 'k1', title: 'Other' }, { id: 'k2', title: 'Kubernetes costs' }];
    expect(pairIds(detectOverlaps(dup))).toEqual(['k1+k2']);
  });

  test('flags duplicate titles as one overlap', () => {
    const dup = [...FILLER, { id: 'd1', title: 'Digital inclusion' }, { id: 'd2', title: 'Digital inclusion' }];
    expect(pairIds(detectOverlaps(dup))).toEqual(['d1+d2']);
  });

  test('handles huge notes quickly', () => {
    const huge = [...FILLER, { id: 'h1', title: 'Huge', notes: 'lorem ipsum dolor '.repeat(50_000) }, { id: 'h2', title: 'Small' }];
    const start = Date.now();
    expect(() => detectOverlaps(huge)).not.toThrow();
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test('ignores embeddings of the wrong size', () => {
    const mixed = sessions.map((s, k) => (k === 0 ? { ...s, embedding: [1, 2, 3] } : s));
    expect(() => detectOverlaps(mixed)).not.toThrow();
  });
});
