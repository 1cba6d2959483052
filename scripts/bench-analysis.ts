/**
 * `npm run bench:analysis`: times the overlap detector on synthetic events of 150 and 1,000
 * sessions (seeded, so every run sees the same events; topic × aspect × phrasing, so some
 * pitches overlap and most do not). Embeddings are computed once, as the
 * app caches them per pitch; then detectOverlaps is timed repeatedly, plus one incremental
 * "new pitch" (embed one text + re-analyse) and cold CLI runs on 150 sessions.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { percentile, seeded } from "./bench/common";
import { createEmbedder, detectOverlaps, embeddingText, titleEmbeddingText, type AnalysisSession, type Embedder } from "../analysis";
import { embedOnTwoThreads } from "../analysis/embed-parallel";

const TOPIC_HEADS = [
  "open", "legacy", "shared", "accessible", "ethical", "low-carbon", "secure", "rural", "remote", "inclusive",
];
const TOPIC_NOUNS = [
  "data", "procurement", "Kubernetes", "design systems", "user research", "ransomware", "hiring",
  "mentoring", "APIs", "cloud hosting", "roadmaps", "content design",
];
/** 120 two-word topics, so a topic recurs a few times in 1,000 pitches, as at a large event. */
const TOPICS = TOPIC_HEADS.flatMap((head) => TOPIC_NOUNS.map((noun) => `${head} ${noun}`));
const ASPECTS = [
  "for councils", "in the NHS", "for charities", "in schools", "for small teams", "at scale",
  "with no budget", "for beginners", "in housing", "for social care", "in libraries", "for volunteers",
  "in elections", "for planning", "in transport", "for museums", "in policing", "for startups",
];
const TEMPLATES = [
  "What's next for {t}?", "{t} on a budget", "Lessons learned from {t}", "{t} for beginners",
  "Why is {t} so hard?", "Getting started with {t}", "{t}: what works and what doesn't",
  "Scaling {t} across teams", "The future of {t}", "{t} in small organisations",
  "Show and tell: {t}", "Is {t} worth it?", "Our mistakes with {t}", "{t} without the hype",
  "Measuring {t}", "Who owns {t}?", "{t} and the law", "Making the case for {t}",
  "{t} myths", "Funding {t}", "A year of {t}", "{t} after the pilot", "Hacking {t}",
  "{t}: ask me anything", "Designing for {t}", "Teaching {t}", "{t} and trust",
];
const NOTES = [
  "Bring your stories and questions.", "A short demo, then open discussion.",
  "What has worked for you, and what hasn't?", "Looking for people who have tried this.",
  "", "We tried it last year and learned a lot.",
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function syntheticEvent(size: number, seed: number): AnalysisSession[] {
  const random = seeded(seed);
  const rooms = Math.max(4, Math.round(size / 8));
  return Array.from({ length: size }, (_, k) => ({
    id: `s${String(k).padStart(4, "0")}`,
    title: `${pick(TEMPLATES, random).replace("{t}", pick(TOPICS, random))} ${pick(ASPECTS, random)}`,
    notes: pick(NOTES, random),
    room: random() < 0.8 ? `Room ${(k % rooms) + 1}` : null,
    slot: random() < 0.8 ? `${9 + Math.floor(k / rooms)}:00` : null,
  }));
}

function timeRuns(runs: number, work: () => unknown): number[] {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
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

function coldCliRuns(sessions: readonly AnalysisSession[], runs: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), "unsilo-bench-"));
  const file = join(dir, "event.json");
  writeFileSync(file, JSON.stringify({ sessions: sessions.map(({ embedding: _unused, titleEmbedding: _unusedTitle, ...s }) => s) }));
  const times: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const run = spawnSync("npx", ["tsx", "analysis/cli.ts", file], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`CLI failed: ${run.stderr}`);
      times.push(performance.now() - start);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

function row(label: string, times: readonly number[], target: string): string {
  const cell = (x: number): string => `${x.toFixed(1)} ms`.padStart(11);
  return `${label.padEnd(44)}${cell(percentile(times, 0.5))}${cell(percentile(times, 0.9))}   ${String(times.length).padStart(4)}   ${target}`;
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, Node ${process.version}\n`);
  const small = syntheticEvent(150, 150);
  const large = syntheticEvent(1000, 1000);
  const embedder = await createEmbedder();
  const embedStart = performance.now();
  await embedAll(small, embedder);
  await embedAll(large, embedder);
  console.log(`(embedded ${small.length + large.length} synthetic pitches once in ${((performance.now() - embedStart) / 1000).toFixed(1)} s)\n`);

  timeRuns(3, () => detectOverlaps(small)); // warm-up: JIT
  const t150 = timeRuns(31, () => detectOverlaps(small));
  const t1000 = timeRuns(7, () => detectOverlaps(large));
  const pitch: AnalysisSession = { id: "new", title: "Ransomware on a budget", notes: "What would you do first?", room: null, slot: null };
  const incremental: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    const [vector, titleVector] = await embedder.embed([embeddingText(pitch), titleEmbeddingText(pitch)]);
    detectOverlaps([...small, { ...pitch, embedding: vector ?? null, titleEmbedding: titleVector ?? null }]);
    incremental.push(performance.now() - start);
  }
  const cold = coldCliRuns(small, 3);

  console.log(`${"".padEnd(44)}${"median".padStart(11)}${"p90".padStart(11)}   runs   target`);
  console.log(row("detectOverlaps, 150 cached sessions", t150, "≤ 50 ms"));
  console.log(row("detectOverlaps, 1,000 cached sessions", t1000, "≤ 1,000 ms"));
  console.log(row("new pitch into 150 (embed 2 + re-analyse)", incremental, ""));
  console.log(row("cold CLI, 150 sessions (npx tsx, embeds all)", cold, "≤ 5,000 ms"));
  console.log(`\noverlaps found: ${detectOverlaps(small).overlaps.length} in 150, ${detectOverlaps(large).overlaps.length} in 1,000`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
