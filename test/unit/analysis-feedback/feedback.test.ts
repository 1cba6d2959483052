/**
 * Facilitators' decisions as labelled pairs: the numbers the issue note cites. A dismissed pair
 * whose only shared evidence is one word halves a later pair's score when that pair, too, shares
 * only that word (0.327 → 0.164, below the 0.3 floor: gone); a merged or linked pair lifts a later
 * pair sharing its term by a quarter (0.327 → 0.409).
 */
import { DEFAULT_SETTINGS, detectOverlaps, type AnalysisSession, type Overlap } from '../../../analysis';
import { applyDecisions, CONFIRMED_FACTOR, DISMISSED_FACTOR, type Decisions } from '../../../analysis/feedback';

const NONE: Decisions = { dismissed: [], confirmed: [] };
const FLOOR = DEFAULT_SETTINGS.threshold;

/** Twenty-six unrelated pitches, so that "data" in four sessions is rare enough to count as evidence. */
const FILLER = [
  'Gardening for beginners',
  'User research on a shoestring',
  'Generative AI policies',
  'Procurement reform',
  'Accessibility audits',
  'Digital inclusion',
  'Parking permits online',
  'Cyber security basics',
  'Agile in local government',
  'Writing plain English',
  'Bin collection routes',
  'Council tax automation',
  'Library opening hours',
  'Social media etiquette',
  'Recruitment of developers',
  'Leadership in crisis',
  'Flood resilience',
  'Electric vehicle chargers',
  'Youth engagement',
  'Mental health at work',
  'Remote meetings that work',
  'Street lighting upgrades',
  'Climate emergency plans',
  'Adult social care funding',
  'Planning application portals',
  'Tourism and heritage',
].map((title, k) => ({ id: `f${String(k).padStart(2, '0')}`, title }));

/** Four sessions whose only common word is "data". */
const DATA_EVENT: AnalysisSession[] = [
  { id: 'a', title: 'Data portals' },
  { id: 'b', title: 'Data ethics' },
  { id: 'c', title: 'Data maturity' },
  { id: 'd', title: 'Data visualisation' },
  ...FILLER,
];

const overlap = (sessions: string[], score: number, sharedTerms: string[]): Overlap => ({
  sessions,
  score,
  tier: score >= 0.45 ? 'same' : 'related',
  relation: 'unscheduled',
  suggestion: 'link',
  reason: 'test',
  sharedTerms,
});
const pairs = (overlaps: readonly Overlap[]) => overlaps.map((o) => o.sessions.join('+'));
const scoreOf = (overlaps: readonly Overlap[], key: string) => overlaps.find((o) => o.sessions.join('+') === key)?.score;

describe('applyDecisions on the detector’s own output', () => {
  const detected = detectOverlaps(DATA_EVENT).overlaps;

  const base = (key: string) => scoreOf(detected, key) as number;

  test('without decisions, pairs sharing only "data" are suggested (today: a+b, a+c, a+d at 0.327)', () => {
    const dataOnly = detected.filter((o) => o.sharedTerms.join() === 'data').map((o) => o.sessions.join('+'));
    expect(dataOnly).toEqual(expect.arrayContaining(['a+b', 'a+c']));
    expect(base('a+c')).toBeGreaterThanOrEqual(FLOOR);
    expect(base('a+c') * DISMISSED_FACTOR).toBeLessThan(FLOOR);
    expect(applyDecisions(detected, DATA_EVENT, NONE, FLOOR)).toEqual(detected.slice().sort((x, y) => y.score - x.score));
  });

  test('dismissing one "data" pair removes the later pairs that share only "data", and keeps the rest', () => {
    const after = applyDecisions(detected, DATA_EVENT, { dismissed: [['b', 'a']], confirmed: [] }, FLOOR);
    expect(pairs(after)).not.toContain('a+b');
    expect(pairs(after)).not.toContain('a+c');
    expect(pairs(after)).not.toContain('a+d');
    // The pair that shares another word ("portals") is untouched.
    expect(after.filter((o) => !o.sharedTerms.includes('data'))).toEqual(detected.filter((o) => !o.sharedTerms.includes('data')));
    // With no floor, the damping is visible as a number: exactly half.
    const unfloored = applyDecisions(detected, DATA_EVENT, { dismissed: [['a', 'b']], confirmed: [] }, 0);
    expect(scoreOf(unfloored, 'a+c')).toBe(Math.round(base('a+c') * DISMISSED_FACTOR * 1000) / 1000);
  });

  test('linking or merging one "data" pair lifts the later "data" pairs above the undecided ones', () => {
    const after = applyDecisions(detected, DATA_EVENT, { dismissed: [], confirmed: [['a', 'b']] }, FLOOR);
    expect(pairs(after)).not.toContain('a+b');
    expect(scoreOf(after, 'a+c')).toBe(Math.round(base('a+c') * CONFIRMED_FACTOR * 1000) / 1000);
    expect(scoreOf(after, 'a+c')).toBeGreaterThan(scoreOf(detected, 'a+c') as number);
  });
});

