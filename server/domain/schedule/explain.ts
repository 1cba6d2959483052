/**
 * Why each changed card goes where the proposal puts it, in the organiser's terms: the clash it
 * leaves ("moved away from “Low-code platforms” at 10:45, which 14 of the same people want"),
 * the room it fits, the rule it now keeps, the track it joins.
 */
import { describeAvailability } from './availability';
import type { Problem } from './problem';
import type { ClashPair, MoveReason } from './types';

export interface ExplainContext {
  p: Problem;
  before: ArrayLike<number>;
  after: ArrayLike<number>;
  /** Main room of each theme after the proposal, -1 none. */
  trackRoom: number[];
  trackNames: string[];
}

const quote = (title: string): string => `“${title}”`;

const peopleWant = (n: number): string => (n === 1 ? '1 of the same people wants' : `${n} of the same people want`);

function slotOf(p: Problem, cells: ArrayLike<number>, s: number): number {
  const c = cells[s] as number;
  return c < 0 ? -1 : Math.floor(c / p.rooms);
}

/** Browsers that want both sessions, by pair; computed on demand. */
export function coInterest(p: Problem): (a: number, b: number) => number {
  const sets = p.interestedBy.map((list) => new Set(list));
  return (a, b) => {
    const [small, large] = (sets[a] as Set<number>).size <= (sets[b] as Set<number>).size ? [sets[a], sets[b]] : [sets[b], sets[a]];
    let n = 0;
    for (const x of small as Set<number>) if ((large as Set<number>).has(x)) n++;
    return n;
  };
}

