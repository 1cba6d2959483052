/**
 * Series detection: "Intro to Rust (Part 1)" and "Intro to Rust (Part 2)" are meant to follow
 * each other, so they should be linked, never merged. A series marker is a word such as
 * part/teil/partie/session/day/tag/jour followed by a number or Roman numeral, or a trailing
 * "#2", "II" or "(2)". Two titles form a series when they differ only in that marker, or when
 * the same series name comes before different markers ("Data in councils, part 1: where we are"
 * and "Data in councils, part 2: what next"): parts often carry their own subtitles.
 */

const MARKER_WORDS = 'part|pt\\.?|teil|partie|session|day|tag|jour|episode|ep\\.?|chapter|kapitel|chapitre|round|runde|vol\\.?|volume';
const NUMERAL = '\\d{1,2}|[ivx]{1,4}|one|two|three|four|eins|zwei|drei|un|deux|trois';
const MARKER = new RegExp(`(?:^|[\\s(\\[:,–—-])(?:${MARKER_WORDS})\\s*(?:${NUMERAL})(?=$|[\\s)\\]:,.!?–—-])`, 'giu');
const TRAILING = new RegExp(`(?:\\s#?(?:\\d{1,2}|[ivx]{1,4})|\\s?\\((?:\\d{1,2}|[ivx]{1,4})\\))\\s*$`, 'iu');

/** The title with its series marker removed, normalised; null when it has no marker. */
export function seriesStem(title: string): string | null {
  const lower = title.normalize('NFKC').toLowerCase().trim();
  let stripped = lower.replace(MARKER, ' ');
  if (stripped === lower) stripped = lower.replace(TRAILING, '');
  if (stripped === lower) return null;
  const stem = stripped.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return stem.length > 0 ? stem : null;
}

/** The normalised text before a title's first series marker; null when there is none or it is empty. */
export function seriesName(title: string): string | null {
  const lower = title.normalize('NFKC').toLowerCase().trim();
  const marker = new RegExp(MARKER.source, 'iu').exec(lower);
  if (!marker) return null;
  const name = lower
    .slice(0, marker.index)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return name.length > 0 ? name : null;
}

const allEqual = (values: readonly (string | null)[]): boolean => values[0] != null && values.every((v) => v === values[0]);

/** What series detection reads from one title; computing it once per session saves the regular expressions per pair. */
export interface SeriesParts {
  /** The trimmed, lower-cased title (two equal titles are a duplicate, not a series). */
  key: string;
  stem: string | null;
  name: string | null;
}

export function seriesParts(title: string): SeriesParts {
  return { key: title.trim().toLowerCase(), stem: seriesStem(title), name: seriesName(title) };
}

/** `isSeries` over titles already read by `seriesParts`. */
export function isSeriesOf(parts: readonly SeriesParts[]): boolean {
  if (parts.length < 2) return false;
  if (new Set(parts.map((p) => p.key)).size !== parts.length) return false;
  return allEqual(parts.map((p) => p.stem)) || allEqual(parts.map((p) => p.name));
}

/** True when the titles are parts of one series: one title apart from its markers, or one series name before them. */
export function isSeries(titles: readonly string[]): boolean {
  return isSeriesOf(titles.map(seriesParts));
}
