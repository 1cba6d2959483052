/**
 * A pitcher's availability, typed as a few words on the pitch ("not before 11:00", "only the
 * morning", "11:00–15:00"), read into a structured constraint. Times are the venue's wall clock.
 * Also offered as fixed choices (`AVAILABILITY_CHOICES`) for forms that prefer a select.
 */
import { minutesOf } from '../board';
import type { Availability } from './types';

/** "Only the morning": the session ends by 13:00. */
export const MORNING_ENDS = 13 * 60;
/** "Only the afternoon": the session starts at 12:00 or later. */
export const AFTERNOON_STARTS = 12 * 60;

export type AvailabilityParse = { ok: true; value: Availability | null } | { ok: false; error: string };

const EXAMPLES = '“not before 11:00”, “not after 15:00”, “11:00–15:00”, “only the morning” or “only the afternoon”';

const TIME = String.raw`(noon|midday|\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)`;

/** Minutes since midnight of "11", "11:30", "11.30", "2pm", "2:30 pm", "noon"; bare hours 1–7 are afternoon hours. */
export function readTime(text: string): number | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\./g, (dot, at: number, all: string) => (/\d/.test(all[at + 1] ?? '') ? ':' : ''));
  if (t === 'noon' || t === 'midday') return 12 * 60;
  const match = /^(\d{1,2})(?:[:h](\d{2}))?\s*(am|pm)?$/.exec(t);
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = match[2] ? Number(match[2]) : 0;
  const suffix = match[3];
  if (minutes > 59) return null;
  if (suffix) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (suffix === 'pm' ? 12 : 0);
  } else {
    if (hours > 23) return null;
    // Nobody runs a session at 2 in the morning: "not before 2" means 14:00.
    if (hours >= 1 && hours <= 7) hours += 12;
  }
  return hours * 60 + minutes;
}

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => [number | null, number | null] | null }[] = [
  { re: /^(?:(?:only|just)\s+)?(?:(?:in\s+)?the\s+)?mornings?(?:\s+only)?$/, read: () => [null, MORNING_ENDS] },
  { re: /^(?:(?:only|just)\s+)?(?:(?:in\s+)?the\s+)?afternoons?(?:\s+only)?$/, read: () => [AFTERNOON_STARTS, null] },
  { re: new RegExp(`^not\\s+(?:before|earlier\\s+than)\\s+${TIME}$`), read: (m) => time(m[1], null) },
  {
    re: new RegExp(`^(?:not\\s+after|not\\s+later\\s+than|before|until|till|til|by|leaving\\s+at|must\\s+leave\\s+(?:at|by))\\s+${TIME}$`),
    read: (m) => time(null, m[1]),
  },
  { re: new RegExp(`^(?:after|from|arriving\\s+at|only\\s+after)\\s+${TIME}(?:\\s+on)?$`), read: (m) => time(m[1], null) },
  { re: new RegExp(`^(?:between\\s+|from\\s+)?${TIME}\\s*(?:-|–|—|to|and|until|till)\\s*${TIME}$`), read: (m) => time(m[1], m[2]) },
];

function time(from: string | undefined | null, to: string | undefined | null): [number | null, number | null] | null {
  const a = from ? readTime(from) : null;
  const b = to ? readTime(to) : null;
  if ((from && a === null) || (to && b === null)) return null;
  return [a, b];
}

/** Reads the availability field; empty or "any time" is no constraint. */
export function parseAvailability(text: string): AvailabilityParse {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  if (t === '' || /^(any ?time|all day|whenever|no constraints?|none)$/.test(t)) return { ok: true, value: null };
  for (const { re, read } of PATTERNS) {
    const match = re.exec(t);
    if (!match) continue;
    const bounds = read(match);
    if (!bounds) break;
    const [notBefore, notAfter] = bounds;
    if (notBefore !== null && notAfter !== null && notAfter <= notBefore) {
      return { ok: false, error: `Availability “${text.trim()}” ends before it starts. Write it like ${EXAMPLES}.` };
    }
    return { ok: true, value: { notBefore, notAfter } };
  }
  return { ok: false, error: `Could not read availability “${text.trim()}”. Write it like ${EXAMPLES}, or leave it empty.` };
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** How a constraint reads back to people: "Not before 11:00", "Only the morning (ends by 13:00)", "11:00–15:00". */
export function describeAvailability(value: Availability | null): string {
  if (!value || (value.notBefore === null && value.notAfter === null)) return 'Any time';
  const { notBefore, notAfter } = value;
  if (notBefore === null && notAfter === MORNING_ENDS) return 'Only the morning (ends by 13:00)';
  if (notAfter === null && notBefore === AFTERNOON_STARTS) return 'Only the afternoon (from 12:00)';
  if (notBefore !== null && notAfter !== null) return `${hhmm(notBefore)}–${hhmm(notAfter)}`;
  return notBefore !== null ? `Not before ${hhmm(notBefore)}` : `Ends by ${hhmm(notAfter as number)}`;
}

/** The structured choices a form may offer instead of free text (values parse with `parseAvailability`). */
export const AVAILABILITY_CHOICES: { value: string; label: string }[] = [
  { value: '', label: 'Any time' },
  { value: 'only the morning', label: 'Only the morning (ends by 13:00)' },
  { value: 'only the afternoon', label: 'Only the afternoon (from 12:00)' },
];

/** Whether a slot `startsAt`–`endsAt` (`HH:MM`) suits the constraint. */
export function slotSuits(value: Availability | null, startsAt: string, endsAt: string): boolean {
  if (!value) return true;
  if (value.notBefore !== null && minutesOf(startsAt) < value.notBefore) return false;
  if (value.notAfter !== null && minutesOf(endsAt) > value.notAfter) return false;
  return true;
}