function evidenceReasons(ctx: ExplainContext, s: number, pairs: Map<string, ClashPair>): MoveReason[] {
  const { p, before, after } = ctx;
  const old = slotOf(p, before, s);
  const now = slotOf(p, after, s);
  const left = (p.evidence[s] as { other: number; weight: number }[])
    .filter(({ other }) => slotOf(p, before, other) === old && slotOf(p, after, other) !== now)
    .sort((x, y) => y.weight - x.weight || x.other - y.other);
  return left.slice(0, 1).map(({ other }) => {
    const a = p.sessions[s]?.id as string;
    const b = p.sessions[other]?.id as string;
    const pair = pairs.get(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
    const why = pair?.reason ? ` (${pair.reason})` : '';
    const more = left.length > 1 ? ` and ${left.length - 1} more related session${left.length > 2 ? 's' : ''}` : '';
    return {
      kind: 'evidence',
      sessionId: b,
      text: `Moved away from ${quote(p.sessions[other]?.title ?? '')} at ${p.input.slots[old]?.startsAt}${more}: the same conversation${why}.`,
    };
  });
}

function wantedReasons(ctx: ExplainContext, s: number, together: (a: number, b: number) => number): MoveReason[] {
  const { p, before, after } = ctx;
  const old = slotOf(p, before, s);
  const now = slotOf(p, after, s);
  let best = -1;
  let most = 0;
  for (let o = 0; o < p.n; o++) {
    if (o === s || slotOf(p, before, o) !== old || slotOf(p, after, o) === now) continue;
    const n = together(s, o);
    if (n > most) [best, most] = [o, n];
  }
  if (best < 0) return [];
  const title = p.sessions[best]?.title ?? '';
  const text = `Moved away from ${quote(title)} at ${p.input.slots[old]?.startsAt}, which ${peopleWant(most)}.`;
  return [{ kind: 'wanted-both', sessionId: p.sessions[best]?.id, people: most, text }];
}

function roomReasons(ctx: ExplainContext, s: number): MoveReason[] {
  const { p, before, after } = ctx;
  const from = before[s] as number;
  const to = after[s] as number;
  const room = p.input.rooms[to % p.rooms];
  if (!room) return [];
  const expected = p.audience[s] as number;
  const overNow = p.over[s * p.rooms + (to % p.rooms)] as number;
  if (from >= 0) {
    const oldRoom = p.input.rooms[from % p.rooms];
    const overBefore = p.over[s * p.rooms + (from % p.rooms)] as number;
    if (overNow >= overBefore) return [];
    const people = overBefore - overNow;
    return [
      {
        kind: 'room-fit',
        people,
        text: `Into ${room.name} (${room.seats} seats) for the ${expected} people expected: ${oldRoom?.name} seats ${oldRoom?.seats}.`,
      },
    ];
  }
  const fit =
    room.seats === null
      ? ''
      : overNow > 0
        ? `, the largest it could have (seats ${room.seats} of ${expected} expected)`
        : ` (${room.seats} seats, ${expected} expected)`;
  return [{ kind: 'placed', text: `Scheduled in ${room.name} at ${p.input.slots[Math.floor(to / p.rooms)]?.startsAt}${fit}.` }];
}

function ruleReasons(ctx: ExplainContext, s: number): MoveReason[] {
  const { p, before, after } = ctx;
  const reasons: MoveReason[] = [];
  for (const k of p.backToBackOf[s] as number[]) {
    const { a, b } = p.backToBack[k] as { a: number; b: number };
    const holds = (cells: ArrayLike<number>) => (cells[a] as number) >= 0 && cells[b] === (cells[a] as number) + p.rooms;
    if (!holds(after) || holds(before)) continue;
    const other = s === a ? b : a;
    const where = s === a ? 'Right before' : 'Right after';
    reasons.push({
      kind: 'rule',
      sessionId: p.sessions[other]?.id,
      text: `${where} ${quote(p.sessions[other]?.title ?? '')} in the same room, as the organiser asked.`,
    });
  }
  const old = slotOf(p, before, s);
  for (const other of p.apart[s] as number[]) {
    if (slotOf(p, before, other) !== old || slotOf(p, after, other) === slotOf(p, after, s)) continue;
    reasons.push({
      kind: 'rule',
      sessionId: p.sessions[other]?.id,
      text: `No longer at the same time as ${quote(p.sessions[other]?.title ?? '')}, as the organiser asked.`,
    });
  }
  if (old >= 0 && !p.suits[s * p.slots + old]) {
    reasons.push({ kind: 'rule', text: `Within its host's availability (${describeAvailability(p.sessions[s]?.availability ?? null)}).` });
  }
  return reasons;
}

function trackReasons(ctx: ExplainContext, s: number): MoveReason[] {
  const { p, before, after } = ctx;
  const theme = p.theme[s] as number;
  const to = after[s] as number;
  const from = before[s] as number;
  if (theme < 0 || to < 0 || ctx.trackRoom[theme] !== to % p.rooms || (from >= 0 && from % p.rooms === to % p.rooms)) return [];
  return [{ kind: 'track', text: `Into ${p.input.rooms[to % p.rooms]?.name} with the “${ctx.trackNames[theme]}” track.` }];
}

/** Reasons for one changed session, most important first; never empty. */
export function reasonsFor(
  ctx: ExplainContext,
  s: number,
  pairs: Map<string, ClashPair>,
  together: (a: number, b: number) => number,
): MoveReason[] {
  const { p, before, after } = ctx;
  const slotChanged = (before[s] as number) >= 0 && slotOf(p, before, s) !== slotOf(p, after, s);
  const reasons = [
    ...(slotChanged ? evidenceReasons(ctx, s, pairs) : []),
    ...ruleReasons(ctx, s),
    ...(slotChanged ? wantedReasons(ctx, s, together) : []),
    ...roomReasons(ctx, s),
    ...trackReasons(ctx, s),
  ];
  if (reasons.length > 0) return reasons;
  const from = before[s] as number;
  for (let o = 0; o < p.n; o++) {
    if (o !== s && from >= 0 && after[o] === from) {
      return [{ kind: 'made-room', sessionId: p.sessions[o]?.id, text: `Moved to make room for ${quote(p.sessions[o]?.title ?? '')}.` }];
    }
  }
  return [{ kind: 'made-room', text: 'Moved so that the other sessions fit the grid better.' }];
}
