/**
 * The search: place unscheduled sessions greedily, then a seeded local search of moves to free
 * cells and swaps, each kept when the cost vector does not get worse (lexicographically, so a
 * lower tier never pays for a higher one; equal moves are kept to walk across plateaus).
 * Deterministic: a fixed number of steps from a seeded PRNG, never a time budget.
 */
import type { Problem } from './problem';
import { compareCosts, GridState, TIERS } from './state';
import { seededRandom } from './themes';

/** Local-search steps per movable session, unless the options say otherwise. */
export const DEFAULT_EFFORT = 600;

/** Sessions the search may move, in id order. */
export function movable(p: Problem): number[] {
  const out: number[] = [];
  for (let s = 0; s < p.n; s++) if (!p.fixed[s]) out.push(s);
  return out;
}

/** Each unscheduled movable session, most expected people first, into the free cell that costs least (if any improves on leaving it out). */
export function placeGreedily(state: GridState, order: readonly number[]): void {
  const p = state.p;
  for (const s of order) {
    if ((state.cellOf[s] as number) >= 0) continue;
    const base = Float64Array.from(state.cost);
    let best = -1;
    let bestCost = base;
    for (let c = 0; c < p.rooms * p.slots; c++) {
      if ((state.occupant[c] as number) >= 0 || !p.usable[s * p.slots + Math.floor(c / p.rooms)]) continue;
      state.moveTo(s, c);
      if (compareCosts(state.cost, bestCost) < 0) [best, bestCost] = [c, Float64Array.from(state.cost)];
      state.moveTo(s, -1);
    }
    if (best >= 0) state.moveTo(s, best);
  }
}

/** Most expected people first; ties by id order (the problem's order). */
export function byAudience(p: Problem, sessions: readonly number[]): number[] {
  return [...sessions].sort((a, b) => (p.audience[b] as number) - (p.audience[a] as number) || a - b);
}

/**
 * Weights that turn the cost vector into one number for the annealing's acceptance test only: steep
 * enough that a tier outweighs the one below in any realistic range. What is kept is always
 * compared lexicographically (`compareCosts`).
 */
const WEIGHTS = [1e6, 1e5, 1e4, 100, 1, 0.05, 0.005];
const T_START = 100;
const T_END = 1e-4;
const T_REHEAT = 1;
/** Small boards get at least this many steps: they cost little, and the optimum is then found (test/unit/domain/schedule). */
const MIN_STEPS = 20_000;

function scalarDelta(after: ArrayLike<number>, before: ArrayLike<number>): number {
  let d = 0;
  for (let k = 0; k < TIERS; k++) d += (WEIGHTS[k] as number) * ((after[k] as number) - (before[k] as number));
  return d;
}

/**
 * The moves that put `s` in cell `c`: its two-part partner (a back-to-back rule) comes along to the
 * cell before or after, and whoever held those cells takes the cells they left (or goes unscheduled).
 * Null when a fixed session or availability is in the way.
 */
function movesFor(state: GridState, s: number, c: number): number[] | null {
  const p = state.p;
  const moves = [s, c];
  const rule = (p.backToBackOf[s] as number[])[0];
  if (rule !== undefined) {
    const { a, b } = p.backToBack[rule] as { a: number; b: number };
    const partner = s === a ? b : a;
    if (!p.fixed[partner]) {
      const other = s === a ? c + p.rooms : c - p.rooms;
      if (other < 0 || other >= p.rooms * p.slots || !p.usable[partner * p.slots + Math.floor(other / p.rooms)]) return null;
      moves.push(partner, other);
    }
  }
  const targets = new Set<number>();
  const movers = new Set<number>();
  for (let k = 0; k < moves.length; k += 2) {
    targets.add(moves[k + 1] as number);
    movers.add(moves[k] as number);
  }
  const vacated: number[] = [];
  for (let k = 0; k < moves.length; k += 2) {
    const from = state.cellOf[moves[k] as number] as number;
    if (from >= 0 && !targets.has(from)) vacated.push(from);
  }
  for (const target of targets) {
    const held = state.occupant[target] as number;
    if (held < 0 || movers.has(held)) continue;
    if (p.fixed[held]) return null;
    const to = vacated.shift() ?? -1;
    if (to >= 0 && !p.usable[held * p.slots + Math.floor(to / p.rooms)]) return null;
    moves.push(held, to);
  }
  return moves;
}

/** Leaving a session out is tried this often: it only pays when it ends a hard-rule violation. */
const UNPLACE_SHARE = 0.02;

/** Takes `s` out of the grid, with its two-part partner. */
function unplacing(state: GridState, s: number): number[] | null {
  const p = state.p;
  const rule = (p.backToBackOf[s] as number[])[0];
  if (rule === undefined) return [s, -1];
  const { a, b } = p.backToBack[rule] as { a: number; b: number };
  const partner = s === a ? b : a;
  return p.fixed[partner] ? null : [s, -1, partner, -1];
}

