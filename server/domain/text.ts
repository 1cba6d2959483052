/**
 * Control characters (C0 and C1, NUL among them) other than tab, line feed and carriage return:
 * never part of anything a person typed, and trouble for terminals, CSV files and C tools.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Text nobody can see: white space, controls, format characters (zero-width spaces and joiners,
 * direction marks and overrides, the byte-order mark, tag characters), every other default-ignorable
 * code point (soft hyphen, variation selectors, Hangul fillers) and the blank braille pattern.
 */
const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/**
 * User text as it is stored: without control characters, trimmed, and empty when nothing in it is
 * visible, so that a title of zero-width spaces is refused as an empty one. Visible text keeps its
 * joiners and marks (emoji sequences, Persian, Indic scripts need them) and its line breaks.
 */
export function cleanText(value: string): string {
  const text = value.replace(CONTROLS, '').trim();
  return INVISIBLE.test(text) ? '' : text;
}
