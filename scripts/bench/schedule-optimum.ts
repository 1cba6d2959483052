/**
 * The exact optimum of a small schedule board by trying every grid the assistant may make (fixed
 * sessions stay; each other one takes a free usable cell or none). Exponential: boards of up to
 * about 7 sessions and 9 cells. The tests and `npm run bench:schedule` measure the assistant's gap
 * with it, on random small boards from `randomBoard`.
 */
import type { Problem } from '../../server/domain/schedule/problem';
import { seededRandom } from '../../server/domain/schedule/themes';
import type { ScheduleInput, ScheduleSession } from '../../server/domain/schedule/types';
import { compareCosts, evaluate } from '../../server/domain/schedule/state';

export function bruteForceOptimum(p: Problem): Float64Array {
  const cells = Int32Array.from(p.start);
  const used = new Uint8Array(p.rooms * p.slots);
  for (let s = 0; s < p.n; s++) if (p.fixed[s] && (cells[s] as number) >= 0) used[cells[s] as number] = 1;
  const free = Array.from({ length: p.n }, (_, s) => s).filter((s) => !p.fixed[s]);
  let best: Float64Array | null = null;
  const visit = (k: number): void => {
    if (k === free.length) {
      const cost = evaluate(p, cells);
      if (!best || compareCosts(cost, best) < 0) best = cost;
      return;
    }
    const s = free[k] as number;
    cells[s] = -1;
    visit(k + 1);
    for (let c = 0; c < p.rooms * p.slots; c++) {
      if (used[c] || !p.usable[s * p.slots + Math.floor(c / p.rooms)]) continue;
      used[c] = 1;
      cells[s] = c;
      visit(k + 1);
      used[c] = 0;
    }
    cells[s] = -1;
  };
  visit(0);
  if (!best) throw new Error('no grid at all');
  return best;
}

/** A random small board: seats, audiences, a few evidence pairs, browsers' interests, some placed and pinned sessions. */
export function randomBoard(seed: number, size: { rooms: number; slots: number; sessions: number }): ScheduleInput {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const seats = Array.from({ length: size.rooms }, () => 5 + pick(30));
  const pad = (n: number): string => String(n).padStart(2, '0');
  const input: ScheduleInput = {
    eventDate: '2026-11-29',
    now: null,
    rooms: seats.map((n, r) => ({ id: `r${r}`, name: `Room ${r}`, seats: n })),
    slots: Array.from({ length: size.slots }, (_, t) => ({
      id: `t${t}`,
      label: '',
      startsAt: `${pad(10 + t)}:00`,
      endsAt: `${pad(10 + t)}:45`,
    })),
    sessions: [],
    evidence: [],
    interests: [],
    rules: [],
    options: { moveExisting: random() < 0.7, seed },
  };
  const taken = new Set<string>();
  input.sessions = Array.from({ length: size.sessions }, (_, i) => {
    const placed = random() < 0.4;
    const cell = placed ? { roomId: `r${pick(size.rooms)}`, slotId: `t${pick(size.slots)}` } : null;
    const key = cell ? `${cell.roomId}/${cell.slotId}` : '';
    const free = cell !== null && !taken.has(key);
    if (free) taken.add(key);
    const fields: Partial<ScheduleSession> = {
      hosts: [`p${pick(size.sessions - 1)}`],
      hands: random() < 0.3 ? pick(40) : null,
      cell: free ? cell : null,
      pinned: free && random() < 0.2,
      availability: random() < 0.15 ? { notBefore: (10 + pick(size.slots)) * 60, notAfter: null } : null,
      terms: { [`w${pick(3)}`]: 1, [`v${pick(4)}`]: 0.5 },
    };
    return {
      id: `s${i}`,
      title: `Session s${i}`,
      hosts: [],
      interest: 0,
      hands: null,
      availability: null,
      pinned: false,
      cell: null,
      ...fields,
    };
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
