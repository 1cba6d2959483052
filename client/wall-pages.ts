/**
 * The wall's rooms in pages that fit the screen: when every room fits, one page and no indicator;
 * otherwise as many rooms as fit on each page, turning by themselves, with "Page 2 of 3" shown.
 * Rows are measured as drawn, so long titles or many overlap lines take the room they need, and
 * the type never shrinks below what the wall's CSS sets for that many rooms.
 */

/** How long each page stays up: enough to read a row or two from across a hall. */
export const PAGE_MS = 12_000;

export interface WallPager {
  /** Lays the current table out again (after a redraw or a resize), keeping the page shown when it still exists. */
  layout(): void;
  /** The next page (or the first after the last). */
  turn(): void;
}

export function wallPager(container: HTMLElement, indicator: HTMLElement | null): WallPager {
  let pages: HTMLTableRowElement[][] = [];
  let current = 0;

  const show = () => {
    pages.forEach((rows, k) => rows.forEach((row) => (row.hidden = k !== current)));
    if (!indicator) return;
    indicator.hidden = pages.length < 2;
    const shown = pages[current] ?? [];
    const first = pages.slice(0, current).reduce((n, rows) => n + rows.length, 0) + 1;
    const total = pages.reduce((n, rows) => n + rows.length, 0);
    indicator.textContent =
      pages.length < 2 ? '' : `Page ${current + 1} of ${pages.length} · rooms ${first}–${first + shown.length - 1} of ${total}`;
  };

  const layout = () => {
    const rows = [...container.querySelectorAll<HTMLTableRowElement>('.wall-table tbody tr')];
    for (const row of rows) row.hidden = false;
    if (indicator) indicator.hidden = false;
    const body = container.querySelector('.wall-table tbody');
    if (!body || rows.length === 0) {
      pages = [];
      show();
      return;
    }
    // The rows may use the screen below the table's top, less the indicator and status lines.
    const spacing = parseFloat(getComputedStyle(container.querySelector('.wall-table') as Element).borderSpacing.split(' ')[1] ?? '0') || 0;
    const reserve = (indicator?.offsetHeight ?? 0) + 8;
    const space = window.innerHeight - body.getBoundingClientRect().top - reserve;
    pages = [];
    let page: HTMLTableRowElement[] = [];
    let used = 0;
    for (const row of rows) {
      const height = row.getBoundingClientRect().height + spacing;
      if (page.length > 0 && used + height > space) {
        pages.push(page);
        page = [];
        used = 0;
      }
      page.push(row);
      used += height;
    }
    pages.push(page);
    current = Math.min(current, pages.length - 1);
    show();
  };

  return {
    layout,
    turn() {
      if (pages.length < 2) return;
      current = (current + 1) % pages.length;
      show();
    },
  };
}
