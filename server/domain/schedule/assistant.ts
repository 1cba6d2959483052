/**
 * The schedule assistant: a proposed grid for an event, with why each card moves and the figures
 * before and after. Pure and deterministic (seeded); see docs/schedule.md for the objective.
 */
import { coInterest, reasonsFor, type ExplainContext } from './explain';
import { buildProblem, type Problem } from './problem';
import { DEFAULT_EFFORT, greedyBaseline, search } from './search';
import { evaluate, figuresOf, GridState } from './state';
import { trackName } from './themes';
import type { Cell, ClashPair, Placement, Proposal, ScheduleFigures, ScheduleInput, Track, Unplaced } from './types';

export { buildProblem, type Problem } from './problem';

const quote = (title: string): string => `“${title}”`;

const cellOf = (p: Problem, c: number): Cell | null =>
  c < 0 ? null : { roomId: p.input.rooms[c % p.rooms]?.id as string, slotId: p.input.slots[Math.floor(c / p.rooms)]?.id as string };

/** The figures of any grid of this problem: `cells[s]` is session s's cell (slot × rooms + room) or -1. */
export function figuresFor(p: Problem, cells: ArrayLike<number>): ScheduleFigures {
  return figuresOf(evaluate(p, cells));
}

/** The greedy baseline's grid (see `greedyBaseline`), for comparison. */
export function greedyCells(p: Problem): Int32Array {
  return greedyBaseline(p);
}

function tracksOf(p: Problem, cells: ArrayLike<number>): { tracks: Track[]; rooms: number[] } {
  const rooms: number[] = [];
  const tracks = p.themeTerms.map((terms, theme): Track => {
    const members = p.sessions.flatMap((s, i) => (p.theme[i] === theme ? [i] : []));
    const perRoom = new Array<number>(p.rooms).fill(0);
    for (const i of members)
      if ((cells[i] as number) >= 0) perRoom[(cells[i] as number) % p.rooms] = (perRoom[(cells[i] as number) % p.rooms] as number) + 1;
    const most = Math.max(0, ...perRoom);
    const room = most > 0 ? perRoom.indexOf(most) : -1;
    rooms.push(room);
    return {
      id: theme,
      name: trackName(terms, p.input.surface),
      terms: terms.slice(0, 3).map((t) => p.input.surface?.[t] ?? t),
      roomId: room >= 0 ? (p.input.rooms[room]?.id as string) : null,
      sessionIds: members.map((i) => p.sessions[i]?.id as string),
    };
  });
  return { tracks, rooms };
}

function unplacedWhy(p: Problem, state: GridState, s: number): string {
  const usableSlots = Array.from({ length: p.slots }, (_, t) => t).filter((t) => p.usable[s * p.slots + t]);
  if (usableSlots.length === 0) {
    const availability = p.sessions[s]?.availability;
    return availability
      ? 'Its host’s availability leaves no slot that has not started or is not next.'
      : 'Every slot has started or is next.';
  }
  const free = usableSlots.some((t) =>
    Array.from({ length: p.rooms }, (_, r) => t * p.rooms + r).some((c) => (state.occupant[c] as number) < 0),
  );
  return free
    ? 'Every free cell would break a hard rule: a host in two sessions at once, or a pair rule.'
    : 'No free cell is left in the slots it can go in.';
}

/** Hard rules the grid breaks, in words (pinned sessions can break them; the search never adds one). */
function brokenRules(p: Problem, cells: ArrayLike<number>): string[] {
  const out: string[] = [];
  const slot = (s: number) => ((cells[s] as number) < 0 ? -1 : Math.floor((cells[s] as number) / p.rooms));
  const title = (s: number) => quote(p.sessions[s]?.title ?? '');
  const at = (s: number) => p.input.slots[slot(s)]?.startsAt ?? '';
  for (let s = 0; s < p.n; s++) {
    if (slot(s) < 0) continue;
    if (!p.suits[s * p.slots + slot(s)]) out.push(`${title(s)} at ${at(s)} is outside its host’s availability.`);
    for (let o = s + 1; o < p.n; o++) {
      if (slot(o) !== slot(s)) continue;
      if ((p.hostsOf[s] as number[]).some((h) => (p.hostsOf[o] as number[]).includes(h)))
        out.push(`${title(s)} and ${title(o)} share a host and both run at ${at(s)}.`);
      if ((p.apart[s] as number[]).includes(o))
        out.push(`${title(s)} and ${title(o)} must not run at the same time, but both run at ${at(s)}.`);
    }
  }
  for (const { a, b } of p.backToBack) {
    const ca = cells[a] as number;
    const cb = cells[b] as number;
    if ((ca >= 0 || cb >= 0) && !(ca >= 0 && cb === ca + p.rooms))
      out.push(`${title(b)} should follow ${title(a)} in the same room, and does not.`);
  }
  return out;
}

