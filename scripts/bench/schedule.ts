/**
 * Boards for `npm run bench:schedule` (docs/schedule.md, "Generator"): the labelled scheduled grids
 * (dev-northgovcamp, dev-srccon2015/2016/2018, read from eval/ in the repository, else
 * ../shared/eval) and seeded synthetic boards drawn from every labelled set's pitches. Each gets
 * rooms with seats, a long tail of popularity, and browsers whose interests overlap more inside
 * the labelled overlap groups. Evidence is what the real detector (`detectOverlaps`, words only)
 * finds on the board's text; the gold labels only count `gold_clashes`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectOverlaps, termVectors } from '../../analysis';
import { buildProblem, figuresFor, greedyCells, proposeSchedule, type Problem } from '../../server/domain/schedule/assistant';
import { seededRandom } from '../../server/domain/schedule/themes';
import type { ClashPair, Proposal, ScheduleInput, ScheduleSession } from '../../server/domain/schedule/types';

interface EvalSession {
  id: string;
  title: string;
  notes?: string;
  room?: string;
  slot?: string;
}
interface EvalSet {
  event: string;
  sessions: EvalSession[];
  overlaps: string[][];
}

export interface Board {
  name: string;
  input: ScheduleInput;
  gold: string[][];
  /** The organisers' grid (dev grids only). */
  organised: boolean;
  feasible: boolean;
}

export interface Figures {
  evidence_clashes: number;
  gold_clashes: number;
  wanted_both_clashes: number;
  over_capacity: number;
  moved: number;
}

const ROOT = join(__dirname, '..', '..');

/** eval/ in the repository once it is there, else the shared copy beside the repository. */
export function evalDir(): string {
  const inRepo = join(ROOT, 'eval');
  return existsSync(join(inRepo, 'dev-northgovcamp.json')) ? inRepo : join(ROOT, '..', 'shared', 'eval');
}

const readSet = (name: string): EvalSet => JSON.parse(readFileSync(join(evalDir(), `${name}.json`), 'utf8')) as EvalSet;

/** Minutes of a grid label: "10:00", "Thu 11am-noon", "Fri 12:30-1:30pm" (a start without am/pm takes the end's); days count whole days. */
function labelMinutes(label: string): number {
  const day = Math.max(
    0,
    ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].findIndex((d) => label.startsWith(d)),
  );
  const m = /(\d{1,2})(?::(\d{2}))?\s*(am|pm)?/.exec(label.replace(/^[A-Za-z]{3}\s+/, ''));
  const suffix = m?.[3] ?? /(am|pm)\s*$/.exec(label)?.[1];
  const hour = Number(m?.[1] ?? 0);
  return day * 24 * 60 + (suffix === 'pm' && hour < 12 ? hour + 12 : hour) * 60 + Number(m?.[2] ?? 0);
}

const clock = (k: number): string => `${String(8 + Math.floor(k / 2)).padStart(2, '0')}:${k % 2 ? '30' : '00'}`;

/** Slots in time order, renamed to one day's half-hour steps (the engine reads times only for the clock and availability, unused here). */
function slotsOf(labels: readonly string[]): ScheduleInput['slots'] {
  return [...labels]
    .sort((a, b) => labelMinutes(a) - labelMinutes(b) || (a < b ? -1 : 1))
    .map((label, k) => ({ id: `t${k}`, label, startsAt: clock(k), endsAt: `${clock(k).slice(0, 3)}${k % 2 ? '55' : '25'}` }));
}

/**
 * Browsers and their interests: ~4 browsers per session, each wanting 2–7 sessions drawn by
 * popularity (Zipf, exponent 1, over a seeded order: a long tail); a browser that wants a session
 * of a labelled overlap group also wants another of the group with probability 0.6. A third of the
 * sessions get an organiser's hands count of 1.5–3× their taps (few tap in the morning rush).
 */
