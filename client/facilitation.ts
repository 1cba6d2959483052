/**
 * The facilitator's panel: ranked overlap suggestions (views/shared/suggestions-panel.ejs), one-click
 * link and dismiss, a merge dialog (which session to keep, the title), and undo in the history.
 * Loaded by the board only for facilitators (and organisers): attendees' phones never download it.
 */
import type { Board } from '../server/domain/types';
import type { HistoryItem, Suggestion } from '../server/protocol/events';
import { mergeChoices, panelModel } from '../views/shared/panel';
import panelHtml from '../views/shared/suggestions-panel.ejs';
import { focusHeading, focusSelector } from './focus';
import { paint } from './render';
import choicesHtml from '../views/shared/merge-choices.ejs';

export type PanelAction =
  | { kind: 'merge'; sessionIds: string[]; primaryId: string; title: string }
  | { kind: 'link' | 'dismiss' | 'clear-flags'; sessionIds: string[] }
  | { kind: 'undo'; entryId: number };

type Current = () => { board: Board | null; suggestions: readonly Suggestion[] };

export interface PanelView {
  /** `analysing`: the event's first analysis is under way (the panel says so instead of "no overlaps"). */
  draw(board: Board, suggestions: readonly Suggestion[], history: readonly HistoryItem[], organiser: boolean, analysing: boolean): void;
}

/** Draws the panel in `panel` and turns its buttons (and the merge dialog's) into actions. */
export function startPanel(panel: HTMLElement, current: Current, act: (action: PanelAction) => void): PanelView {
  onPanelAction(panel, current, act);
  // "Possibly related" stays as the reader left it across redraws (null: not touched yet).
  let relatedOpen: boolean | null = null;
  panel.addEventListener(
    'toggle',
    (event) => {
      const details = event.target as HTMLElement;
      if (details.matches('[data-related]')) relatedOpen = (details as HTMLDetailsElement).open;
    },
    true,
  );
  return {
    draw(board, suggestions, history, organiser, analysing) {
      panel.hidden = false;
      const options = relatedOpen === null ? { organiser, analysing } : { organiser, analysing, relatedOpen };
      paint(panel, panelHtml({ panel: panelModel(board, suggestions, history, true, options) }));
    },
  };
}

function onPanelAction(panel: HTMLElement, current: Current, act: (action: PanelAction) => void): void {
  const dialog = document.querySelector<HTMLDialogElement>('#merge-dialog');
  const merge = dialog ? mergeDialog(dialog, panel, act) : null;
  panel.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    const kind = button?.dataset.action;
    if (!button || !kind) return;
    if (kind === 'undo') return act({ kind: 'undo', entryId: Number(button.dataset.entryId) });
    const { board, suggestions } = current();
    const suggestion = suggestions.find((s) => s.id === button.dataset.suggestionId);
    if (!board || !suggestion) return;
    if (kind === 'link' || kind === 'dismiss' || kind === 'clear-flags') return act({ kind, sessionIds: suggestion.sessions });
    if (kind === 'merge') merge?.open(board, suggestion, button);
  });
}

/** Which session to keep (it keeps its room and time) and the merged title. */
function mergeDialog(dialog: HTMLDialogElement, panel: HTMLElement, act: (action: PanelAction) => void) {
  const choices = dialog.querySelector<HTMLElement>('[data-merge-choices]');
  const title = dialog.querySelector<HTMLInputElement>('input[name="title"]');
  let pending: string[] = [];
  let opener: string | null = null;
  // Choosing the session to keep offers its title for the merged one.
  choices?.addEventListener('change', (event) => {
    const chosen = (event.target as HTMLElement).closest<HTMLInputElement>('input[name="primary"]');
    if (chosen && title) title.value = chosen.dataset.title ?? '';
  });
  dialog.addEventListener('close', () => {
    returnFocus(panel, opener);
    if (dialog.returnValue === 'merge' && pending.length) {
      const data = new FormData(dialog.querySelector('form') ?? undefined);
      const field = (name: string): string => {
        const value = data.get(name);
        return typeof value === 'string' ? value : '';
      };
      act({ kind: 'merge', sessionIds: pending, primaryId: field('primary'), title: field('title') });
    }
    pending = [];
    dialog.returnValue = '';
  });
  return {
    open(board: Board, suggestion: Suggestion, button: HTMLElement): void {
      const sessions = suggestion.sessions.flatMap((id) => board.sessions.filter((s) => s.id === id));
      if (!choices || !title) return;
      pending = suggestion.sessions;
      opener = focusSelector(button);
      const offered = mergeChoices(sessions);
      paint(choices, choicesHtml({ choices: offered }));
      title.value = offered.find((c) => c.checked)?.title ?? '';
      dialog.showModal();
      title.focus();
    },
  };
}

/** The browser returns focus to the Merge button; if a live update replaced it meanwhile, find it again. */
function returnFocus(panel: HTMLElement, opener: string | null): void {
  requestAnimationFrame(() => {
    if (panel.contains(document.activeElement)) return;
    const again = opener ? panel.querySelector<HTMLElement>(opener) : null;
    if (again) again.focus();
    else focusHeading(panel.querySelector<HTMLElement>('#suggestions-heading'));
  });
}
