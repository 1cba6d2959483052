import {
  fuseEvidence,
  peopleWantBoth,
  type Decided,
  type FusionInput,
  type SaidAbout,
  type TextEvidence,
} from '../../../server/domain/evidence';
import type { Room, Slot } from '../../../server/domain/types';
import { sessionOf } from '../../helpers/sessions';

const rooms: Room[] = [
  { id: 'lib', eventId: 'e', name: 'Library', capacity: null, position: 0 },
  { id: 'cr1', eventId: 'e', name: 'Committee Room 1', capacity: null, position: 1 },
  { id: 'hall', eventId: 'e', name: 'Hall', capacity: null, position: 2 },
];
const slots: Slot[] = [
  { id: 's0945', eventId: 'e', label: 'Session 1', startsAt: '09:45', endsAt: '10:30', position: 0 },
  { id: 's1045', eventId: 'e', label: 'Session 2', startsAt: '10:45', endsAt: '11:30', position: 1 },
];

const text = (a: string, b: string, score: number, sharedTerms: string[] = [], more: Partial<TextEvidence> = {}): TextEvidence => ({
  sessions: [a, b].sort(),
  score,
  tier: score >= 0.45 ? 'same' : 'related',
  sharedTerms,
  semantic: false,
  series: false,
  mergeable: score >= 0.6,
  ...more,
});
const flag = (a: string, b: string, browser: string, at = '2026-06-20T10:00:00.000Z'): SaidAbout => ({
  pair: [a, b],
  source: 'attendee',
  label: 'same',
  browserKey: browser,
  createdAt: at,
});

/** The low-code pair of the issue: clashing at 10:45 in Library and Committee Room 1; a third pitch unscheduled. */
const lowCode = [
  sessionOf('lc1', { title: 'Low-code platforms in councils', roomId: 'lib', slotId: 's1045' }),
  sessionOf('lc2', { title: 'Building services with low-code platforms', roomId: 'cr1', slotId: 's1045' }),
  sessionOf('lc3', { title: 'Low-code for beginners' }),
];

const input = (fields: Partial<FusionInput>): FusionInput => ({
  sessions: lowCode,
  rooms,
  slots,
  text: [],
  labels: [],
  decisions: [],
  interests: new Map(),
  listed: new Map(),
  ...fields,
});

