/** The board page's parts, found once: where each piece is drawn and what the status line says. */
export interface BoardPage {
  root: HTMLElement;
  eventId: string;
  /** The polite live region under the title. */
  status: HTMLElement | null;
  viewers: HTMLElement | null;
  grid: HTMLElement | null;
  unscheduled: HTMLElement | null;
  unscheduledCount: HTMLElement | null;
  /** The phone's Now / Next / Later. */
  times: HTMLElement | null;
  /** The facilitator's suggestions panel (facilitators' pages only). */
  panel: HTMLElement | null;
  notices: HTMLElement | null;
}

export function findPage(root: HTMLElement): BoardPage {
  const one = (selector: string) => document.querySelector<HTMLElement>(selector);
  return {
    root,
    eventId: root.dataset.eventId ?? '',
    status: one('#live-status'),
    viewers: one('#viewers'),
    grid: root.querySelector<HTMLElement>('[data-grid]'),
    unscheduled: root.querySelector<HTMLElement>('[data-unscheduled]'),
    unscheduledCount: root.querySelector<HTMLElement>('[data-unscheduled-count]'),
    times: root.querySelector<HTMLElement>('[data-now-next]'),
    panel: one('[data-suggestions]'),
    notices: one('[data-agenda-notices]'),
  };
}

/** Says `message` on the status line: screen readers read each new text once, so a repeat is made to differ. */
export const statusLine =
  (status: HTMLElement | null) =>
  (message: string): void => {
    if (status) status.textContent = status.textContent === message ? `${message}\u00a0` : message;
  };

/** If a redraw took away the focused control and nothing like it is left, the heading of its part of the page. */
export function headingFor(focused: HTMLElement): string {
  if (focused.closest('.history-list')) return '#history-heading';
  if (focused.closest('[data-suggestions]')) return '#suggestions-heading';
  if (focused.closest('[data-unscheduled]')) return '#unscheduled-heading';
  return '.board-head h1';
}
