/**
 * `npm run bench:analysis [-- --dense]`: times the overlap detector on seeded synthetic events of
 * 150 and 1,000 sessions (scripts/bench/analysis-events.ts: a few pairs share a subject and most
 * share nothing, as at a real event). Embeddings are computed once, as the app caches them per
 * pitch; then detectOverlaps is timed repeatedly (wall and CPU time, medians), plus one
 * incremental "new pitch" (embed its two texts + re-analyse) and cold CLI runs on 150 sessions
 * through `npm run --silent analyze -- FILE`, the command the issue names. The pitch form's
 * similar list is timed on 1,000 cached sessions: reading the event into a SimilarIndex (once per
 * board change) and one list for a typed pitch whose vectors are already computed (per keystroke).
 * `--dense` adds the earlier, unrealistic event (38,176 overlaps in 1,000 sessions) as a stress row.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './bench/common';
import { denseEvent, realisticEvent } from './bench/analysis-events';
import {
  createEmbedder,
  detectOverlaps,
  embeddingText,
  similarIndex,
  similarSessions,
  titleEmbeddingText,
  type AnalysisSession,
  type Embedder,
} from '../analysis';
import { embedOnTwoThreads } from '../analysis/embed-parallel';

interface Timings {
  wall: number[];
  cpu: number[];
}

function timeRuns(runs: number, work: () => unknown): Timings {
  const times: Timings = { wall: [], cpu: [] };
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    work();
    times.wall.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    times.cpu.push((used.user + used.system) / 1000);
  }
  return times;
}

async function embedAll(sessions: AnalysisSession[], embedder: Embedder): Promise<void> {
  // On two threads (the same batches, so the same vectors): this set-up is most of the bench's time.
  const vectors = await embedOnTwoThreads([...sessions.map(embeddingText), ...sessions.map(titleEmbeddingText)], embedder);
  sessions.forEach((s, k) => {
    s.embedding = vectors[k] ?? null;
    s.titleEmbedding = vectors[sessions.length + k] ?? null;
  });
}

function coldCliRuns(sessions: readonly AnalysisSession[], runs: number): Timings {
  const dir = mkdtempSync(join(tmpdir(), 'unsilo-bench-'));
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify({ sessions: sessions.map(({ id, title, notes, room, slot }) => ({ id, title, notes, room, slot })) }));
  const times: Timings = { wall: [], cpu: [] };
  try {
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const run = spawnSync('npm', ['run', '--silent', 'analyze', '--', file], { cwd: join(__dirname, '..'), encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`CLI failed: ${run.stderr}`);
      times.wall.push(performance.now() - start);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

function row(label: string, times: Timings, target: string): string {
  const cell = (x: number): string => (Number.isNaN(x) ? '–' : `${x.toFixed(1)} ms`).padStart(11);
  return `${label.padEnd(44)}${cell(percentile(times.wall, 0.5))}${cell(percentile(times.wall, 0.9))}${cell(percentile(times.cpu, 0.5))}   ${String(times.wall.length).padStart(4)}   ${target}`;
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${load()}\n`);
  const small = realisticEvent(150, 150);
  const large = realisticEvent(1000, 1000);
  const dense = process.argv.includes('--dense') ? denseEvent(1000, 1000) : null;
  const embedder = await createEmbedder();
  const embedStart = performance.now();
  for (const event of [small, large, dense]) if (event) await embedAll(event, embedder);
  const embedded = small.length + large.length + (dense?.length ?? 0);
  console.log(`(embedded ${embedded} synthetic pitches once in ${((performance.now() - embedStart) / 1000).toFixed(1)} s)\n`);

  timeRuns(3, () => detectOverlaps(small)); // warm-up: JIT
  const t150 = timeRuns(31, () => detectOverlaps(small));
  const t1000 = timeRuns(7, () => detectOverlaps(large));
  const tDense = dense ? timeRuns(5, () => detectOverlaps(dense)) : null;
  const pitch: AnalysisSession = { id: 'new', title: 'Ransomware on a budget', notes: 'What would you do first?', room: null, slot: null };
  const incremental: Timings = { wall: [], cpu: [] };
  let incrementalVectors: (Float32Array | undefined)[] = [];
  for (let r = 0; r < 7; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const [vector, titleVector] = await embedder.embed([embeddingText(pitch), titleEmbeddingText(pitch)]);
    incrementalVectors = [vector, titleVector];
    detectOverlaps([...small, { ...pitch, embedding: vector ?? null, titleEmbedding: titleVector ?? null }]);
    incremental.wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    incremental.cpu.push((used.user + used.system) / 1000);
  }
  const typed = { ...pitch, embedding: incrementalVectors[0] ?? null, titleEmbedding: incrementalVectors[1] ?? null };
  const tIndex = timeRuns(5, () => similarIndex(large));
  const index = similarIndex(large);
  const tSimilar = timeRuns(31, () => similarSessions(typed, index));
  const cold = coldCliRuns(small, 3);

  console.log(`${''.padEnd(44)}${'median'.padStart(11)}${'p90'.padStart(11)}${'CPU median'.padStart(11)}   runs   target`);
  console.log(row('detectOverlaps, 150 cached sessions', t150, '≤ 50 ms'));
  console.log(row('detectOverlaps, 1,000 cached sessions', t1000, '≤ 1,000 ms'));
  console.log(row('new pitch into 150 (embed 2 + re-analyse)', incremental, '≤ 50 ms'));
  console.log(row('cold CLI, 150 sessions (npm run analyze)', cold, '≤ 5,000 ms'));
  console.log(row('similar list: index 1,000 cached sessions', tIndex, 'per board change'));
  console.log(row('similar list: typed pitch vs that index', tSimilar, '≤ 20 ms'));
  if (tDense) console.log(row('stress: dense 1,000 (38,176 overlaps)', tDense, ''));
  const counts = [small, large, dense]
    .filter((e): e is AnalysisSession[] => e !== null)
    .map((e) => `${detectOverlaps(e).overlaps.length} in ${e.length}`);
  console.log(`\noverlaps found: ${counts.join(', ')}${dense ? ' (dense)' : ''}; load average at the end ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
