/** Which slots the assistant leaves alone by the clock; pure and small, so the board's script uses it too. */
import { minutesOf } from '../board';
import type { ScheduleNow, ScheduleSlot } from './types';

/**
 * Slots that have started (running or past) and the next ones to start: nothing moves in or out of
 * them, since people are in those rooms or on their way. Before the event's day nothing is frozen,
 * after it everything is.
 */
export function frozenSlots(slots: readonly ScheduleSlot[], eventDate: string, now: ScheduleNow | null): Set<string> {
  if (!now || now.date < eventDate) return new Set();
  if (now.date > eventDate) return new Set(slots.map((s) => s.id));
  const started = slots.filter((s) => minutesOf(s.startsAt) <= now.minutes);
  const upcoming = slots.filter((s) => minutesOf(s.startsAt) > now.minutes);
  const nextStart = Math.min(...upcoming.map((s) => minutesOf(s.startsAt)));
  return new Set([...started, ...upcoming.filter((s) => minutesOf(s.startsAt) === nextStart)].map((s) => s.id));
}
