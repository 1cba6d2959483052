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
  /** “A” and “B”. */
  titles: string;
  where: string;
  /** Where each session is now. */
  places: string;
  reason: string;
  /** The advice, the score and the shared terms. */
  detail: string;
}

export interface PanelModel {
  /** Buttons to merge, link, dismiss and undo need the page's script: the first paint lists without them. */
  live: boolean;
  suggestions: SuggestionEntry[];
  history: Pick<HistoryItem, 'id' | 'summary' | 'undoable'>[];
}

/** How many decisions the panel lists, newest first. */
const HISTORY_SHOWN = 20;

const ADVICE: Record<Suggestion['suggestion'], string> = {
  merge: 'Suggest: merge them',
  link: 'Suggest: link them',
  'keep-apart': 'Suggest: keep them in different slots',
};

function entryOf(suggestion: Suggestion, board: Board): SuggestionEntry | null {
  const sessions = suggestion.sessions.flatMap((id) => board.sessions.filter((s) => s.id === id));
  if (sessions.length < 2) return null;
  const shared = suggestion.sharedTerms.length ? ` · shared: ${suggestion.sharedTerms.join(', ')}` : '';
  return {
    id: suggestion.id,
    relation: suggestion.relation,
    titles: sessions.map((s) => `“${s.title}”`).join(' and '),
    where: suggestion.where,
    places: sessions.map((s) => `“${s.title}”: ${placeOf(s, board)}`).join(' · '),
    reason: suggestion.reason,
    detail: `${ADVICE[suggestion.suggestion]} · score ${suggestion.score.toFixed(2)}${shared}`,
  };
}

export function panelModel(board: Board, suggestions: readonly Suggestion[], history: readonly HistoryItem[], live: boolean): PanelModel {
  return {
    live,
    suggestions: suggestions.flatMap((s) => entryOf(s, board) ?? []),
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
