/**
 * Series detection: "Intro to Rust (Part 1)" and "Intro to Rust (Part 2)" are meant to follow
 * each other, so they should be linked, never merged. A series marker is a word such as
 * part/teil/partie/session/day/tag/jour followed by a number or Roman numeral, or a trailing
 * "#2", "II" or "(2)"; two titles form a series when they differ only in that marker.
 */

const MARKER_WORDS = "part|pt\\.?|teil|partie|session|day|tag|jour|episode|ep\\.?|chapter|kapitel|chapitre|round|runde|vol\\.?|volume";
const NUMERAL = "\\d{1,2}|[ivx]{1,4}|one|two|three|four|eins|zwei|drei|un|deux|trois";
const MARKER = new RegExp(`(?:^|[\\s(\\[:,–—-])(?:${MARKER_WORDS})\\s*(?:${NUMERAL})(?=$|[\\s)\\]:,.!?–—-])`, "giu");
const TRAILING = new RegExp(`(?:\\s#?(?:\\d{1,2}|[ivx]{1,4})|\\s?\\((?:\\d{1,2}|[ivx]{1,4})\\))\\s*$`, "iu");

/** The title with its series marker removed, normalised; null when it has no marker. */
export function seriesStem(title: string): string | null {
  const lower = title.normalize("NFKC").toLowerCase().trim();
  let stripped = lower.replace(MARKER, " ");
  if (stripped === lower) stripped = lower.replace(TRAILING, "");
  if (stripped === lower) return null;
  const stem = stripped.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return stem.length > 0 ? stem : null;
}

/** True when the titles are parts of one series (same title apart from different part markers). */
export function isSeries(titles: readonly string[]): boolean {
  if (titles.length < 2) return false;
  const stems = titles.map(seriesStem);
  const first = stems[0];
  if (!first || stems.some((s) => s !== first)) return false;
  return new Set(titles.map((t) => t.trim().toLowerCase())).size === titles.length;
}
