/**
 * A grid being searched: where each session is, with the objective kept up to date as sessions move
 * (each move costs time proportional to the session's hosts, evidence pairs and interested browsers).
 * `evaluate` computes the same figures from scratch; the tests check that the two agree.
 */
import type { Problem } from './problem';
import type { ScheduleFigures } from './types';

/** Positions of the objective's tiers in a cost vector, most important first. */
export const HARD = 0;
export const UNPLACED = 1;
export const EVIDENCE = 2;
export const WANTED = 3;
export const OVER = 4;
export const MOVED = 5;
export const TRACK = 6;
export const TIERS = 7;

const add = (cost: Float64Array | number[], tier: number, value: number): void => {
  cost[tier] = (cost[tier] as number) + value;
};

/** Negative when `a` is better than `b`, lexicographically (tier 0 first). */
export function compareCosts(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let k = 0; k < TIERS; k++) {
    const d = (a[k] as number) - (b[k] as number);
    // Evidence weights may be fractional: differences below this are rounding, not a change.
    if (d > 1e-9) return 1;
    if (d < -1e-9) return -1;
  }
  return 0;
}

export const figuresOf = (cost: ArrayLike<number>): ScheduleFigures => ({
  hardViolations: cost[HARD] as number,
  // Each left-out session adds 1 plus a share of a fraction below 1 in all (see Problem.leftOut).
  unplaced: Math.floor((cost[UNPLACED] as number) + 1e-9),
  evidenceClashes: cost[EVIDENCE] as number,
  wantedBothClashes: cost[WANTED] as number,
  overCapacity: cost[OVER] as number,
  moved: cost[MOVED] as number,
  trackSplits: cost[TRACK] as number,
});

export class GridState {
  readonly cellOf: Int32Array;
  readonly occupant: Int32Array;
  readonly cost = new Float64Array(TIERS);
  private readonly hostCount: Int32Array;
  private readonly browserCount: Int32Array;
  private readonly themeRoom: Int32Array;
  private readonly themePlaced: Int32Array;

  constructor(
    readonly p: Problem,
    cells: Int32Array = p.start,
  ) {
    this.cellOf = new Int32Array(p.n).fill(-1);
    this.occupant = new Int32Array(p.rooms * p.slots).fill(-1);
    this.hostCount = new Int32Array(p.hosts * p.slots);
    this.browserCount = new Int32Array(p.browsers * p.slots);
    this.themeRoom = new Int32Array(Math.max(1, p.themes) * p.rooms);
    this.themePlaced = new Int32Array(Math.max(1, p.themes));
    for (let s = 0; s < p.n; s++) add(this.cost, UNPLACED, p.leftOut[s] as number);
    for (let s = 0; s < p.n; s++) if ((p.start[s] as number) >= 0) add(this.cost, MOVED, 1);
    for (let s = 0; s < p.n; s++) if ((cells[s] as number) >= 0) this.place(s, cells[s] as number);
  }

  slotOfSession(s: number): number {
    const c = this.cellOf[s] as number;
    return c < 0 ? -1 : Math.floor(c / this.p.rooms);
  }

  /** Moves `s` to cell `to` (-1: unscheduled); the cell must be free. Updates `cost`. */
  moveTo(s: number, to: number): void {
    if ((this.cellOf[s] as number) >= 0) this.take(s);
    if (to >= 0) this.place(s, to);
  }

  /** Exchanges the cells of two sessions (either may be unscheduled). */
  swap(a: number, b: number): void {
    if (a === b) return;
    const ca = this.cellOf[a] as number;
    const cb = this.cellOf[b] as number;
    if (ca >= 0) this.take(a);
    if (cb >= 0) this.take(b);
    if (cb >= 0) this.place(a, cb);
    if (ca >= 0) this.place(b, ca);
  }

  /** Moves several sessions at once: `moves` is [session, cell, session, cell, …]; the cells must be free once the movers left theirs. */
  assign(moves: readonly number[]): void {
    for (let k = 0; k < moves.length; k += 2) if ((this.cellOf[moves[k] as number] as number) >= 0) this.take(moves[k] as number);
    for (let k = 0; k < moves.length; k += 2) if ((moves[k + 1] as number) >= 0) this.place(moves[k] as number, moves[k + 1] as number);
  }

  private backToBackBroken(s: number): number {
    let broken = 0;
    for (const k of this.p.backToBackOf[s] as number[]) broken += this.ruleBroken(k);
    return broken;
  }

  /** A two-part rule holds when both are unscheduled, or `b` is in the slot after `a`'s, in the same room. */
  ruleBroken(k: number): number {
    const { a, b } = this.p.backToBack[k] as { a: number; b: number };
    const ca = this.cellOf[a] as number;
    const cb = this.cellOf[b] as number;
    if (ca < 0 && cb < 0) return 0;
    if (ca < 0 || cb < 0) return 1;
    return cb === ca + this.p.rooms ? 0 : 1;
  }

  private themePenalty(theme: number): number {
    const R = this.p.rooms;
    let most = 0;
    for (let r = 0; r < R; r++) most = Math.max(most, this.themeRoom[theme * R + r] as number);
    return (this.themePlaced[theme] as number) - most;
  }

