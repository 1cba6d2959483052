/**
 * `npx tsx scripts/eval-analysis.ts [--settings JSON] [--no-embeddings] [--verbose]`: scores the
 * overlap detector on the labelled dev sets (../shared/eval/dev-*.json) in one process, with the
 * sentence vectors embedded once and cached (.tmp/eval-embeddings.json), so trying a setting takes
 * seconds instead of run.sh's cold CLI per file. Scoring is run.sh's (score.mjs): pairwise
 * precision, recall, F1 and average precision per file and overall, "related" pairs counting
 * neither way; the figures match run.sh's. `--verbose` is the per-file diagnosis: each false alarm,
 * hit and miss with its evidence (TF-IDF cosine, the two views' semantic z, shared name, terms).
 *   --settings '{"threshold":0.25}'   any DetectorSettings/PairScoreSettings field
 *   --eval-dir DIR                    where dev-*.json live (default ../shared/eval)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createEmbedder, DEFAULT_SETTINGS, detectOverlaps, embeddingText, titleEmbeddingText } from '../analysis';
import type { AnalysisSession } from '../analysis';
import type { FullSettings } from '../analysis/detect';
import { buildLexicalModel, sharedTerms } from '../analysis/lexical';
import { scorePair } from '../analysis/pair-score';
import { buildLazySemanticModel, buildSemanticModel, lazySemanticZ, semanticEvidence } from '../analysis/semantic';

interface Gold {
  sessions: AnalysisSession[];
  overlaps: string[][];
  related?: string[][];
}
interface Cached {
  texts: string[];
  vectors: number[][];
}
interface Tally {
  tp: number;
  fp: number;
  fn: number;
  sumPrecision: number;
  gold: number;
}

const ROOT = join(__dirname, '..');
const CACHE = join(ROOT, '.tmp', 'eval-embeddings.json');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
function pairsOf(group: readonly string[]): string[] {
  const ids = [...new Set(group.map(String))];
  return ids.flatMap((a, k) => ids.slice(k + 1).map((b) => pairKey(a, b)));
}

/** Embeds every text not already cached with the same wording; the cache is keyed by file. */
async function embedAll(files: Map<string, Gold>): Promise<Map<string, number[][]>> {
  const cache: Record<string, Cached> = existsSync(CACHE) ? (JSON.parse(readFileSync(CACHE, 'utf8')) as Record<string, Cached>) : {};
  const out = new Map<string, number[][]>();
  let embedder: Awaited<ReturnType<typeof createEmbedder>> | null = null;
  for (const [name, gold] of files) {
    const texts = [...gold.sessions.map(embeddingText), ...gold.sessions.map(titleEmbeddingText)];
    const hit = cache[name];
    if (hit && hit.texts.length === texts.length && hit.texts.every((t, k) => t === texts[k])) {
      out.set(name, hit.vectors);
      continue;
    }
    embedder ??= await createEmbedder();
    const vectors = (await embedder.embed(texts)).map((v) => Array.from(v));
    cache[name] = { texts, vectors };
    out.set(name, vectors);
  }
  mkdirSync(dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, JSON.stringify(cache));
  return out;
}

function line(label: string, t: Tally): string {
  const p = t.tp + t.fp ? t.tp / (t.tp + t.fp) : 0;
  const r = t.gold ? t.tp / t.gold : 0;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  const ap = t.gold ? t.sumPrecision / t.gold : 0;
  const f = (x: number): string => x.toFixed(3);
  return `${label.padEnd(24)} P ${f(p)}  R ${f(r)}  F1 ${f(f1)}  AP ${f(ap)}  (tp ${t.tp} fp ${t.fp} fn ${t.fn})`;
}

