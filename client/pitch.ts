/**
 * The pitch page: once the title is typed (a pause of PAUSE_MS), asks the server which sessions
 * already pitched look like it, and lists them after the "Pitch mine" button with the server's own
 * template (views/shared/similar-list.ejs), so its buttons submit the same form. The status line
 * (a live region) says how many were found, only when that list changes. Without this script, the
 * server shows the same list after the first submit, before anything is saved.
 */
import { similarListModel, type SimilarItem } from '../views/shared/similar';
import listHtml from '../views/shared/similar-list.ejs';
import { paint } from './render';

/** Waits this long after the last keystroke before asking. */
const PAUSE_MS = 400;
/** Shorter titles say too little to compare. */
const MIN_TITLE = 4;

const form = document.querySelector<HTMLFormElement>('[data-pitch-form]');
if (form) start(form);

function start(form: HTMLFormElement): void {
  const eventId = form.dataset.eventId ?? '';
  const title = form.elements.namedItem('title') as HTMLInputElement | null;
  const notes = form.elements.namedItem('notes') as HTMLTextAreaElement | null;
  const region = form.querySelector<HTMLElement>('[data-similar]');
  const status = form.querySelector<HTMLElement>('[data-similar-status]');
  if (!title || !notes || !region) return;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asking: AbortController | null = null;
  /** The ids listed now: the status line speaks only when they change. */
  let shown = [...region.querySelectorAll<HTMLInputElement>('input[name="shown"]')].map((input) => input.value).join(' ');

  const checked = (): HTMLInputElement | null => region.querySelector<HTMLInputElement>('input[name="checkedTitle"]');

  const show = (typed: string, items: SimilarItem[]): void => {
    const list = similarListModel(eventId, typed, items);
    const ids = items.map((item) => item.id).join(' ');
    if (ids === shown) {
      const input = checked();
      if (input) input.value = typed;
      return;
    }
    shown = ids;
    paint(region, listHtml({ list }));
    if (status) status.textContent = list.announcement;
  };

  const ask = async (): Promise<void> => {
    const typed = title.value.trim();
    asking?.abort();
    if (typed.length < MIN_TITLE) return show(typed, []);
    asking = new AbortController();
    const query = new URLSearchParams({ title: typed, notes: notes.value.trim() });
    try {
      const response = await fetch(`/api/events/${encodeURIComponent(eventId)}/similar?${query.toString()}`, {
        signal: asking.signal,
        headers: { accept: 'application/json' },
      });
      // A refusal (busy, too long) leaves the list as it was: the server checks again on submit.
      if (!response.ok) return;
      const body = (await response.json()) as { similar: SimilarItem[] };
      if (title.value.trim() === typed) show(typed, body.similar);
    } catch {
      // Replaced by a newer question (aborted), or offline: the list stays, and the server checks on submit.
    }
  };

  const typing = (): void => {
    // Until the list for what is typed now arrives, a submit is checked by the server.
    const input = checked();
    if (input) input.value = '';
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void ask(), PAUSE_MS);
  };
  title.addEventListener('input', typing);
  notes.addEventListener('change', typing);
}
