/**
 * The facilitator's panel: ranked overlap suggestions with what they mean on the grid, one-click
 * link and dismiss, a merge dialog (which session to keep, the title), and the history with undo.
 */
import type { Board, Session } from '../server/domain/types';
import type { HistoryItem, Suggestion } from '../server/protocol/events';
import { el, placeOf } from './render';
import { focusHeading, focusSelector } from './focus';

export type PanelAction =
  | { kind: 'merge'; sessionIds: string[]; primaryId: string; title: string }
  | { kind: 'link' | 'dismiss'; sessionIds: string[] }
  | { kind: 'undo'; entryId: number };

const titles = (sessions: Session[]) => sessions.map((s) => `“${s.title}”`).join(' and ');

function suggestionItem(suggestion: Suggestion, board: Board): HTMLElement | null {
  const sessions = suggestion.sessions.flatMap((id) => board.sessions.filter((s) => s.id === id));
  if (sessions.length < 2) return null;
  const item = el('li', `suggestion ${suggestion.relation}`);
  item.dataset.suggestionId = suggestion.id;
  const heading = el('h3', undefined, titles(sessions));
  const where = el('p', 'where', suggestion.where);
  const places = el('p', 'meta', sessions.map((s) => `“${s.title}”: ${placeOf(s, board)}`).join(' · '));
  const reason = el('p', 'reason', suggestion.reason);
  const advice = { merge: 'Suggest: merge them', link: 'Suggest: link them', 'keep-apart': 'Suggest: keep them in different slots' };
  const meta = el('p', 'meta', `${advice[suggestion.suggestion]} · score ${suggestion.score.toFixed(2)}`);
  if (suggestion.sharedTerms.length) meta.textContent += ` · shared: ${suggestion.sharedTerms.join(', ')}`;
  const actions = el('div', 'suggestion-actions');
  for (const [kind, label] of [
    ['merge', 'Merge…'],
    ['link', 'Link'],
    ['dismiss', 'Dismiss'],
  ] as const) {
    const button = el('button', `small ${kind === 'merge' ? '' : 'secondary'}`, label);
    button.type = 'button';
    button.dataset.action = kind;
    button.dataset.suggestionId = suggestion.id;
    button.setAttribute('aria-label', `${label.replace('…', '')} ${titles(sessions)}`);
    actions.append(button);
  }
  item.append(heading, where, places, reason, meta, actions);
  return item;
}

export function renderPanel(panel: HTMLElement, board: Board, suggestions: readonly Suggestion[], history: readonly HistoryItem[]): void {
  const items = suggestions.flatMap((s) => suggestionItem(s, board) ?? []);
  const heading = el('h2', undefined, `Overlap suggestions (${items.length})`);
  heading.id = 'suggestions-heading';
  const list = el('ol', 'suggestion-list');
  list.append(...items);
  const empty = el('p', 'empty', 'No overlaps found so far. Suggestions appear here as people pitch.');
  const historyHeading = el('h2', undefined, 'History');
  historyHeading.id = 'history-heading';
  const historyList = el('ol', 'history-list');
  for (const entry of history.slice(0, 20)) {
    const li = el('li', undefined, entry.summary);
    if (entry.undoable) {
      const undo = el('button', 'small secondary', 'Undo');
      undo.type = 'button';
      undo.dataset.action = 'undo';
      undo.dataset.entryId = String(entry.id);
      undo.setAttribute('aria-label', `Undo: ${entry.summary}`);
      li.append(' ', undo);
    }
    historyList.append(li);
  }
  panel.replaceChildren(
    heading,
    items.length ? list : empty,
    historyHeading,
    history.length ? historyList : el('p', 'empty', 'Nothing yet.'),
  );
}

/** Turns clicks in the panel (and the merge dialog) into actions. */
export function onPanelAction(
  panel: HTMLElement,
  current: () => { board: Board | null; suggestions: readonly Suggestion[] },
  act: (action: PanelAction) => void,
): void {
  const dialog = document.querySelector<HTMLDialogElement>('#merge-dialog');
  let pending: string[] = [];
  let opener: string | null = null;
  panel.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    if (!button) return;
    const kind = button.dataset.action;
    if (kind === 'undo') return act({ kind: 'undo', entryId: Number(button.dataset.entryId) });
    const { board, suggestions } = current();
    const suggestion = suggestions.find((s) => s.id === button.dataset.suggestionId);
    if (!board || !suggestion) return;
    if (kind === 'link' || kind === 'dismiss') return act({ kind, sessionIds: suggestion.sessions });
    if (kind === 'merge' && dialog) {
      pending = suggestion.sessions;
      opener = focusSelector(button);
      openMergeDialog(
        dialog,
        suggestion.sessions.flatMap((id) => board.sessions.filter((s) => s.id === id)),
      );
    }
  });
  dialog?.addEventListener('close', () => {
    // The browser returns focus to the Merge button; if a live update replaced it meanwhile, find it again.
    requestAnimationFrame(() => {
      if (panel.contains(document.activeElement)) return;
      const again = opener ? panel.querySelector<HTMLElement>(opener) : null;
      if (again) again.focus();
      else focusHeading(panel.querySelector<HTMLElement>('#suggestions-heading'));
    });
    if (dialog.returnValue !== 'merge' || pending.length === 0) return;
    const form = dialog.querySelector('form');
    const data = new FormData(form ?? undefined);
    const field = (name: string): string => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    act({ kind: 'merge', sessionIds: pending, primaryId: field('primary'), title: field('title') });
    pending = [];
    dialog.returnValue = '';
  });
}

/** Which session to keep (it keeps its room and time) and the merged title. */
function openMergeDialog(dialog: HTMLDialogElement, sessions: Session[]): void {
  const choices = dialog.querySelector<HTMLElement>('[data-merge-choices]');
  const title = dialog.querySelector<HTMLInputElement>('input[name="title"]');
  if (!choices || !title) return;
  const keep = sessions.find((s) => s.roomId) ?? sessions[0];
  choices.replaceChildren(
    ...sessions.map((s) => {
      const label = el('label', 'choice');
      const radio = el('input');
      radio.type = 'radio';
      radio.name = 'primary';
      radio.value = s.id;
      radio.checked = s.id === keep?.id;
      radio.addEventListener('change', () => (title.value = s.title));
      label.append(radio, ` “${s.title}” by ${s.pitcher}`);
      return label;
    }),
  );
  title.value = keep?.title ?? '';
  dialog.showModal();
  title.focus();
}
