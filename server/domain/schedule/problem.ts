/**
 * The assistant's input as arrays: sessions (sorted by id), rooms and slots by index, cell = slot × rooms + room.
 * Built once per proposal; the search and the figures read only this.
 */
import { slotSuits } from './availability';
import { findThemes } from './themes';
import { frozenSlots } from './frozen';
import type { ScheduleInput, ScheduleSession } from './types';

export interface Neighbour {
  other: number;
  weight: number;
}

export interface Problem {
  input: ScheduleInput;
  sessions: ScheduleSession[];
  n: number;
  rooms: number;
  slots: number;
  index: Map<string, number>;
  audience: number[];
  /** What leaving a session out costs: 1, plus a fraction below 1 in all by expected audience (leave out the least wanted). */
  leftOut: number[];
  /** n × rooms: people over capacity if session s is in room r. */
  over: Float64Array;
  /** Sessions the search may not move (pinned, in a frozen slot, or placed while moves are not allowed). */
  fixed: Uint8Array;
  frozenSlot: Uint8Array;
  /** n × slots: the pitcher's availability allows this slot. */
  suits: Uint8Array;
  /** n × slots: the search may put the session in this slot (suits it and not frozen). */
  usable: Uint8Array;
  /** Cell at the start, -1 unscheduled. */
  start: Int32Array;
  hostsOf: number[][];
  hosts: number;
  evidence: Neighbour[][];
  apart: number[][];
  backToBack: { a: number; b: number }[];
  backToBackOf: number[][];
  interestedBy: number[][];
  browsers: number;
  /** Theme per session, -1 none. */
  theme: Int32Array;
  themes: number;
  themeTerms: string[][];
}

const personKey = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');

export function buildProblem(input: ScheduleInput): Problem {
  const sessions = [...input.sessions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sessions.length;
  const R = input.rooms.length;
  const T = input.slots.length;
  const index = new Map(sessions.map((s, i) => [s.id, i]));
  const roomIndex = new Map(input.rooms.map((r, i) => [r.id, i]));
  const slotIndex = new Map(input.slots.map((s, i) => [s.id, i]));
  const frozen = frozenSlots(input.slots, input.eventDate, input.now);
  const frozenSlot = Uint8Array.from(input.slots, (s) => (frozen.has(s.id) ? 1 : 0));
  const audience = sessions.map((s) => Math.max(s.interest, s.hands ?? 0));
  const totalAudience = audience.reduce((x, y) => x + y, 0);
  const leftOut = audience.map((a) => 1 + a / (totalAudience + 1));
  const over = new Float64Array(n * R);
  const suits = new Uint8Array(n * T);
  const usable = new Uint8Array(n * T);
  const start = new Int32Array(n).fill(-1);
  const fixed = new Uint8Array(n);
  sessions.forEach((s, i) => {
    input.rooms.forEach((room, r) => (over[i * R + r] = room.seats === null ? 0 : Math.max(0, (audience[i] as number) - room.seats)));
    input.slots.forEach((slot, t) => {
      suits[i * T + t] = slotSuits(s.availability, slot.startsAt, slot.endsAt) ? 1 : 0;
      usable[i * T + t] = suits[i * T + t] && !frozenSlot[t] ? 1 : 0;
    });
    const r = s.cell ? roomIndex.get(s.cell.roomId) : undefined;
    const t = s.cell ? slotIndex.get(s.cell.slotId) : undefined;
    if (r !== undefined && t !== undefined) start[i] = t * R + r;
    const placed = (start[i] as number) >= 0;
    fixed[i] = s.pinned || (placed && (!input.options.moveExisting || frozenSlot[t as number])) ? 1 : 0;
  });
  const hostIds = new Map<string, number>();
  const hostsOf = sessions.map((s) => [
    ...new Set(
      s.hosts
        .map(personKey)
        .filter(Boolean)
        .map((key) => hostIds.get(key) ?? (hostIds.set(key, hostIds.size), hostIds.size - 1)),
    ),
  ]);
  const ends = (p: { a: string; b: string }): [number, number] | null => {
    const a = index.get(p.a);
    const b = index.get(p.b);
    return a === undefined || b === undefined || a === b ? null : [a, b];
  };
  const symmetric = <T>(lists: T[][], a: number, b: number, make: (other: number) => T) => {
    (lists[a] as T[]).push(make(b));
    (lists[b] as T[]).push(make(a));
  };
  // One neighbour entry per pair and direction: the same pair given twice (detector and a link) counts its heaviest weight once.
  const weights = new Map<number, number>();
  for (const p of input.evidence) {
    const e = ends(p);
    if (!e) continue;
    const key = Math.min(...e) * n + Math.max(...e);
    weights.set(key, Math.max(weights.get(key) ?? 0, p.weight > 0 ? p.weight : 1));
  }
  const evidence: Neighbour[][] = Array.from({ length: n }, () => []);
  for (const [key, weight] of [...weights].sort((x, y) => x[0] - y[0])) {
    symmetric(evidence, Math.floor(key / n), key % n, (other) => ({ other, weight }));
  }
  const apart: number[][] = Array.from({ length: n }, () => []);
  for (const rule of input.rules) {
    const e = rule.kind === 'apart' ? ends(rule) : null;
    if (e) symmetric(apart, e[0], e[1], (other) => other);
  }
  const backToBack = input.rules
    .filter((r) => r.kind === 'back-to-back')
    .map(ends)
    .filter((e): e is [number, number] => e !== null)
    .map(([a, b]) => ({ a, b }));
  const backToBackOf: number[][] = Array.from({ length: n }, () => []);
  backToBack.forEach((rule, k) => {
    (backToBackOf[rule.a] as number[]).push(k);
    (backToBackOf[rule.b] as number[]).push(k);
  });
  const interestedBy: number[][] = Array.from({ length: n }, () => []);
  input.interests.forEach((list, b) => {
    for (const id of new Set(list)) {
      const i = index.get(id);
      if (i !== undefined) (interestedBy[i] as number[]).push(b);
    }
  });
  const found = findThemes(
    sessions.map((s) => s.terms),
    R,
    input.options.seed,
  );
  return {
    input,
    sessions,
    n,
    rooms: R,
    slots: T,
    index,
    audience,
    leftOut,
    over,
    fixed,
    frozenSlot,
    suits,
    usable,
    start,
    hostsOf,
    hosts: hostIds.size,
    evidence,
    apart,
    backToBack,
    backToBackOf,
    interestedBy,
    browsers: input.interests.length,
    theme: Int32Array.from(found.assignment),
    themes: found.terms.length,
    themeTerms: found.terms,
  };
}