function audience(sessions: ScheduleSession[], gold: readonly string[][], random: () => number): string[][] {
  const order = sessions.map((s) => s.id);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const weights = order.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((x, y) => x + y, 0);
  const draw = (): string => {
    let target = random() * total;
    for (let k = 0; k < order.length; k++) if ((target -= weights[k] as number) <= 0) return order[k] as string;
    return order[order.length - 1] as string;
  };
  const groupOf = new Map<string, string[]>();
  for (const group of gold) for (const id of group) groupOf.set(id, group);
  const interests = Array.from({ length: sessions.length * 4 }, () => {
    const wants = new Set<string>();
    const count = 2 + Math.floor(random() * 6);
    while (wants.size < Math.min(count, sessions.length)) {
      const id = draw();
      wants.add(id);
      const group = groupOf.get(id)?.filter((x) => x !== id);
      if (group && group.length > 0 && random() < 0.6) wants.add(group[Math.floor(random() * group.length)] as string);
    }
    return [...wants];
  });
  for (const s of sessions) {
    s.interest = interests.filter((list) => list.includes(s.id)).length;
    if (random() < 1 / 3) s.hands = Math.round(s.interest * (1.5 + 1.5 * random()));
  }
  return interests;
}

/** Seats from the expected audiences: the largest room holds the 97th percentile, the rest step down the distribution; at least 8, in fives. */
function seats(sessions: readonly ScheduleSession[], rooms: number): number[] {
  const sizes = sessions.map((s) => Math.max(s.interest, s.hands ?? 0)).sort((a, b) => b - a);
  return Array.from({ length: rooms }, (_, r) => {
    const at = sizes[Math.min(sizes.length - 1, Math.floor(sizes.length * (0.03 + (0.6 * r) / Math.max(1, rooms - 1))))] ?? 10;
    return Math.max(8, Math.round(at / 5) * 5);
  });
}

/** The detector's overlaps on the board's text (words only), as clash pairs; and the largest group. */
function evidenceOf(sessions: readonly EvalSession[]): { pairs: ClashPair[]; largest: number } {
  const { overlaps } = detectOverlaps(sessions.map((s) => ({ id: s.id, title: s.title, notes: s.notes ?? '' })));
  const pairs = overlaps.flatMap((o) =>
    o.sessions.flatMap((a, i) =>
      o.sessions.slice(i + 1).map((b): ClashPair => ({ a, b, weight: 1, source: 'detector', reason: o.reason })),
    ),
  );
  return { pairs, largest: Math.max(0, ...overlaps.map((o) => o.sessions.length)) };
}

function makeBoard(
  name: string,
  list: EvalSession[],
  gold: string[][],
  grid: { rooms: string[]; slots: string[] },
  seed: number,
  organised: boolean,
): Board {
  const random = seededRandom(seed);
  const slots = slotsOf(grid.slots);
  const slotId = new Map(slots.map((s) => [s.label, s.id]));
  const roomId = new Map(grid.rooms.map((name, r) => [name, `r${r}`]));
  const { vectors, surface } = termVectors(list);
  const sessions: ScheduleSession[] = list.map((s, k) => ({
    id: s.id,
    title: s.title,
    hosts: [`pitcher of ${s.id}`],
    interest: 0,
    hands: null,
    availability: null,
    pinned: false,
    cell: organised && s.room && s.slot ? { roomId: roomId.get(s.room) as string, slotId: slotId.get(s.slot) as string } : null,
    terms: vectors[k],
  }));
  const interests = audience(sessions, gold, random);
  const roomSeats = seats(sessions, grid.rooms.length);
  const { pairs, largest } = evidenceOf(list);
  return {
    name,
    gold,
    organised,
    feasible: largest <= slots.length,
    input: {
      eventDate: '2026-11-29',
      now: null,
      rooms: grid.rooms.map((room, r) => ({ id: `r${r}`, name: room, seats: roomSeats[r] as number })),
      slots,
      sessions,
      evidence: pairs,
      interests,
      rules: [],
      surface,
      options: { moveExisting: true, seed },
    },
  };
}

const DEV_GRIDS = ['dev-northgovcamp', 'dev-srccon2015', 'dev-srccon2016', 'dev-srccon2018'];
const ALL_SETS = ['dev-a', 'dev-b', 'dev-c', ...DEV_GRIDS];

function devBoard(name: string, seed: number): Board {
  const set = readSet(name);
  const rooms = [...new Set(set.sessions.map((s) => s.room as string))].sort();
  const slots = [...new Set(set.sessions.map((s) => s.slot as string))];
  return makeBoard(name, set.sessions, set.overlaps, { rooms, slots }, seed, true);
}

