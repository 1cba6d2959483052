/**
 * The wall's rooms fitted to the screen: first the type shrinks, step by step, down to the smallest
 * size still legible across a hall (the last of SCALES: titles about 29 px on a 1080p
 * projector, 19 px on 720p); when every room still does not fit, they go on pages of as many rooms
 * as fit, turning by themselves, with "Page 2 of 3" shown. Rows are measured as drawn, so long
 * titles or many overlap lines take the room they need.
 */

/** How long each page stays up: enough to read a row or two from across a hall. */
export const PAGE_MS = 12_000;

/** Sizes the rooms' type is tried at, largest first; the last is the smallest legible one. */
const SCALES = [1, 0.92, 0.85, 0.79, 0.74];

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

  /** The rows' heights and the height they may use, all rows shown, at the current type size. */
  const measure = (table: HTMLElement, rows: HTMLTableRowElement[]) => {
    const body = table.querySelector('tbody') as HTMLElement;
    const spacing = parseFloat(getComputedStyle(table).borderSpacing.split(' ')[1] ?? '0') || 0;
    // The rows may use the screen below the table's top, less what comes after the table (the status line).
    const after = container.closest('main')?.getBoundingClientRect().bottom ?? 0;
    const below = Math.max(0, after - table.getBoundingClientRect().bottom);
    const space = window.innerHeight - body.getBoundingClientRect().top - below;
    return { space, heights: rows.map((row) => row.getBoundingClientRect().height + spacing) };
  };

  const layout = () => {
    const table = container.querySelector<HTMLElement>('.wall-table');
    const rows = [...container.querySelectorAll<HTMLTableRowElement>('.wall-table tbody tr')];
    for (const row of rows) row.hidden = false;
    // The indicator is measured as shown, so a paged layout leaves room for it.
    if (indicator) {
      indicator.hidden = false;
      indicator.textContent = 'Page';
    }
    if (!table || rows.length === 0) {
      pages = [];
      show();
      return;
    }
    let fit = measure(table, rows);
    for (const scale of SCALES) {
      table.style.fontSize = `${scale}em`;
      fit = measure(table, rows);
      if (fit.heights.reduce((sum, h) => sum + h, 0) <= fit.space) break;
    }
    pages = [];
    let page: HTMLTableRowElement[] = [];
    let used = 0;
    rows.forEach((row, i) => {
      const height = fit.heights[i] ?? 0;
      if (page.length > 0 && used + height > fit.space) {
        pages.push(page);
        page = [];
        used = 0;
      }
      page.push(row);
      used += height;
    });
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
