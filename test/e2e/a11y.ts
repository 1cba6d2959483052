import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** The rules we hold every page to: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** One line per failing element: "color-contrast (serious) at .meta > span: Fix any of the following: …". */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((node) => {
        const why = node.failureSummary?.replace(/\s+/g, ' ').trim() ?? v.help;
        return `- ${v.id} (${v.impact ?? 'unknown impact'}) at ${node.target.join(' ')}: ${why}`;
      }),
    )
    .join('\n');
}

/**
 * Runs axe-core on the page as it is now and fails with a readable list when anything breaks a
 * WCAG 2.2 AA rule. Use it after the page has settled (live content drawn, dialogs open).
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  if (violations.length === 0) return;
  throw new Error(
    `axe-core found ${violations.length} WCAG 2.2 AA violation(s) on ${label} (${page.url()}):\n${describeViolations(violations)}`,
  );
}

/** What the focused element is called: its aria-label, else its label's text, else its own text (enough for our controls). */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLInputElement | null;
    return (active?.getAttribute('aria-label') ?? active?.labels?.[0]?.textContent ?? active?.textContent ?? '').trim();
  });
}

/**
 * Presses Tab (or Shift+Tab, to go back) from wherever the focus is until the focused control's
 * name matches; fails after `max` presses.
 */
export async function tabTo(page: Page, name: RegExp | string, max = 80, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    if (matches(await focusedName(page))) return;
  }
  throw new Error(`Tab never reached a control named ${String(name)} within ${max} presses`);
}

const luminance = (rgb: number[]) => {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG contrast ratio of two "rgb(r, g, b)" colours. */
export function contrast(a: string, b: string): number {
  const parse = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const [hi, lo] = [luminance(parse(a)), luminance(parse(b))].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** The focused element's outline (width, style, colour) and the background it is drawn on. */
export async function focusRing(page: Page): Promise<{ width: number; style: string; colour: string; background: string }> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement;
    const style = getComputedStyle(active);
    // The outline sits outside the element: what is behind it is the nearest ancestor's background.
    let node: HTMLElement | null = active.parentElement;
    let background = 'rgb(255, 255, 255)';
    while (node) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
        background = colour;
        break;
      }
      node = node.parentElement;
    }
    return { width: parseFloat(style.outlineWidth), style: style.outlineStyle, colour: style.outlineColor, background };
  });
}

/**
 * WCAG 2.4.11 (focus not obscured): null when the focused element's centre is in the viewport and
 * nothing else is drawn over it there; otherwise what went wrong.
 */
export async function focusObscured(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return null;
    const name = `${active.tagName.toLowerCase()} “${(active.getAttribute('aria-label') ?? active.textContent ?? '').trim().slice(0, 60)}”`;
    // A link that wraps has one box per line: the centre of any of them will do.
    let covering = 'nothing';
    for (const box of active.getClientRects()) {
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === active || active.contains(hit))) return null;
      covering = hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : covering;
    }
    return covering === 'nothing' ? `${name} is out of view` : `${name} is covered by ${covering}`;
  });
}
