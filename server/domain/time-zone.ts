/**
 * Time zones by IANA name ('Europe/London'). Pure (Intl only), shared by the server and the browser:
 * both turn an instant into the venue's wall-clock time with the event's zone, never their own.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than using it, and the wall asks every few seconds. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date and time of day of `at` on a clock in `timeZone`. */
export function zonedParts(at: Date, timeZone: string): { date: string; hours: number; minutes: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hours: Number(parts.hour), minutes: Number(parts.minute) };
}

/**
 * The zone's canonical name ('europe/london' → 'Europe/London'), or null when Intl does not know it.
 * Intl is the judge, so whatever is accepted here also works in every browser that shows the board.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zone this process runs in (TZ), the default for new events. */
export const localTimeZone = (): string => new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
