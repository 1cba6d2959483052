/**
 * Decisions sharpen later suggestions in the same event, end to end through the suggestion engine
 * with the bundled encoder (the exact numbers are in test/unit/analysis-feedback). Each case is an
 * event of thirty pitches where four share only the word "data"; it is compared with the same
 * event without the decision.
 */
import type { Suggestion } from '../../server/protocol/events';
import { UNRELATED_TITLES } from '../fixtures/analysis/unrelated-titles';
import { camp, pitch, type Live, kitPerTest } from './facilitation.helpers';

let live: Live;

kitPerTest((started) => ({ live } = started), { analysis: 'encoder' }, 'file');

/** A fresh event with the four "data" pitches (a–d) and the filler; returns their ids. */
function dataEvent(name: string) {
  const ev = camp(live.services, name);
  const [a, b, c, d] = ['Open data portals', 'Data ethics', 'Data maturity', 'Data visualisation'].map((title) =>
    pitch(live.services, ev.eventId, title, 'Ann'),
  ) as [string, string, string, string];
  for (const title of UNRELATED_TITLES) pitch(live.services, ev.eventId, title, 'Bo');
  return { ev, a, b, c, d };
}

const scoreOf = (suggestions: readonly Suggestion[], x: string, y: string): number | undefined =>
  suggestions.find((s) => s.sessions.length === 2 && s.sessions.includes(x) && s.sessions.includes(y))?.score;

describe('decisions sharpen later suggestions in the same event', () => {
  test('without decisions, "Open data portals" is suggested with "Data ethics" and with "Data visualisation" on the word "data" alone', async () => {
    const { ev, a, b, d } = dataEvent('Baseline');
    const suggestions = await live.services.suggestions.refresh(ev.eventId);
    const pairWith = (x: string) => suggestions.find((s) => s.sessions.length === 2 && s.sessions.includes(a) && s.sessions.includes(x));
    expect(pairWith(b)?.sharedTerms).toEqual(['data']);
    expect(pairWith(d)?.sharedTerms).toEqual(['data']);
  });

  test('dismissing one pair that shares only "data" removes a later pair that shares only "data"', async () => {
    const control = dataEvent('Control');
    const { ev, a, b, d } = dataEvent('Dismissed');
    live.services.facilitation.dismiss(ev.eventId, { sessionIds: [a, d] });
    expect(scoreOf(await live.services.suggestions.refresh(control.ev.eventId), control.a, control.b)).toBeGreaterThan(0);
    const after = await live.services.suggestions.refresh(ev.eventId);
    expect(scoreOf(after, a, b)).toBeUndefined();
    expect(after.filter((s) => s.sharedTerms.join() === 'data')).toEqual([]);
  });

  test('linking one pair that shares "data" lifts a later pair sharing "data" above its score without the link', async () => {
    const control = dataEvent('Control for link');
    const { ev, a, b, d } = dataEvent('Linked');
    live.services.facilitation.link(ev.eventId, { sessionIds: [a, d] });
    const without = scoreOf(await live.services.suggestions.refresh(control.ev.eventId), control.a, control.b) as number;
    const withLink = scoreOf(await live.services.suggestions.refresh(ev.eventId), a, b) as number;
    expect(without).toBeGreaterThan(0);
    expect(withLink).toBeGreaterThan(without);
  });

  test('merging two sessions that share "data" lifts a later pair sharing "data", compared with the same merge unlabelled', async () => {
    const control = dataEvent('Control for merge');
    const { ev, a, b, c, d } = dataEvent('Merged');
    live.services.facilitation.merge(ev.eventId, { sessionIds: [c, d], primaryId: c });
    live.services.facilitation.merge(control.ev.eventId, { sessionIds: [control.c, control.d], primaryId: control.c });
    // The control keeps the merge but forgets that it was a decision: the only difference is the label.
    live.db.prepare('DELETE FROM decisions WHERE event_id = ?').run(control.ev.eventId);
    const without = scoreOf(await live.services.suggestions.refresh(control.ev.eventId), control.a, control.b) as number;
    const withMerge = scoreOf(await live.services.suggestions.refresh(ev.eventId), a, b) as number;
    expect(without).toBeGreaterThan(0);
    expect(withMerge).toBeGreaterThan(without);
  });
});
