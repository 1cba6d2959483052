/**
 * HTML compared as a browser would read it: parsed (cheerio, a real HTML parser), with the
 * whitespace between tags dropped and attributes in a fixed order, then written out again.
 */
import { load, type CheerioAPI } from 'cheerio';
import { isTag, isText, type AnyNode } from 'domhandler';

function tidy($: CheerioAPI, nodes: readonly AnyNode[]): void {
  // A copy: removing a node takes it out of the list being walked.
  for (const node of [...nodes]) {
    if (isText(node) && !node.data.trim()) $(node).remove();
    else if (isTag(node)) {
      const sorted = Object.entries(node.attribs).sort(([a], [b]) => a.localeCompare(b));
      node.attribs = Object.fromEntries(sorted);
      tidy($, node.children);
    }
  }
}

/** `html` parsed and written out again, so equal markup compares equal however it was spaced. */
export function normalisedHtml(html: string): string {
  const $ = load(html, null, false);
  tidy($, $.root().contents().toArray());
  return $.html();
}

/** A fragment to query with cheerio. */
export const fragment = (html: string): CheerioAPI => load(html, null, false);
