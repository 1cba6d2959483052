/**
 * The exact optimum of a small schedule board by trying every grid the assistant may make (fixed
 * sessions stay; each other one takes a free usable cell or none). Exponential: boards of up to
 * about 7 sessions and 9 cells. The tests and `npm run bench:schedule` measure the assistant's gap with it.
 */
import type { Problem } from '../../server/domain/schedule/problem';
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