describe('applyDecisions', () => {
  const sessions: AnalysisSession[] = [
    { id: 'p', title: 'Council budgets' },
    { id: 'q', title: 'Councils and budgets online' },
    { id: 'r', title: 'Budgets for councils', notes: 'Another council view' },
    { id: 's', title: 'Budgets and data' },
    { id: 't', title: 'Data about councils' },
  ];

  test('drops every pair a facilitator decided on, whichever order the pair is given in', () => {
    const found = [overlap(['p', 'q'], 0.9, ['budgets']), overlap(['r', 's'], 0.5, ['budgets'])];
    expect(pairs(applyDecisions(found, sessions, { dismissed: [['q', 'p']], confirmed: [] }, 0))).toEqual(['r+s']);
    expect(pairs(applyDecisions(found, sessions, { dismissed: [], confirmed: [['s', 'r']] }, 0))).toEqual(['p+q']);
  });

  test('splits a group with a decided pair into its undecided pairs', () => {
    const group = overlap(['p', 'q', 'r'], 0.8, ['x']);
    const after = applyDecisions([group], sessions, { dismissed: [['p', 'q']], confirmed: [] }, 0);
    expect(pairs(after)).toEqual(['p+r', 'q+r']);
  });

  test('compares words by stem: dismissing a "council" pair damps a pair shown as sharing "councils"', () => {
    const later = overlap(['r', 't'], 0.5, ['councils']);
    const after = applyDecisions([later], sessions, { dismissed: [['p', 'q']], confirmed: [] }, 0);
    expect(after[0]?.score).toBe(0.25);
  });

  test('compares words by stem: confirming a "council" pair lifts a pair shown as sharing "councils"', () => {
    const later = overlap(['r', 't'], 0.5, ['councils']);
    const after = applyDecisions([later], sessions, { dismissed: [], confirmed: [['p', 'q']] }, 0);
    expect(after[0]?.score).toBe(0.625);
  });

  test('an overlap damped below the "same" tier\'s score leaves it; a lifted one keeps its tier', () => {
    const damped = applyDecisions([overlap(['r', 't'], 0.7, ['councils'])], sessions, { dismissed: [['p', 'q']], confirmed: [] }, 0);
    expect(damped[0]).toMatchObject({ score: 0.35, tier: 'related' });
    const lifted = applyDecisions([overlap(['r', 't'], 0.4, ['councils'])], sessions, { dismissed: [], confirmed: [['p', 'q']] }, 0);
    expect(lifted[0]).toMatchObject({ score: 0.5, tier: 'related' });
  });

  test('does not damp an overlap that also shares a word nobody dismissed', () => {
    const later = overlap(['s', 't'], 0.5, ['data', 'councils']);
    const after = applyDecisions([later], sessions, { dismissed: [['p', 'q']], confirmed: [] }, 0);
    expect(after[0]?.score).toBe(0.5);
  });

  test('a confirmed term wins over a dismissed one, and a lifted score never passes 1', () => {
    const later = overlap(['r', 't'], 0.9, ['councils']);
    const both = { dismissed: [['p', 'q']], confirmed: [['p', 'r']] } as const;
    // p and r share "council" and "budget"; p and q share them too: confirmation takes precedence.
    expect(applyDecisions([later], sessions, both, 0)[0]?.score).toBe(1);
  });

  test('an overlap with no shared words (a paraphrase) is never damped', () => {
    const paraphrase = overlap(['s', 't'], 0.4, []);
    expect(applyDecisions([paraphrase], sessions, { dismissed: [['p', 'q']], confirmed: [] }, 0)[0]?.score).toBe(0.4);
  });

  test('ranks by score again after re-scoring, ties by ids, and does not touch its input', () => {
    const found = [overlap(['p', 's'], 0.6, ['budgets']), overlap(['s', 't'], 0.5, ['data']), overlap(['q', 's'], 0.5, ['budgets'])];
    const copy = structuredClone(found);
    const after = applyDecisions(found, sessions, { dismissed: [['p', 'q']], confirmed: [['s', 't']] }, 0);
    expect(after.map((o) => [o.sessions.join('+'), o.score])).toEqual([
      ['p+s', 0.3],
      ['q+s', 0.25],
    ]);
    expect(found).toEqual(copy);
  });
});
