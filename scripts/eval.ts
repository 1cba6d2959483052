/**
 * `npm run eval [-- --json] [--verbose] [--settings JSON] [--similar-settings JSON] [--no-embeddings]`:
 * the detector's and the pitch-time similar lists' figures on the labelled development sets in
 * eval/ (eval/README.md), from the real sentence encoder.
 *
 * Each set's texts are embedded once per run, exactly as `npm run analyze -- FILE` embeds them (one
 * call with every title+notes text, then every title: the same batches, so the same vectors), and
 * the detector and the similar lists run in this process on what the CLI would parse. The
 * predictions are written to a temporary folder and scored by eval/score.mjs and eval/similar.mjs
 * (the scorers of eval/run.sh and eval/run-similar.sh), so the figures are theirs; the "same"
 * tier is scored by score.mjs on the overlaps of that tier alone. `--json` prints one JSON object
 * instead of the tables; `--verbose` adds the scorers' diagnosis (false alarms, misses, noise).
 *   --settings '{"threshold":0.25}'   any DetectorSettings / PairScoreSettings field
 *   --similar-settings '{"threshold":-1}'   any SimilarSettings field
 *   --no-embeddings                   lexical evidence only (how German and French events are scored)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbedder,
  DEFAULT_SETTINGS,
  detectOverlaps,
  embeddingText,
  parseSessionsInput,
  similarLists,
  titleEmbeddingText,
} from '../analysis';
import type { AnalysisSession, DetectionResult, SimilarSettings } from '../analysis';
import type { FullSettings } from '../analysis/detect';

const EVAL_DIR = join(__dirname, '..', 'eval');

interface DevSet {
  name: string;
  path: string;
  sessions: AnalysisSession[];
}

/** What score.mjs prints with --json. */
interface PairFigures {
  precision: number;
  recall: number;
  f1: number;
  ap: number;
  tp: number;
  fp: number;
  fn: number;
  sessions: number;
}
/** What similar.mjs prints with --json. */
interface SimilarFigures {
  hitAt3: number | null;
  noise: number | null;
  relevantShare: number | null;
  twins: number;
  hits: number;
  quiet: number;
  quietShown: number;
  shown: number;
}
interface Scored<T> {
  files: Record<string, T>;
  overall: T;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Every dev set, as the CLI would read it: the labels are never seen by the detector. */
function devSets(): DevSet[] {
  return readdirSync(EVAL_DIR)
    .filter((f) => /^dev-.*\.json$/.test(f))
    .sort()
    .map((name) => {
      const path = join(EVAL_DIR, name);
      const gold = JSON.parse(readFileSync(path, 'utf8')) as { sessions: unknown[] };
      return { name, path, sessions: parseSessionsInput(JSON.stringify({ sessions: gold.sessions })) };
    });
}

/** Embeds each set as the CLI does; returns the number of texts embedded. */
async function embedSets(sets: readonly DevSet[]): Promise<number> {
  const embedder = await createEmbedder();
  let texts = 0;
  for (const set of sets) {
    const { sessions } = set;
    if (sessions.length < 2) continue;
    const vectors = await embedder.embed([...sessions.map(embeddingText), ...sessions.map(titleEmbeddingText)]);
    sessions.forEach((s, i) => {
      s.embedding = vectors[i] ?? null;
      s.titleEmbedding = vectors[sessions.length + i] ?? null;
    });
    texts += 2 * sessions.length;
  }
  return texts;
}

/** Runs one of eval/'s scorers on (gold, predicted) file pairs; `verbose` lets its diagnosis through. */
function runScorer<T>(scorer: string, pairs: readonly (readonly [string, string])[], verbose: boolean): Scored<T> {
  const script = join(EVAL_DIR, scorer);
  const files = pairs.flatMap(([gold, predicted]) => [gold, predicted]);
  if (verbose) spawnSync(process.execPath, [script, ...files, '--verbose'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const run = spawnSync(process.execPath, [script, ...files, '--json'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${scorer} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Scored<T>;
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '  –  ');

function pairTable(title: string, scored: Scored<PairFigures>): string[] {
  const row = (label: string, r: PairFigures): string =>
    `  ${label.padEnd(24)}${[r.precision, r.recall, r.f1, r.ap].map(f3).join('  ')}   ${r.tp}/${r.fp}/${r.fn}`;
  return [
    title,
    `  ${''.padEnd(24)}P      R      F1     AP      tp/fp/fn`,
    ...Object.entries(scored.files).map(([name, r]) => row(name, r)),
    row('overall', scored.overall),
  ];
}

function similarTable(scored: Scored<SimilarFigures>): string[] {
  const f2 = (x: number | null): string => (x === null || !Number.isFinite(x) ? ' –  ' : x.toFixed(2));
  const row = (label: string, r: SimilarFigures): string =>
    `  ${label.padEnd(24)}${f2(r.hitAt3)}  ${`${r.hits}/${r.twins}`.padEnd(6)}  ${f2(r.noise)}  ${`${r.quietShown}/${r.quiet}`.padEnd(7)}  ${f2(r.relevantShare)}`;
  return [
    'Similar sessions at the pitch, first 3 shown (eval/run-similar.sh)',
    `  ${''.padEnd(24)}hit@3 hits    noise shown   relevant`,
    ...Object.entries(scored.files).map(([name, r]) => row(name, r)),
    row('overall', scored.overall),
  ];
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const verbose = process.argv.includes('--verbose') && !json;
  const settings: FullSettings = { ...DEFAULT_SETTINGS, ...(JSON.parse(option('--settings') ?? '{}') as Partial<FullSettings>) };
  const similarSettings = JSON.parse(option('--similar-settings') ?? '{}') as Partial<SimilarSettings>;
  if (process.argv.includes('--no-embeddings')) settings.useEmbeddings = false;

  const sets = devSets();
  const embedStart = performance.now();
  const texts = settings.useEmbeddings ? await embedSets(sets) : 0;
  const embedMs = performance.now() - embedStart;

  const dir = mkdtempSync(join(tmpdir(), 'unsilo-eval-'));
  try {
    const analyseStart = performance.now();
    const overlapFiles: [string, string][] = [];
    const sameFiles: [string, string][] = [];
    for (const set of sets) {
      const result: DetectionResult = detectOverlaps(set.sessions, { settings });
      const out = join(dir, `overlaps-${set.name}`);
      writeFileSync(out, JSON.stringify(result));
      overlapFiles.push([set.path, out]);
      const same = join(dir, `same-${set.name}`);
      writeFileSync(same, JSON.stringify({ overlaps: result.overlaps.filter((o) => o.tier === 'same') }));
      sameFiles.push([set.path, same]);
    }
    const analyseMs = performance.now() - analyseStart;
    const similarStart = performance.now();
    const similarFiles: [string, string][] = [];
    for (const set of sets) {
      const out = join(dir, `similar-${set.name}`);
      writeFileSync(out, JSON.stringify({ similar: similarLists(set.sessions, { settings: { ...similarSettings, limit: 3 } }) }));
      similarFiles.push([set.path, out]);
    }
    const similarMs = performance.now() - similarStart;
    const pairs = runScorer<PairFigures>('score.mjs', overlapFiles, verbose);
    const sameTier = runScorer<PairFigures>('score.mjs', sameFiles, false);
    const similar = runScorer<SimilarFigures>('similar.mjs', similarFiles, verbose);
    const timing = { texts, embedMs: Math.round(embedMs), analyseMs: Math.round(analyseMs), similarMs: Math.round(similarMs) };
    if (json) {
      process.stdout.write(`${JSON.stringify({ pairs, sameTier, similar, timing })}\n`);
      return;
    }
    const lines = [
      `Dev sets in eval/: ${sets.length} events, ${sets.reduce((a, s) => a + s.sessions.length, 0)} sessions; ` +
        `${texts} texts embedded in ${(embedMs / 1000).toFixed(1)} s; detector ${analyseMs.toFixed(0)} ms, similar lists ${similarMs.toFixed(0)} ms`,
      '',
      ...pairTable('Overlaps, every flagged pair (eval/run.sh)', pairs),
      '',
      ...pairTable('Overlaps in the "same" tier ("Likely the same conversation")', sameTier),
      '',
      ...similarTable(similar),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