/** `count` pitches drawn (seeded) from every labelled set, ids prefixed by set, with their overlap groups. */
function syntheticBoard(name: string, count: number, rooms: number, slots: number, seed: number): Board {
  const random = seededRandom(seed);
  const pool = ALL_SETS.flatMap((set) => readSet(set).sessions.map((s) => ({ ...s, id: `${set}/${s.id}` })));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as EvalSession, pool[i] as EvalSession];
  }
  const chosen = pool.slice(0, count).sort((a, b) => (a.id < b.id ? -1 : 1));
  const ids = new Set(chosen.map((s) => s.id));
  const gold = ALL_SETS.flatMap((set) =>
    readSet(set).overlaps.map((g) => g.map((id) => `${set}/${id}`).filter((id) => ids.has(id))),
  ).filter((g) => g.length > 1);
  const grid = {
    rooms: Array.from({ length: rooms }, (_, r) => `Room ${r + 1}`),
    slots: Array.from({ length: slots }, (_, t) => clock(t)),
  };
  return makeBoard(
    name,
    chosen.map((s) => ({ id: s.id, title: s.title, notes: s.notes })),
    gold,
    grid,
    seed,
    false,
  );
}

/** The 150-session board of the timing target (8 rooms × 20 slots). */
export const timingBoard = (): Board => syntheticBoard('synthetic-150', 150, 8, 20, 150);

export function boards(): Board[] {
  return [
    ...DEV_GRIDS.map((name, k) => devBoard(name, 11 + k)),
    syntheticBoard('synthetic-40', 40, 4, 10, 40),
    syntheticBoard('synthetic-60-tight', 60, 6, 10, 60),
    syntheticBoard('synthetic-100', 100, 7, 16, 100),
    timingBoard(),
  ];
}

function goldClashes(p: Problem, cells: ArrayLike<number>, gold: readonly string[][]): number {
  const slot = (id: string) => {
    const s = p.index.get(id);
    const c = s === undefined ? -1 : (cells[s] as number);
    return c < 0 ? -1 : Math.floor(c / p.rooms);
  };
  let n = 0;
  for (const group of gold)
    for (let i = 0; i < group.length; i++)
      for (const b of group.slice(i + 1)) if (slot(group[i] as string) >= 0 && slot(group[i] as string) === slot(b)) n++;
  return n;
}

export function measure(p: Problem, cells: ArrayLike<number>, gold: readonly string[][]): Figures {
  const f = figuresFor(p, cells);
  return {
    evidence_clashes: f.evidenceClashes,
    gold_clashes: goldClashes(p, cells, gold),
    wanted_both_clashes: f.wantedBothClashes,
    over_capacity: f.overCapacity,
    moved: f.moved,
  };
}

export function proposalCells(p: Problem, proposal: Proposal): Int32Array {
  const room = new Map(p.input.rooms.map((r, k) => [r.id, k]));
  const slot = new Map(p.input.slots.map((t, k) => [t.id, k]));
  return Int32Array.from(p.sessions, (s) => {
    const to = proposal.placements.find((x) => x.sessionId === s.id)?.to;
    return to ? (slot.get(to.slotId) as number) * p.rooms + (room.get(to.roomId) as number) : -1;
  });
}

export interface BoardResult {
  name: string;
  feasible: boolean;
  organisers: Figures | null;
  greedy: Figures;
  assistant: Figures;
}

export function runBoard(board: Board): BoardResult {
  const p = buildProblem(board.input);
  const proposal = proposeSchedule(board.input);
  return {
    name: board.name,
    feasible: board.feasible,
    organisers: board.organised ? measure(p, p.start, board.gold) : null,
    greedy: measure(p, greedyCells(p), board.gold),
    assistant: measure(p, proposalCells(p, proposal), board.gold),
  };
}

/** Median wall time of `runs` proposals for the 150-session board. */
export function scheduleTiming(runs = 5, board: Board = timingBoard()): { ms: number; sessions: number } {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    proposeSchedule(board.input);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(runs / 2)] as number), sessions: board.input.sessions.length };
}