/** A random movable session to a random usable cell (or, rarely, out of the grid); null when that cannot be done. */
function randomMoves(state: GridState, moving: readonly number[], random: () => number): number[] | null {
  const p = state.p;
  const s = moving[Math.floor(random() * moving.length)] as number;
  if (random() < UNPLACE_SHARE) return (state.cellOf[s] as number) >= 0 ? unplacing(state, s) : null;
  const t = Math.floor(random() * p.slots);
  if (!p.usable[s * p.slots + t]) return null;
  const c = t * p.rooms + Math.floor(random() * p.rooms);
  return c === state.cellOf[s] ? null : movesFor(state, s, c);
}

/** A seeded walk: simulated annealing over moves and swaps; returns the best grid seen (lexicographically). */
function anneal(state: GridState, moving: readonly number[], steps: number, random: () => number, hot = T_START): Int32Array {
  let best = Int32Array.from(state.cellOf);
  const bestCost = Float64Array.from(state.cost);
  const previous = new Float64Array(TIERS);
  for (let k = 0; k < steps; k++) {
    const temperature = hot * (T_END / hot) ** (k / steps);
    const moves = randomMoves(state, moving, random);
    if (!moves) continue;
    const undo = moves.map((x, i) => (i % 2 === 0 ? x : (state.cellOf[moves[i - 1] as number] as number)));
    previous.set(state.cost);
    state.assign(moves);
    const delta = scalarDelta(state.cost, previous);
    if (delta > 0 && random() >= Math.exp(-delta / temperature)) {
      state.assign(undo);
      continue;
    }
    if (compareCosts(state.cost, bestCost) < 0) {
      best = Int32Array.from(state.cellOf);
      bestCost.set(state.cost);
    }
  }
  return best;
}

/** Passes over the whole neighbourhood at most this often in the final descent. */
const MAX_PASSES = 20;

/**
 * Settles the annealing's best grid: every movable session to every cell (and out), each kept only
 * when it makes the cost vector strictly better, until a whole pass finds nothing.
 */
function descend(state: GridState, moving: readonly number[]): void {
  const p = state.p;
  const previous = new Float64Array(TIERS);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (const s of moving) {
      for (let c = -1; c < p.rooms * p.slots; c++) {
        if (c === state.cellOf[s] || (c >= 0 && !p.usable[s * p.slots + Math.floor(c / p.rooms)])) continue;
        const moves = c < 0 ? unplacing(state, s) : movesFor(state, s, c);
        if (!moves) continue;
        const undo = moves.map((x, i) => (i % 2 === 0 ? x : (state.cellOf[moves[i - 1] as number] as number)));
        previous.set(state.cost);
        state.assign(moves);
        if (compareCosts(state.cost, previous) < 0) improved = true;
        else state.assign(undo);
      }
    }
    if (!improved) return;
  }
}

/** Places, then improves, the movable sessions; returns the final grid. */
export function search(start: GridState, effort: number, seed: number): GridState {
  const p = start.p;
  const moving = movable(p);
  placeGreedily(start, byAudience(p, moving));
  if (moving.length === 0) return start;
  const random = seededRandom(seed ^ 0x5eed);
  const steps = Math.max(MIN_STEPS, effort * moving.length);
  const first = new GridState(p, anneal(start, moving, steps, random));
  // A second, cooler walk from the best grid: it explores the lower tiers (moves, tracks) without undoing the upper ones.
  const state = new GridState(p, anneal(first, moving, Math.ceil(steps / 2), random, T_REHEAT));
  descend(state, moving);
  return state;
}

/**
 * The baseline an organiser might follow by hand: sessions by descending expected audience, each
 * into the largest free room of the earliest slot where it has no evidence clash (the earliest
 * free cell when every slot clashes). Rooms of unknown size count as smallest. Starts from an
 * empty grid apart from fixed sessions.
 */
export function greedyBaseline(p: Problem): Int32Array {
  const cells = new Int32Array(p.n).fill(-1);
  const occupied = new Uint8Array(p.rooms * p.slots);
  for (let s = 0; s < p.n; s++) {
    if (p.fixed[s] && (p.start[s] as number) >= 0) {
      cells[s] = p.start[s] as number;
      occupied[p.start[s] as number] = 1;
    }
  }
  const seats = p.input.rooms.map((r) => r.seats ?? 0);
  const roomsBySize = p.input.rooms.map((_, r) => r).sort((a, b) => (seats[b] as number) - (seats[a] as number) || a - b);
  const clashes = (s: number, t: number) =>
    (p.evidence[s] as { other: number }[]).some(
      ({ other }) => (cells[other] as number) >= 0 && Math.floor((cells[other] as number) / p.rooms) === t,
    );
  const freeRoom = (s: number, t: number) => (p.usable[s * p.slots + t] ? roomsBySize.find((r) => !occupied[t * p.rooms + r]) : undefined);
  for (const s of byAudience(p, movable(p))) {
    if ((cells[s] as number) >= 0) continue;
    let cell = -1;
    for (let t = 0; t < p.slots && cell < 0; t++) {
      const r = clashes(s, t) ? undefined : freeRoom(s, t);
      if (r !== undefined) cell = t * p.rooms + r;
    }
    for (let t = 0; t < p.slots && cell < 0; t++) {
      const r = freeRoom(s, t);
      if (r !== undefined) cell = t * p.rooms + r;
    }
    if (cell >= 0) {
      cells[s] = cell;
      occupied[cell] = 1;
    }
  }
  return cells;
}
