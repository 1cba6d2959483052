/** Small schedule boards for the assistant's tests. */
import type { ScheduleInput, ScheduleSession } from '../../../../server/domain/schedule/types';
import { seededRandom } from '../../../../server/domain/schedule/themes';

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

/** A random small board: seats, audiences, a few evidence pairs, browsers' interests, some placed and pinned sessions. */
export function randomBoard(seed: number, size: { rooms: number; slots: number; sessions: number }): ScheduleInput {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const seats = Array.from({ length: size.rooms }, () => 5 + pick(30));
  const input = board(seats, size.slots, { options: { moveExisting: random() < 0.7, seed } });
  const taken = new Set<string>();
  input.sessions = Array.from({ length: size.sessions }, (_, i) => {
    const placed = random() < 0.4;
    const cell = placed ? { roomId: `r${pick(size.rooms)}`, slotId: `t${pick(size.slots)}` } : null;
    const key = cell ? `${cell.roomId}/${cell.slotId}` : '';
    const free = cell !== null && !taken.has(key);
    if (free) taken.add(key);
    return session(`s${i}`, {
      hosts: [`p${pick(size.sessions - 1)}`],
      hands: random() < 0.3 ? pick(40) : null,
      cell: free ? cell : null,
      pinned: free && random() < 0.2,
      availability: random() < 0.15 ? { notBefore: (10 + pick(size.slots)) * 60, notAfter: null } : null,
      terms: { [`w${pick(3)}`]: 1, [`v${pick(4)}`]: 0.5 },
    });
  });
  input.interests = Array.from({ length: 25 }, () => [...new Set(Array.from({ length: 1 + pick(3) }, () => `s${pick(size.sessions)}`))]);
  for (const s of input.sessions) s.interest = input.interests.filter((list) => list.includes(s.id)).length;
  input.evidence = Array.from({ length: 2 }, () => ({
    a: `s${pick(size.sessions)}`,
    b: `s${pick(size.sessions)}`,
    weight: 1,
    source: 'detector' as const,
    reason: 'shared words',
  }));
  if (random() < 0.3) input.rules.push({ kind: 'apart', a: 's0', b: 's1' });
  if (random() < 0.3) input.rules.push({ kind: 'back-to-back', a: 's2', b: 's3' });
  return input;
}
