/** Small schedule boards for the assistant's tests (random ones: scripts/bench/schedule-optimum.ts). */
import type { ScheduleInput, ScheduleSession } from '../../../../server/domain/schedule/types';

export const session = (id: string, fields: Partial<ScheduleSession> = {}): ScheduleSession => ({
  id,
  title: `Session ${id}`,
  hosts: [`host of ${id}`],
  interest: 0,
  hands: null,
  availability: null,
  pinned: false,
  cell: null,
  ...fields,
});

const pad = (n: number): string => String(n).padStart(2, '0');

/** `rooms` rooms (seats given, or 20 each) and `slots` hourly slots from 10:00. */
export function board(rooms: number | (number | null)[], slots: number, fields: Partial<ScheduleInput> = {}): ScheduleInput {
  const seats = typeof rooms === 'number' ? new Array<number | null>(rooms).fill(20) : rooms;
  return {
    eventDate: '2026-11-29',
    now: null,
    rooms: seats.map((n, r) => ({ id: `r${r}`, name: `Room ${r}`, seats: n })),
    slots: Array.from({ length: slots }, (_, t) => ({
      id: `t${t}`,
      label: '',
      startsAt: `${pad(10 + t)}:00`,
      endsAt: `${pad(10 + t)}:45`,
    })),
    sessions: [],
    evidence: [],
    interests: [],
    rules: [],
    options: { moveExisting: true, seed: 1 },
    ...fields,
  };
}
