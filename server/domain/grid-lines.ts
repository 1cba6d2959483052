/**
 * Rooms and time slots pasted as lists, one a line, as organisers keep them in a document or a
 * spreadsheet column: "Main Hall, 80" and "09:45-10:30 Keynote". Pure: the service checks limits
 * against the event and saves. Every line with a problem is reported with its number, and a list
 * with any problem is refused whole, so nothing is half-added.
 */
import { minutesOf } from './board';

export interface LineProblem {
  /** 1-based, as a text editor numbers lines. */
  line: number;
  message: string;
}

export interface LineLimits {
  name: number;
  label: number;
  capacity: number;
}

export type Parsed<T> = { ok: true; items: T[] } | { ok: false; problems: LineProblem[] };

/** Non-empty lines with their numbers; surrounding spaces and blank lines are ignored. */
function linesOf(text: string): { line: number; text: string }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ line: i + 1, text: raw.trim() }))
    .filter((l) => l.text !== '');
}

function collect<T>(text: string, read: (line: string) => T | string): Parsed<T> {
  const items: T[] = [];
  const problems: LineProblem[] = [];
  const lines = linesOf(text);
  if (lines.length === 0) return { ok: false, problems: [{ line: 1, message: 'Paste at least one line.' }] };
  for (const { line, text: content } of lines) {
    const result = read(content);
    if (typeof result === 'string') problems.push({ line, message: `Line ${line} (“${clip(content)}”): ${result}` });
    else items.push(result);
  }
  return problems.length ? { ok: false, problems } : { ok: true, items };
}

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/**
 * "Main Hall, 80", "Main Hall<tab>80" (as a spreadsheet pastes two columns), "Main Hall (80
 * seats)" or just "Main Hall". A trailing number is the seats; a name may still contain numbers
 * ("Committee Room 1") when the seats are given after a comma or a tab.
 */
export function parseRoomLines(text: string, limits: LineLimits): Parsed<{ name: string; capacity: number | null }> {
  return collect(text, (line) => {
    const match = /^(.*?)\s*(?:[,;\t]\s*|\(\s*)(\d[\d\s,.]*?)\s*(?:seats?|people|places)?\s*\)?$/i.exec(line);
    const name = (match ? match[1] : line)?.trim() ?? '';
    const seats = match?.[2]?.replace(/[\s,.]/g, '');
    if (!name) return 'the room needs a name before its seats.';
    if (name.length > limits.name) return `a room name must be at most ${limits.name} characters.`;
    if (seats === undefined) return { name, capacity: null };
    const capacity = Number(seats);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > limits.capacity) {
      return `seats must be a whole number from 1 to ${limits.capacity}.`;
    }
    return { name, capacity };
  });
}

/** "9:30" or "09:30" (also "9.30") as "09:30"; null when it is not a time of day. */
export function readClock(value: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value);
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h > 23 || m > 59 ? null : `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "09:45-10:30", "09:45–10:30 Keynote", "9:45 to 10:30, Lunch": start, end and an optional label. */
export function parseSlotLines(text: string, limits: LineLimits): Parsed<{ label: string; startsAt: string; endsAt: string }> {
  return collect(text, (line) => {
    const match = /^(\d{1,2}[:.]\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}[:.]\d{2})\s*[,;\t:]?\s*(.*)$/i.exec(line);
    if (!match) return 'write the times as 09:45-10:30, then a label if you like.';
    const startsAt = readClock(match[1] ?? '');
    const endsAt = readClock(match[2] ?? '');
    if (!startsAt || !endsAt) return 'times must be on a 24-hour clock, such as 09:45 or 14:30.';
    if (minutesOf(endsAt) <= minutesOf(startsAt)) return `the end (${endsAt}) must be after the start (${startsAt}).`;
    const label = (match[3] ?? '').trim();
    if (label.length > limits.label) return `a slot label must be at most ${limits.label} characters.`;
    return { label, startsAt, endsAt };
  });
}
