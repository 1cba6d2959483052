/**
 * The objective on boards small enough to try every grid: the assistant's proposal must score
 * exactly the optimum (lexicographically), and the incremental bookkeeping must match a
 * from-scratch evaluation after every kind of move.
 */
import { buildProblem, proposeSchedule } from '../../../../server/domain/schedule/assistant';
import type { Problem } from '../../../../server/domain/schedule/problem';
import { evaluate, GridState } from '../../../../server/domain/schedule/state';
import { bruteForceOptimum as optimum } from '../../../../scripts/bench/schedule-optimum';
import { seededRandom } from '../../../../server/domain/schedule/themes';
import type { Proposal } from '../../../../server/domain/schedule/types';
import { randomBoard } from '../../../../scripts/bench/schedule-optimum';
import { board, session } from './helpers';

const cellsOf = (p: Problem, proposal: Proposal): Int32Array =>
  Int32Array.from(p.sessions, (s) => {
    const to = proposal.placements.find((x) => x.sessionId === s.id)?.to;
    if (!to) return -1;
    return p.input.slots.findIndex((t) => t.id === to.slotId) * p.rooms + p.input.rooms.findIndex((r) => r.id === to.roomId);
  });

describe('schedule objective on boards with a known optimum', () => {
  /**
   * The measured gap (docs/schedule.md): the hard rules, placing and evidence tiers are always
   * optimal; on 1 of these 40 boards a lower tier is one off (one move); `npm run bench:schedule` measures more.
   */
  test('the proposal is optimal in the upper tiers and nearly always overall, on 40 random small boards', () => {
    let optimal = 0;
    for (let seed = 1; seed <= 20; seed++) {
      for (const sessions of [5, 6]) {
        const input = randomBoard(seed, { rooms: 2, slots: 3, sessions });
        const p = buildProblem(input);
        const got = [...evaluate(p, cellsOf(p, proposeSchedule(input)))];
        const best = [...optimum(p)];
        expect({ seed, sessions, upper: got.slice(0, 3) }).toEqual({ seed, sessions, upper: best.slice(0, 3) });
        if (got.every((x, k) => x === best[k])) optimal++;
      }
    }
    expect(optimal).toBeGreaterThanOrEqual(38);
  });

  test('clashes outrank room fit: two related sessions split across slots even if one then has a small room', () => {
    const input = board([50, 10], 2, {
      sessions: [session('a', { interest: 40 }), session('b', { interest: 40 })],
      evidence: [{ a: 'a', b: 'b', weight: 1, source: 'detector', reason: 'shared words: data' }],
    });
    const proposal = proposeSchedule(input);
    const slots = proposal.placements.map((x) => x.to?.slotId);
    expect(slots[0]).not.toBe(slots[1]);
    expect(proposal.after.evidenceClashes).toBe(0);
    expect(proposal.after.overCapacity).toBe(0);
  });

  test('room fit outranks moves: a crowded session leaves its small room when moves are allowed, and stays when not', () => {
    const sessions = [session('big', { interest: 45, cell: { roomId: 'r1', slotId: 't0' } })];
    const allowed = proposeSchedule(board([50, 10], 1, { sessions }));
    expect(allowed.placements[0]?.to).toEqual({ roomId: 'r0', slotId: 't0' });
    expect(allowed.after).toMatchObject({ overCapacity: 0, moved: 1 });
    expect(allowed.placements[0]?.explanation).toBe('Into Room 0 (50 seats) for the 45 people expected: Room 1 seats 10.');
    const fixed = proposeSchedule(board([50, 10], 1, { sessions, options: { moveExisting: false, seed: 1 } }));
    expect(fixed.placements[0]?.changed).toBe(false);
  });

  test('wanted-both clashes are counted per browser: one who wants three sessions of one slot loses two', () => {
    const input = board(3, 1, {
      sessions: ['a', 'b', 'c'].map((id) => session(id, { cell: { roomId: `r${'abc'.indexOf(id)}`, slotId: 't0' }, pinned: true })),
      interests: [
        ['a', 'b', 'c'],
        ['a', 'b'],
      ],
    });
    expect(proposeSchedule(input).before.wantedBothClashes).toBe(3);
  });

  test('the incremental figures equal a from-scratch evaluation after random moves and swaps', () => {
    const input = randomBoard(7, { rooms: 3, slots: 4, sessions: 10 });
    const p = buildProblem(input);
    const state = new GridState(p);
    const random = seededRandom(3);
    for (let k = 0; k < 500; k++) {
      const s = Math.floor(random() * p.n);
      const c = Math.floor(random() * (p.rooms * p.slots + 1)) - 1;
      const occupant = c >= 0 ? (state.occupant[c] as number) : -1;
      if (occupant >= 0) state.swap(s, occupant);
      else state.moveTo(s, c);
      const fresh = evaluate(p, state.cellOf);
      state.cost.forEach((x, k) => expect(x).toBeCloseTo(fresh[k] as number, 9));
    }
  });
});
