import { detectOverlaps } from '../../../analysis/detect';
import type { AnalysisSession } from '../../../analysis/types';
import { FILLER } from '../../helpers/analysis-sessions';

function scoreOf(result: ReturnType<typeof detectOverlaps>, ids: string): number | undefined {
  return result.overlaps.find((o) => o.sessions.join('+') === ids)?.score;
}

describe('pair score: a shared name and shared words', () => {
  const sessions: AnalysisSession[] = [
    ...FILLER,
    // The same name, plus one more shared word among many others.
    { id: 'a1', title: 'NHS login for residents, councillors and the contact centre' },
    { id: 'a2', title: 'What NHS login taught us about identity checks and fraud' },
    // The same kind of name, and nothing else in common.
    { id: 'b1', title: 'WCAG audits on a shoestring' },
    { id: 'b2', title: 'Procuring forms that meet WCAG' },
  ];

  test('add up rather than count as the stronger of the two', () => {
    const result = detectOverlaps(sessions);
    const both = scoreOf(result, 'a1+a2');
    const nameOnly = scoreOf(result, 'b1+b2');
    expect(nameOnly).toBeGreaterThanOrEqual(0.3);
    expect(both).toBeGreaterThan(nameOnly ?? 1);
  });

  test('a name alone still does not suggest a merge', () => {
    const overlap = detectOverlaps(sessions).overlaps.find((o) => o.sessions.join('+') === 'b1+b2');
    expect(overlap?.suggestion).toBe('link');
  });
});