  /** Adds (sign 1) or removes (sign -1) everything session `s` in cell `c` contributes, except the cell bookkeeping. */
  private account(s: number, c: number, sign: 1 | -1): void {
    const p = this.p;
    const R = p.rooms;
    const T = p.slots;
    const t = Math.floor(c / R);
    const r = c % R;
    const cost = this.cost;
    // Counts are read as they stand without s: removing first lowers them, adding reads them before raising.
    for (const h of p.hostsOf[s] as number[]) {
      if (sign < 0) this.hostCount[h * T + t] = (this.hostCount[h * T + t] as number) - 1;
      add(cost, HARD, sign * (this.hostCount[h * T + t] as number));
      if (sign > 0) this.hostCount[h * T + t] = (this.hostCount[h * T + t] as number) + 1;
    }
    for (const other of p.apart[s] as number[]) if (this.slotOfSession(other) === t) add(cost, HARD, sign);
    if (!p.suits[s * T + t]) add(cost, HARD, sign);
    for (const { other, weight } of p.evidence[s] as { other: number; weight: number }[]) {
      if (this.slotOfSession(other) === t) add(cost, EVIDENCE, sign * weight);
    }
    for (const b of p.interestedBy[s] as number[]) {
      if (sign < 0) this.browserCount[b * T + t] = (this.browserCount[b * T + t] as number) - 1;
      if ((this.browserCount[b * T + t] as number) >= 1) add(cost, WANTED, sign);
      if (sign > 0) this.browserCount[b * T + t] = (this.browserCount[b * T + t] as number) + 1;
    }
    add(cost, OVER, sign * (p.over[s * R + r] as number));
    const start = p.start[s] as number;
    if (start >= 0 && start !== c) add(cost, MOVED, sign);
    // Unscheduled counts as moved for a placed session; placing it anywhere else keeps that count.
    if (start >= 0) add(cost, MOVED, -sign);
    add(cost, UNPLACED, -sign * (p.leftOut[s] as number));
    const theme = p.theme[s] as number;
    if (theme >= 0) {
      const before = this.themePenalty(theme);
      this.themeRoom[theme * R + r] = (this.themeRoom[theme * R + r] as number) + sign;
      this.themePlaced[theme] = (this.themePlaced[theme] as number) + sign;
      add(cost, TRACK, this.themePenalty(theme) - before);
    }
  }

  private place(s: number, c: number): void {
    const rulesBefore = this.backToBackBroken(s);
    this.account(s, c, 1);
    this.cellOf[s] = c;
    this.occupant[c] = s;
    add(this.cost, HARD, this.backToBackBroken(s) - rulesBefore);
  }

  private take(s: number): void {
    const c = this.cellOf[s] as number;
    const rulesBefore = this.backToBackBroken(s);
    this.cellOf[s] = -1;
    this.occupant[c] = -1;
    this.account(s, c, -1);
    add(this.cost, HARD, this.backToBackBroken(s) - rulesBefore);
  }
}

/** The figures of a grid computed from scratch (the reference the incremental state must match). */
export function evaluate(p: Problem, cells: ArrayLike<number>): Float64Array {
  const cost = new Float64Array(TIERS);
  const R = p.rooms;
  const T = p.slots;
  const slot = (s: number) => ((cells[s] as number) < 0 ? -1 : Math.floor((cells[s] as number) / R));
  for (let s = 0; s < p.n; s++) {
    const c = cells[s] as number;
    const start = p.start[s] as number;
    if (start >= 0 && c !== start) add(cost, MOVED, 1);
    if (c < 0) {
      add(cost, UNPLACED, p.leftOut[s] as number);
      continue;
    }
    const t = slot(s);
    if (!p.suits[s * T + t]) add(cost, HARD, 1);
    add(cost, OVER, p.over[s * R + (c % R)] as number);
    for (let o = s + 1; o < p.n; o++) {
      if (slot(o) !== t) continue;
      const shared = (p.hostsOf[s] as number[]).filter((h) => (p.hostsOf[o] as number[]).includes(h)).length;
      add(cost, HARD, shared + (p.apart[s] as number[]).filter((x) => x === o).length);
      for (const e of p.evidence[s] as { other: number; weight: number }[]) if (e.other === o) add(cost, EVIDENCE, e.weight);
    }
  }
  for (const { a, b } of p.backToBack) {
    const ca = cells[a] as number;
    const cb = cells[b] as number;
    if (!(ca < 0 && cb < 0) && !(ca >= 0 && cb === ca + R)) add(cost, HARD, 1);
  }
  const perBrowser = new Map<number, number[]>();
  for (let s = 0; s < p.n; s++) {
    if (slot(s) < 0) continue;
    for (const b of p.interestedBy[s] as number[]) {
      const counts = perBrowser.get(b) ?? new Array<number>(T).fill(0);
      counts[slot(s)] = (counts[slot(s)] as number) + 1;
      perBrowser.set(b, counts);
    }
  }
  for (const counts of perBrowser.values()) for (const k of counts) add(cost, WANTED, Math.max(0, k - 1));
  for (let theme = 0; theme < p.themes; theme++) {
    const perRoom = new Array<number>(R).fill(0);
    for (let s = 0; s < p.n; s++) if (p.theme[s] === theme && (cells[s] as number) >= 0) add(perRoom, (cells[s] as number) % R, 1);
    add(cost, TRACK, perRoom.reduce((x, y) => x + y, 0) - Math.max(0, ...perRoom));
  }
  return cost;
}
