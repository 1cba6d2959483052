/**
 * `npm run bench:schedule [-- --json]`: the schedule assistant against the organisers' grids (dev
 * grids) and the greedy baseline, on the labelled scheduled grids and seeded synthetic boards
 * (scripts/bench/schedule.ts), the median proposal time for 150 sessions, and the gap to the exact
 * optimum on small random boards (human output only). docs/schedule.md explains every figure.
 */
import { buildProblem, proposeSchedule } from '../server/domain/schedule/assistant';
import { compareCosts, evaluate } from '../server/domain/schedule/state';
import { boards, proposalCells, runBoard, scheduleTiming, type BoardResult, type Figures } from './bench/schedule';
import { bruteForceOptimum, randomBoard } from './bench/schedule-optimum';

const JSON_OUT = process.argv.includes('--json');

/** Small random boards: how often the proposal is the exact optimum, and the tiers where it is not. */
function gapToOptimum(count: number): { boards: number; optimal: number; upperOptimal: number; worseTiers: Record<string, number> } {
  const tiers = ['hard', 'unplaced', 'evidence', 'wanted-both', 'over capacity', 'moved', 'tracks'];
  const worse: Record<string, number> = {};
  let optimal = 0;
  let upper = 0;
  for (let seed = 1; seed <= count; seed++) {
    const input = randomBoard(1000 + seed, { rooms: 2, slots: 3, sessions: 5 + (seed % 2) });
    const p = buildProblem(input);
    const got = evaluate(p, proposalCells(p, proposeSchedule(input)));
    const best = bruteForceOptimum(p);
    if (compareCosts(got, best) === 0) optimal++;
    if ([0, 1, 2].every((k) => Math.abs((got[k] as number) - (best[k] as number)) < 1e-9)) upper++;
    const tier = tiers.find((_, k) => Math.abs((got[k] as number) - (best[k] as number)) > 1e-9);
    if (tier) worse[tier] = (worse[tier] ?? 0) + 1;
  }
  return { boards: count, optimal, upperOptimal: upper, worseTiers: worse };
}

const row = (label: string, f: Figures | null): string =>
  f
    ? `  ${label.padEnd(10)} ${String(f.evidence_clashes).padStart(9)} ${String(f.gold_clashes).padStart(5)} ${String(f.wanted_both_clashes).padStart(12)} ${String(f.over_capacity).padStart(14)} ${String(f.moved).padStart(6)}`
    : `  ${label.padEnd(10)} ${'–'.padStart(9)}`;

function totals(results: readonly BoardResult[], pick: (r: BoardResult) => Figures): Figures {
  const sum = (k: keyof Figures) => results.reduce((s, r) => s + pick(r)[k], 0);
  return {
    evidence_clashes: sum('evidence_clashes'),
    gold_clashes: sum('gold_clashes'),
    wanted_both_clashes: sum('wanted_both_clashes'),
    over_capacity: sum('over_capacity'),
    moved: sum('moved'),
  };
}

function main(): void {
  const results = boards().map(runBoard);
  const timing = scheduleTiming();
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify({ boards: results, timing })}\n`);
    return;
  }
  const lines = ['Schedule assistant (npm run bench:schedule)', '', '  grid       evidence  gold  wanted-both  over capacity  moved'];
  for (const r of results) {
    lines.push(
      `${r.name}${r.feasible ? '' : ' (infeasible: an evidence group larger than the slots)'}`,
      row('organisers', r.organisers),
      row('greedy', r.greedy),
      row('assistant', r.assistant),
    );
  }
  const greedy = totals(results, (r) => r.greedy);
  const assistant = totals(results, (r) => r.assistant);
  lines.push('', 'total', row('greedy', greedy), row('assistant', assistant));
  const feasibleClashes = results.filter((r) => r.feasible).reduce((s, r) => s + r.assistant.evidence_clashes, 0);
  lines.push(
    '',
    'targets',
    `  0 evidence clashes on every feasible board: ${feasibleClashes === 0 ? 'met' : `missed (${feasibleClashes})`}`,
    `  gold clashes ≤ greedy's: ${assistant.gold_clashes} ≤ ${greedy.gold_clashes}: ${assistant.gold_clashes <= greedy.gold_clashes ? 'met' : 'missed'}`,
    `  wanted-both ≤ half greedy's: ${assistant.wanted_both_clashes} ≤ ${greedy.wanted_both_clashes / 2}: ${assistant.wanted_both_clashes <= greedy.wanted_both_clashes / 2 ? 'met' : 'missed'}`,
    `  over capacity ≤ 0.8 × greedy's: ${assistant.over_capacity} ≤ ${Math.round(0.8 * greedy.over_capacity * 10) / 10}: ${assistant.over_capacity <= 0.8 * greedy.over_capacity ? 'met' : 'missed'}`,
    `  150 sessions in ≤ 2 s (median of 5): ${timing.ms} ms: ${timing.ms <= 2000 ? 'met' : 'missed'}`,
  );
  const gap = gapToOptimum(40);
  lines.push(
    '',
    `gap to the exact optimum (brute force, ${gap.boards} random boards of 5–6 sessions, 2 rooms × 3 slots):`,
    `  optimal ${gap.optimal}/${gap.boards}; hard rules, placing and evidence optimal ${gap.upperOptimal}/${gap.boards}; first tier worse: ${JSON.stringify(gap.worseTiers)}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
