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
  throw new Error(`axe-core found ${violations.length} WCAG 2.2 AA violation(s) on ${label} (${page.url()}):\n${describeViolations(violations)}`);
}
