/**
 * Keeps the keyboard user's place when live updates redraw the board: the control they were on is
 * found again in the new markup (by what it acts on, not by node identity), or, if it went away,
 * the same control on the item now in its place, or else a heading that says where they are.
 */

/** Attributes that identify what a control acts on; together with its tag and class they find it again. */
const IDENTITY = ['data-action', 'data-suggestion-id', 'data-entry-id', 'data-session-id'];
const KINDS = ['move-button', 'interest-toggle', 'pin-toggle', 'plan-button'];

const shown = (element: HTMLElement): boolean => element.getClientRects().length > 0;

/** A selector for the same control after a redraw, or null for anything we cannot name. */
export function focusSelector(element: Element): string | null {
  // A heading that took the focus earlier is found again by its id.
  if (element.id && element.getAttribute('tabindex') === '-1') return `#${CSS.escape(element.id)}`;
  const href = element.getAttribute('href');
  if (element.tagName === 'A' && href) return `a[href="${CSS.escape(href)}"]`;
  const attrs = IDENTITY.filter((a) => element.hasAttribute(a)).map((a) => `[${a}="${CSS.escape(element.getAttribute(a) ?? '')}"]`);
  // The server-rendered first paint has no data attributes yet, but the same accessible names.
  const label = element.getAttribute('aria-label');
  if (attrs.length === 0) return label ? `${element.tagName.toLowerCase()}[aria-label="${CSS.escape(label)}"]` : null;
  const kind = KINDS.find((k) => element.classList.contains(k));
  return `${element.tagName.toLowerCase()}${kind ? `.${kind}` : ''}${attrs.join('')}`;
}

/** Moves focus to an element that is not normally focusable (a heading), without adding it to the tab order. */
export function focusHeading(heading: HTMLElement | null): void {
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

/** Where the focus was inside `container`: how to find it again, and its item's position in its list. */
interface Place {
  element: HTMLElement;
  fallback: string;
  selector: string | null;
  list: string | null;
  index: number;
  action: string | null;
}

function placeOf(container: HTMLElement, fallback: (focused: HTMLElement) => string): Place | null {
  const element = document.activeElement;
  if (!(element instanceof HTMLElement) || element === container || !container.contains(element)) return null;
  const item = element.closest('li');
  const list = item?.parentElement;
  const listClass = list && container.contains(list) ? [...list.classList][0] : undefined;
  return {
    element,
    fallback: fallback(element),
    selector: focusSelector(element),
    list: listClass ? `.${CSS.escape(listClass)}` : null,
    index: list && item ? [...list.children].indexOf(item) : -1,
    action: element.getAttribute('data-action'),
  };
}

/**
 * Runs `redraw` (which replaces markup inside `container`) and puts the focus back: on the same
 * control, else on the same kind of control of the list item now at that position, else on the
 * heading that `fallback` names (asked before the redraw, while the focused control is still in
 * place). Does nothing when the focus was elsewhere (say, in an open dialog).
 */
export function keepFocus(container: HTMLElement, redraw: () => void, fallback: (focused: HTMLElement) => string): void {
  const place = placeOf(container, fallback);
  redraw();
  if (!place || place.element.isConnected) return;
  // The board draws some cards twice (the grid and the phone's Now / Next / Later), one of them
  // hidden by the page's width: the focus goes to the copy that is shown.
  const same = place.selector ? ([...container.querySelectorAll<HTMLElement>(place.selector)].find(shown) ?? null) : null;
  if (same) return place.element.getAttribute('tabindex') === '-1' ? focusHeading(same) : same.focus();
  if (place.list && place.index >= 0) {
    const items = container.querySelectorAll<HTMLElement>(`${place.list} > li`);
    const item = items[Math.min(place.index, items.length - 1)];
    const control = item?.querySelector<HTMLElement>(place.action ? `[data-action="${CSS.escape(place.action)}"]` : 'button, a[href]');
    if (control) return control.focus();
  }
  focusHeading(document.querySelector<HTMLElement>(place.fallback));
}
