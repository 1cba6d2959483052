/**
 * What the facilitator's suggestions panel shows (views/shared/suggestions-panel.ejs): the ranked
 * overlap suggestions with what they mean on the grid and why, and the history of decisions.
 */
import type { Board, Session } from '../../server/domain/types';
import type { HistoryItem, Suggestion } from '../../server/protocol/events';
import { placeOf } from './card';

export interface SuggestionEntry {
  id: string;
  relation: Suggestion['relation'];
  /** “A” and “B”, or “A”, “B” and “C” for a group. */
  titles: string;
  /** What they share and what it means on the grid: "Both about low-code. They run at the same time (10:45) in …". */
  summary: string;
  /** Where each session is now. */
  places: string;
  /** Where the suggestion comes from, one line per kind. */
  evidence: Suggestion['evidence'];
  /** "Suggest: merge them". */
  advice: string;
  /** "2 people say so", when attendees flagged it. */
  people: string | null;
  /** Organisers: a button clears the attendees' flags (kept, no longer counted). */
  clearFlags: boolean;
}

export interface PanelModel {
  /** Buttons to merge, link, dismiss and undo need the page's script: the first paint lists without them. */
  live: boolean;
  /** The event's first analysis is under way: "Analysing…", not "No overlaps found", which is not yet known. */
  analysing: boolean;
  /** Every suggestion listed. */
  total: number;
  /** "Likely the same conversation", clashes first, then strongest first. */
  same: SuggestionEntry[];
  /** "Possibly related", ranked: collapsed unless opened (or nothing is likely the same). */
  related: SuggestionEntry[];
  relatedOpen: boolean;
  history: Pick<HistoryItem, 'id' | 'summary' | 'undoable'>[];
}

/** How many decisions the panel lists, newest first. */
const HISTORY_SHOWN = 20;

const ADVICE: Record<Suggestion['suggestion'], string> = {
  merge: 'Suggest: merge them',
  link: 'Suggest: link them',
  'keep-apart': 'Suggest: keep them in different slots',
};

function quoted(titles: readonly string[]): string {
  const q = titles.map((t) => `“${t}”`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

function entryOf(suggestion: Suggestion, board: Board, organiser: boolean): SuggestionEntry | null {
  const sessions = suggestion.sessions.flatMap((id) => board.sessions.filter((s) => s.id === id));
  if (sessions.length < 2) return null;
  const flags = suggestion.flags;
  return {
    id: suggestion.id,
    relation: suggestion.relation,
    titles: quoted(sessions.map((s) => s.title)),
    summary: [suggestion.reason, suggestion.where].filter(Boolean).join(' '),
    places: sessions.map((s) => `“${s.title}”: ${placeOf(s, board)}`).join(' · '),
    evidence: suggestion.evidence,
    advice: ADVICE[suggestion.suggestion],
    people: flags === 0 ? null : flags === 1 ? '1 person says so' : `${flags} people say so`,
    clearFlags: organiser && flags > 0,
  };
}

/** `relatedOpen`: whether the reader opened "Possibly related" (a redraw keeps it); by default only when nothing is likely the same. */
export function panelModel(
  board: Board,
  suggestions: readonly Suggestion[],
  history: readonly HistoryItem[],
  live: boolean,
  options: { organiser?: boolean; relatedOpen?: boolean; analysing?: boolean } = {},
): PanelModel {
  const organiser = options.organiser ?? false;
  const entries = (tier: Suggestion['tier']) =>
    suggestions.filter((s) => s.tier === tier).flatMap((s) => entryOf(s, board, organiser) ?? []);
  const same = entries('same');
  const related = entries('related');
  return {
    live,
    analysing: options.analysing ?? false,
    total: same.length + related.length,
    same,
    related,
    relatedOpen: options.relatedOpen ?? same.length === 0,
    history: history.slice(0, HISTORY_SHOWN).map(({ id, summary, undoable }) => ({ id, summary, undoable })),
  };
}

/** A session the merge dialog offers to keep (views/shared/merge-choices.ejs). */
export interface MergeChoice {
  id: string;
  title: string;
  pitcher: string;
  checked: boolean;
}

/** The sessions of a suggestion to merge; the one kept (checked) is the first with a room, as it keeps its place. */
export function mergeChoices(sessions: readonly Session[]): MergeChoice[] {
  const keep = sessions.find((s) => s.roomId) ?? sessions[0];
  return sessions.map((s) => ({ id: s.id, title: s.title, pitcher: s.pitcher, checked: s.id === keep?.id }));
}
