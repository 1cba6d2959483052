import type { Decision, DecisionKind } from '../persistence/facilitation.repository';
import type { Suggestion } from '../protocol/events';
import type { OverlapOutcome, ReportOverlap, ReportSession } from './report.types';

const OUTCOME: Record<DecisionKind, OverlapOutcome> = { merged: 'merged', linked: 'linked', dismissed: 'dismissed' };

/** Connected groups of decided pairs: a link of three sessions is stored as three pairs, shown as one group. */
function components(pairs: readonly (readonly [string, string])[]): string[][] {
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const [a, b] of pairs) {
    for (const id of [a, b]) if (!parent.has(id)) parent.set(id, id);
    const [x, y] = [root(a), root(b)].sort() as [string, string];
    if (x !== y) parent.set(y, x);
  }
  const groups = new Map<string, string[]>();
  for (const id of [...parent.keys()].sort()) groups.set(root(id), [...(groups.get(root(id)) ?? []), id]);
  return [...groups.values()];
}

/**
 * What became of every overlap: merged, linked and dismissed groups from facilitators' standing
 * decisions (an undone decision is gone from them), and the detector's suggestions nobody acted on.
 * `view` finds a session, on the board or merged away; `survivor` names what a merged group became.
 */
export function overlapGroups(
  suggestions: readonly Suggestion[],
  decisions: readonly Decision[],
  view: (id: string) => ReportSession | null,
  survivor: (ids: readonly string[]) => { id: string; title: string } | null,
): Record<OverlapOutcome, ReportOverlap[]> {
  const out: Record<OverlapOutcome, ReportOverlap[]> = { merged: [], linked: [], dismissed: [], open: [] };
  for (const kind of ['merged', 'linked', 'dismissed'] as const) {
    const pairs = decisions.filter((d) => d.kind === kind).map((d) => d.pair);
    for (const ids of components(pairs)) {
      const sessions = ids.flatMap((id) => view(id) ?? []);
      if (sessions.length < 2) continue;
      out[OUTCOME[kind]].push({
        outcome: OUTCOME[kind],
        sessions,
        mergedInto: kind === 'merged' ? survivor(ids) : null,
        reason: null,
        where: null,
      });
    }
  }
  out.open = suggestions.map((s) => ({
    outcome: 'open',
    sessions: s.sessions.flatMap((id) => view(id) ?? []),
    mergedInto: null,
    reason: s.reason,
    where: s.where,
  }));
  return out;
}