function messageOf(p: Problem, state: GridState, unplaced: Unplaced[], broken: string[]): string | null {
  const parts: string[] = [];
  if (unplaced.length > 0) {
    const waiting = p.sessions.filter((_, s) => !p.fixed[s]).length;
    let freeCells = 0;
    for (let c = 0; c < p.rooms * p.slots; c++) {
      const t = Math.floor(c / p.rooms);
      const held = state.occupant[c] as number;
      if (!p.frozenSlot[t] && (held < 0 || !p.fixed[held])) freeCells++;
    }
    const frozen = p.frozenSlot.reduce((n, f) => n + f, 0);
    parts.push(
      p.slots > 0 && frozen === p.slots
        ? 'Every time slot has started or is next, so the assistant places nothing: add a later time slot, or move sessions by hand.'
        : waiting > freeCells
          ? `${waiting} sessions to place but only ${freeCells} free cells${frozen > 0 ? ' in the slots still to come' : ''}: ${unplaced.length} could not be placed. Add a room or a time slot, or leave some unscheduled.`
          : `${unplaced.length} session${unplaced.length === 1 ? '' : 's'} could not be placed within the rules (listed below).`,
    );
  }
  if (broken.length > 0)
    parts.push(`Pinned or started sessions break ${broken.length === 1 ? 'a rule' : `${broken.length} rules`}: ${broken.join(' ')}`);
  return parts.length > 0 ? parts.join(' ') : null;
}

function warningsOf(p: Problem, cells: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let s = 0; s < p.n; s++) {
    for (const { other } of p.evidence[s] as { other: number }[]) {
      if (other <= s || (cells[s] as number) < 0 || (cells[other] as number) < 0) continue;
      const t = Math.floor((cells[s] as number) / p.rooms);
      if (Math.floor((cells[other] as number) / p.rooms) !== t) continue;
      out.push(
        `${quote(p.sessions[s]?.title ?? '')} and ${quote(p.sessions[other]?.title ?? '')} are one conversation and still share ${p.input.slots[t]?.startsAt}: there are not enough slots to keep every related session apart.`,
      );
    }
  }
  return out;
}

const pairKey = (pair: ClashPair): string => (pair.a < pair.b ? `${pair.a}\u0000${pair.b}` : `${pair.b}\u0000${pair.a}`);

/** A proposed grid for the input (see types.ts), never changing the input. */
export function proposeSchedule(input: ScheduleInput): Proposal {
  const p = buildProblem(input);
  const initial = new GridState(p);
  const before = figuresOf(initial.cost);
  const state = search(initial, input.options.effort ?? DEFAULT_EFFORT, input.options.seed);
  const cells = Int32Array.from(state.cellOf);
  const { tracks, rooms } = tracksOf(p, cells);
  const pairs = new Map<string, ClashPair>();
  for (const pair of [...input.evidence].sort((x, y) => y.weight - x.weight)) if (!pairs.has(pairKey(pair))) pairs.set(pairKey(pair), pair);
  const context: ExplainContext = { p, before: p.start, after: cells, trackRoom: rooms, trackNames: tracks.map((t) => t.name) };
  const together = coInterest(p);
  const placements = p.sessions.map((session, s): Placement => {
    const changed = cells[s] !== p.start[s];
    const reasons = changed && (cells[s] as number) >= 0 ? reasonsFor(context, s, pairs, together) : [];
    return {
      sessionId: session.id,
      title: session.title,
      from: cellOf(p, p.start[s] as number),
      to: cellOf(p, cells[s] as number),
      fixed: p.fixed[s] === 1,
      changed,
      reasons,
      explanation: reasons.map((r) => r.text).join(' '),
      trackId: (p.theme[s] as number) >= 0 ? (p.theme[s] as number) : null,
    };
  });
  const unplaced = p.sessions.flatMap((session, s): Unplaced[] =>
    (cells[s] as number) < 0 && !p.fixed[s] ? [{ sessionId: session.id, title: session.title, why: unplacedWhy(p, state, s) }] : [],
  );
  const broken = brokenRules(p, cells);
  const after = figuresOf(state.cost);
  return {
    feasible: unplaced.length === 0 && after.hardViolations === 0,
    message: messageOf(p, state, unplaced, broken),
    warnings: warningsOf(p, cells),
    placements,
    unplaced,
    before,
    after,
    tracks,
    frozenSlotIds: input.slots.filter((_, t) => p.frozenSlot[t]).map((slot) => slot.id),
  };
}