/** The evidence behind one pair, as the detector computes it. */
function explainer(sessions: AnalysisSession[], settings: FullSettings): (a: string, b: string) => string {
  const list = [...sessions].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const index = new Map(list.map((s, k) => [s.id, k]));
  const lexical = buildLexicalModel(list, settings);
  const semantic = settings.useEmbeddings ? buildSemanticModel(list.map((s) => s.embedding ?? null)) : null;
  const titles = semantic ? buildLazySemanticModel(list.map((s) => s.titleEmbedding ?? null)) : null;
  const n = list.length;
  return (a, b) => {
    const [i, j] = [index.get(a) ?? 0, index.get(b) ?? 0].sort((x, y) => x - y) as [number, number];
    const evidence = scorePair(lexical, semantic, titles, i, j, settings);
    const sem = semantic ? semanticEvidence(semantic, i, j) : null;
    const titleZ = titles ? lazySemanticZ(titles, i, j) : null;
    const shared = sharedTerms(lexical.vectors[i] ?? { weights: new Map() }, lexical.vectors[j] ?? { weights: new Map() });
    const num = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(2));
    return (
      `score ${num(evidence.score)} cos ${num(lexical.pairScores[i * n + j])} z ${num(sem?.z)} titleZ ${num(titleZ)} ` +
      `name ${num(lexical.sharedNames.get(i * n + j) ?? 0)} [${shared.join(' ')}]  ` +
      `"${list[i]?.title}" ~ "${list[j]?.title}"`
    );
  };
}

async function main(): Promise<void> {
  const dir = option('--eval-dir') ?? join(ROOT, '..', 'shared', 'eval');
  const settings: FullSettings = { ...DEFAULT_SETTINGS, ...(JSON.parse(option('--settings') ?? '{}') as Partial<FullSettings>) };
  if (process.argv.includes('--no-embeddings')) settings.useEmbeddings = false;
  const verbose = process.argv.includes('--verbose');
  const names = readdirSync(dir)
    .filter((f) => /^dev-.*\.json$/.test(f))
    .sort();
  const files = new Map(names.map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Gold]));
  const vectors = await embedAll(files);
  const total: Tally = { tp: 0, fp: 0, fn: 0, sumPrecision: 0, gold: 0 };
  for (const [name, gold] of files) {
    const vs = vectors.get(name) ?? [];
    const n = gold.sessions.length;
    const sessions = gold.sessions.map((s, k) => ({ ...s, id: String(s.id), embedding: vs[k], titleEmbedding: vs[n + k] }));
    const goldPairs = new Set(gold.overlaps.flatMap(pairsOf));
    const neutral = new Set((gold.related ?? []).flatMap(pairsOf).filter((p) => !goldPairs.has(p)));
    const best = new Map<string, number>();
    for (const o of detectOverlaps(sessions, { settings }).overlaps) {
      for (const p of pairsOf(o.sessions)) if (!neutral.has(p)) best.set(p, Math.max(best.get(p) ?? -Infinity, o.score));
    }
    const ranked = [...best.entries()].sort((x, y) => y[1] - x[1]);
    const t: Tally = { tp: 0, fp: 0, fn: 0, sumPrecision: 0, gold: goldPairs.size };
    ranked.forEach(([p], k) => {
      if (!goldPairs.has(p)) return;
      t.tp++;
      t.sumPrecision += t.tp / (k + 1);
    });
    t.fp = ranked.length - t.tp;
    t.fn = goldPairs.size - t.tp;
    console.log(line(name, t));
    if (verbose) {
      const explain = explainer(sessions, settings);
      const show = (label: string, p: string): void => {
        const [a, b] = p.split('\u0000') as [string, string];
        console.log(`    ${label} ${explain(a, b)}`);
      };
      for (const [p] of ranked) if (!goldPairs.has(p)) show('false alarm', p);
      for (const [p] of ranked) if (goldPairs.has(p)) show('hit        ', p);
      for (const p of goldPairs) if (!best.has(p)) show('missed     ', p);
    }
    for (const k of ['tp', 'fp', 'fn', 'sumPrecision', 'gold'] as const) total[k] += t[k];
  }
  console.log(line('overall', total));
}

main().catch((error: unknown) => {
  process.stderr.write(`eval-analysis: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