describe('fuseEvidence', () => {
  test('a clash is worded for a facilitator: what they share, when and where, and that people must choose', () => {
    const { suggestions } = fuseEvidence(input({ text: [text('lc1', 'lc2', 0.5, ['low-code', 'platforms'])] }));
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      sessions: ['lc1', 'lc2'],
      tier: 'same',
      relation: 'same-slot',
      reason: 'Both about low-code and platforms.',
      where: 'They run at the same time (10:45) in Library and Committee Room 1, so people must choose.',
      evidence: [{ kind: 'words', text: 'Shared words: “low-code”, “platforms”.' }],
    });
  });

  describe('the lost clash (issue 16): a clash stays listed until it no longer clashes or someone decides about it', () => {
    const clash = text('lc1', 'lc2', 0.5, ['low-code', 'platforms']);
    const weakLink = text('lc1', 'lc3', 0.32, ['low-code']);

    test('a third low-code pitch that replaces the clash with a weaker link to the newcomer does not hide the clash', () => {
      const first = fuseEvidence(input({ text: [clash] }));
      // The new pitch made "low-code" the event's theme: the detector now finds only the weak link.
      const second = fuseEvidence(input({ text: [weakLink], listed: first.listed }));
      expect(second.suggestions.map((s) => s.id)).toEqual(['lc1+lc2', 'lc1+lc3']);
      expect(second.suggestions[0]?.relation).toBe('same-slot');
    });

    test('dismissing the weaker link leaves the clash listed', () => {
      const first = fuseEvidence(input({ text: [clash] }));
      const second = fuseEvidence(input({ text: [weakLink], listed: first.listed }));
      const dismissed: Decided[] = [{ pair: ['lc1', 'lc3'], kind: 'dismissed', createdAt: '2026-06-20T10:00:00.000Z' }];
      // The dismissal damped every pair sharing "low-code": the detector finds nothing now.
      const third = fuseEvidence(input({ text: [], decisions: dismissed, listed: second.listed }));
      expect(third.suggestions.map((s) => s.id)).toEqual(['lc1+lc2']);
      const fourth = fuseEvidence(input({ text: [], decisions: dismissed, listed: third.listed }));
      expect(fourth.suggestions.map((s) => s.id)).toEqual(['lc1+lc2']);
    });

    test('it leaves when the sessions no longer clash, or when someone decides about that clash', () => {
      const first = fuseEvidence(input({ text: [clash] }));
      const moved = lowCode.map((s) => (s.id === 'lc2' ? { ...s, slotId: 's0945' } : s));
      expect(fuseEvidence(input({ sessions: moved, listed: first.listed })).suggestions).toEqual([]);
      const decided: Decided[] = [{ pair: ['lc1', 'lc2'], kind: 'dismissed', createdAt: '2026-06-20T10:00:00.000Z' }];
      expect(fuseEvidence(input({ decisions: decided, listed: first.listed })).suggestions).toEqual([]);
    });
  });

  describe('people in the room', () => {
    const councils = [
      sessionOf('c1', { title: 'Why can’t councils collaborate?', roomId: 'lib', slotId: 's0945' }),
      sessionOf('c2', { title: 'Working together across local government', roomId: 'cr1', slotId: 's0945' }),
      sessionOf('c3', { title: 'Breaking down silos between authorities', roomId: 'hall', slotId: 's0945' }),
    ];

    test('one flag alone is "possibly related"; two people make it "likely the same conversation"', () => {
      const one = fuseEvidence(input({ sessions: councils, labels: [flag('c1', 'c2', 'p1')] })).suggestions;
      expect(one).toMatchObject([{ id: 'c1+c2', tier: 'related', flags: 1 }]);
      const two = fuseEvidence(input({ sessions: councils, labels: [flag('c1', 'c2', 'p1'), flag('c2', 'c1', 'p2')] })).suggestions;
      expect(two).toMatchObject([{ id: 'c1+c2', tier: 'same', flags: 2, suggestion: 'merge' }]);
      expect(two[0]?.evidence[0]).toEqual({ kind: 'attendees', text: '2 people say so: “same conversation”.' });
      expect(two[0]?.where).toBe('They run at the same time (09:45) in Library and Committee Room 1, so people must choose.');
    });

    test('three sessions flagged together are one suggestion, with everyone who flagged counted once', () => {
      const labels = [
        flag('c1', 'c2', 'p1'),
        flag('c1', 'c2', 'p2'),
        flag('c2', 'c3', 'p1'),
        flag('c2', 'c3', 'p2'),
        flag('c1', 'c3', 'p2'),
      ];
      const { suggestions } = fuseEvidence(input({ sessions: councils, labels }));
      expect(suggestions).toMatchObject([{ id: 'c1+c2+c3', sessions: ['c1', 'c2', 'c3'], tier: 'same', flags: 2 }]);
    });

    test('a group never chains through one session: without evidence between the ends, two pairs', () => {
      const labels = [flag('c1', 'c2', 'p1'), flag('c1', 'c2', 'p2'), flag('c2', 'c3', 'p1'), flag('c2', 'c3', 'p2')];
      const ids = fuseEvidence(input({ sessions: councils, labels })).suggestions.map((s) => s.id);
      expect(ids.sort()).toEqual(['c1+c2', 'c2+c3']);
    });

    test('a pitcher’s "mine is different" lowers the pair but does not silence attendees’ flags', () => {
      const detected = [text('c1', 'c2', 0.6, ['councils'])];
      const different: SaidAbout = {
        pair: ['c1', 'c2'],
        source: 'pitcher',
        label: 'different',
        browserKey: 'x',
        createdAt: '2026-06-20T09:00:00.000Z',
      };
      const alone = fuseEvidence(input({ sessions: councils, text: detected })).suggestions[0];
      const lowered = fuseEvidence(input({ sessions: councils, text: detected, labels: [different] })).suggestions[0];
      expect(alone).toMatchObject({ tier: 'same' });
      expect(lowered).toMatchObject({ tier: 'related' });
      expect(lowered?.score).toBeLessThan(alone?.score ?? 0);
      const flagged = fuseEvidence(
        input({ sessions: councils, text: detected, labels: [different, flag('c1', 'c2', 'p1'), flag('c1', 'c2', 'p2')] }),
      ).suggestions[0];
      expect(flagged).toMatchObject({ tier: 'same', flags: 2 });
    });

    test('a facilitator’s dismissal is final; flags made after it reopen the pair', () => {
      const dismissed: Decided[] = [{ pair: ['c1', 'c2'], kind: 'dismissed', createdAt: '2026-06-20T10:00:00.000Z' }];
      const before = [flag('c1', 'c2', 'p1', '2026-06-20T09:00:00.000Z'), flag('c1', 'c2', 'p2', '2026-06-20T09:30:00.000Z')];
      expect(fuseEvidence(input({ sessions: councils, labels: before, decisions: dismissed })).suggestions).toEqual([]);
      const after = [...before, flag('c1', 'c2', 'p3', '2026-06-20T11:00:00.000Z')];
      expect(fuseEvidence(input({ sessions: councils, labels: after, decisions: dismissed })).suggestions).toMatchObject([
        { id: 'c1+c2', reopened: true, flags: 1, tier: 'related' },
      ]);
      const linked: Decided[] = [{ pair: ['c1', 'c2'], kind: 'linked', createdAt: '2026-06-20T10:00:00.000Z' }];
      expect(fuseEvidence(input({ sessions: councils, labels: after, decisions: linked })).suggestions).toEqual([]);
    });

    test('what people said sharpens other suggestions in the event: pairs sharing their words move up or down', () => {
      const sessions = [...councils, sessionOf('d1', { title: 'Open data' }), sessionOf('d2', { title: 'Data sharing' })];
      const detected = [text('c1', 'c2', 0.4, ['collaborate']), text('c1', 'c3', 0.4, ['collaborate']), text('d1', 'd2', 0.4, ['data'])];
      const plain = fuseEvidence(input({ sessions, text: detected })).suggestions;
      expect(plain.every((s) => s.tier === 'related')).toBe(true);
      // Two people say c1 and c2 are one conversation: c1+c3 shares its words and is lifted into "likely the same".
      const flagged = [flag('c1', 'c2', 'p1'), flag('c1', 'c2', 'p2')];
      const sharpened = fuseEvidence(input({ sessions, text: detected, labels: flagged })).suggestions;
      expect(sharpened.find((s) => s.sessions.includes('c3'))?.tier).toBe('same');
      // A pitcher says d1 and d2 differ: another pair sharing only "data" is lowered.
      const more = [...sessions, sessionOf('d3', { title: 'Data maturity' })];
      const withD3 = [...detected, text('d1', 'd3', 0.4, ['data'])];
      const different: SaidAbout = {
        pair: ['d1', 'd2'],
        source: 'pitcher',
        label: 'different',
        browserKey: 'x',
        createdAt: '2026-06-20T09:00:00.000Z',
      };
      const before = fuseEvidence(input({ sessions: more, text: withD3 })).suggestions.find((s) => s.id === 'd1+d3');
      const after = fuseEvidence(input({ sessions: more, text: withD3, labels: [different] })).suggestions.find((s) => s.id === 'd1+d3');
      expect(after?.score).toBeLessThan(before?.score ?? 0);
    });
  });

  describe('people who would go to both', () => {
    const browsers = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}${k}`);

    test('pairs wanted by at least 3 of the same browsers, at least 40 % of the smaller session’s interest', () => {
      const interests = new Map([
        ['a', [...browsers('both', 3), ...browsers('a', 4)]], // 3 of 7 in common: 43 %
        ['b', [...browsers('both', 3), ...browsers('b', 1)]],
        ['c', [...browsers('both', 2)]], // only 2 in common with a and b
        ['d', [...browsers('both', 3), ...browsers('d', 5)]], // 3 of 8 = 37.5 %
      ]);
      expect(peopleWantBoth(interests).map((w) => w.pair.join('+'))).toEqual(['a+b', 'a+d', 'b+d']);
      const wide = new Map([
        ['a', [...browsers('both', 3), ...browsers('a', 5)]],
        ['d', [...browsers('both', 3), ...browsers('d', 5)]],
      ]);
      expect(peopleWantBoth(wide)).toEqual([]);
    });

    test('never a merge by itself: a clash warning when they share a slot, nothing while they are apart', () => {
      const interests = new Map([
        ['lc1', browsers('p', 4)],
        ['lc2', browsers('p', 4)],
        ['lc3', browsers('p', 4)],
      ]);
      const { suggestions } = fuseEvidence(input({ interests }));
      expect(suggestions).toMatchObject([
        {
          id: 'lc1+lc2',
          tier: 'related',
          suggestion: 'keep-apart',
          evidence: [{ kind: 'interest', text: '4 people would go to both.' }],
          where: 'They run at the same time (10:45) in Library and Committee Room 1, so people must choose.',
        },
      ]);
    });
  });
});
