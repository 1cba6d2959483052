/** Turns a group of overlapping sessions into what a facilitator reads: relation, suggestion, reason. */
import { isSeries } from './series';
import type { AnalysisSession, FoundOverlap, Overlap, OverlapRelation, OverlapSuggestion } from './types';

function slotOf(s: AnalysisSession): string | null {
  const slot = s.slot?.trim();
  return slot ? slot : null;
}

/** "same-slot" as soon as two of them clash, since that is what a facilitator must act on first. */
export function relationOf(sessions: readonly AnalysisSession[]): OverlapRelation {
  const seen = new Set<string>();
  let unscheduled = false;
  for (const s of sessions) {
    const slot = slotOf(s);
    if (slot === null) {
      unscheduled = true;
      continue;
    }
    if (seen.has(slot)) return 'same-slot';
    seen.add(slot);
  }
  return unscheduled ? 'unscheduled' : 'different-slots';
}

/**
 * `series` (whether the titles are parts of one series) may be passed when already known.
 * A series is linked (its parts belong in order, in different slots). Otherwise strong overlaps
 * are merged; weaker ones are linked, or kept apart when they clash so people can attend both.
 */
export function suggestionOf(
  sessions: readonly AnalysisSession[],
  relation: OverlapRelation,
  score: number,
  mergeThreshold: number,
  series = isSeries(sessions.map((s) => s.title)),
): OverlapSuggestion {
  return suggestionFor(relation, !series && score >= mergeThreshold);
}

/** A mergeable overlap is merged; any other is linked, or kept apart when its sessions clash in one slot. */
function suggestionFor(relation: OverlapRelation, mergeable: boolean): OverlapSuggestion {
  if (mergeable) return 'merge';
  return relation === 'same-slot' ? 'keep-apart' : 'link';
}

/** "a", "a" and "b", "a", "b" and "c". */
export function quoteList(items: readonly string[]): string {
  const quoted = items.map((t) => `"${t}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

function clashText(sessions: readonly AnalysisSession[]): string {
  const bySlot = new Map<string, string[]>();
  for (const s of sessions) {
    const slot = slotOf(s);
    if (slot !== null) bySlot.set(slot, [...(bySlot.get(slot) ?? []), s.room?.trim() || 'an unnamed room']);
  }
  const clash = [...bySlot.entries()].find(([, rooms]) => rooms.length > 1);
  return clash ? ` They run at the same time (${clash[0]}) in ${quoteList(clash[1])}.` : '';
}

/** One or two short sentences: why they look alike, and what the grid says (`series` as in suggestionOf). */
export function reasonFor(
  sessions: readonly AnalysisSession[],
  relation: OverlapRelation,
  shared: readonly string[],
  semantic: boolean,
  series = isSeries(sessions.map((s) => s.title)),
): string {
  let why: string;
  if (series) why = 'Parts of one series.';
  else if (shared.length > 0 && semantic) why = `Similar topic; both mention ${quoteList(shared.slice(0, 3))}.`;
  else if (shared.length > 0) why = `Both mention ${quoteList(shared.slice(0, 3))}, which few other sessions do.`;
  else why = 'Worded differently, but their descriptions are unusually close in meaning.';
  if (relation === 'same-slot') return why + clashText(sessions);
  if (relation === 'unscheduled') return `${why} Not all of them are scheduled yet.`;
  return `${why} They are in different slots.`;
}

/**
 * An overlap found in the text (`findOverlaps`) as it stands on the grid now: `sessions` are its
 * sessions in its order, with their current room and slot. Cheap (no pair is scored again), so a
 * move only calls this again.
 */
export function explainOverlap(found: FoundOverlap, sessions: readonly AnalysisSession[]): Overlap {
  const relation = relationOf(sessions);
  return {
    sessions: found.sessions,
    score: found.score,
    tier: found.tier,
    relation,
    suggestion: suggestionFor(relation, found.mergeable),
    reason: reasonFor(sessions, relation, found.sharedTerms, found.semantic, found.series),
    sharedTerms: found.sharedTerms,
  };
}
