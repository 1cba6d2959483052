#!/usr/bin/env node
// Scores an overlap detector's output against labelled sets of sessions.
//
//   node score.mjs GOLD.json PREDICTED.json [GOLD2.json PREDICTED2.json ...] [--verbose] [--min-f1 0.8] [--json]
//
// GOLD.json:      { "sessions": [{ "id", "title", "notes"?, "room"?, "slot"? }],
//                   "overlaps": [["s1","s7"], ...],      groups a facilitator would flag as one conversation
//                   "related":  [["s2","s9"], ...] }     optional: judgement calls, counted neither way
// PREDICTED.json: { "overlaps": [{ "sessions": ["s1","s7"], "score": 0.83, ... }, ...] }
//                 the detector's output; "score" is optional and only ranks pairs for AP.
//
// Every pair of ids inside a group counts. Prints pairwise precision, recall and F1 and
// average precision, per file and micro-averaged over all files. Exit 0; 1 when --min-f1
// is given and the overall F1 falls below it; 2 for unusable input. `--json` prints the same
// figures as one JSON object ({ files: { name: figures }, overall: figures }) instead of lines.
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const json = args.includes('--json');
const minIdx = args.indexOf('--min-f1');
const minF1 = minIdx >= 0 ? Number(args[minIdx + 1]) : null;
const files = args.filter((a, i) => !a.startsWith('--') && !(minIdx >= 0 && i === minIdx + 1));
if (files.length < 2 || files.length % 2) {
  console.error('usage: node score.mjs GOLD.json PREDICTED.json [GOLD2 PREDICTED2 ...] [--verbose] [--min-f1 X]');
  process.exit(2);
}
const fail = (msg) => {
  console.error(msg);
  process.exit(2);
};

const key = (a, b) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
function pairsOf(group) {
  const ids = [...new Set(group.map(String))];
  const out = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push(key(ids[i], ids[j]));
  return out;
}
const f = (x) => x.toFixed(3);

function score(goldFile, predFile) {
  const gold = JSON.parse(readFileSync(goldFile, 'utf8'));
  const predicted = JSON.parse(readFileSync(predFile, 'utf8'));
  const titles = new Map(gold.sessions.map((s) => [String(s.id), s.title]));
  const goldPairs = new Set(gold.overlaps.flatMap(pairsOf));
  const neutral = new Set((gold.related ?? []).flatMap(pairsOf).filter((p) => !goldPairs.has(p)));
  if (!predicted || !Array.isArray(predicted.overlaps)) fail(`${predFile}: no "overlaps" array`);

  const predScore = new Map(); // best score seen for each predicted pair
  for (const o of predicted.overlaps) {
    const ids = o.sessions ?? o.sessionIds ?? o.ids;
    if (!Array.isArray(ids)) fail(`${predFile}: an overlap without a "sessions" array`);
    for (const id of ids) if (!titles.has(String(id))) fail(`${predFile}: unknown session id ${id}`);
    const s = typeof o.score === 'number' ? o.score : 1;
    for (const p of pairsOf(ids)) {
      if (neutral.has(p)) continue;
      predScore.set(p, Math.max(predScore.get(p) ?? -Infinity, s));
    }
  }
  const ranked = [...predScore.entries()].sort((a, b) => b[1] - a[1]);
  let tp = 0;
  let sumPrec = 0;
  ranked.forEach(([p], i) => {
    if (goldPairs.has(p)) {
      tp++;
      sumPrec += tp / (i + 1);
    }
  });
  const show = (p) =>
    p
      .split('\u0000')
      .map((id) => `${id} "${titles.get(id)}"`)
      .join('  ~  ');
  if (verbose) {
    for (const [p] of ranked) if (!goldPairs.has(p)) console.log(`false alarm: ${show(p)}`);
    for (const p of goldPairs) if (!predScore.has(p)) console.log(`missed:      ${show(p)}`);
  }
  return { tp, fp: predScore.size - tp, fn: goldPairs.size - tp, sumPrec, gold: goldPairs.size, n: gold.sessions.length };
}

const report = { files: {}, overall: null };
function line(label, r) {
  const precision = r.tp + r.fp ? r.tp / (r.tp + r.fp) : 0;
  const recall = r.gold ? r.tp / r.gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const ap = r.gold ? r.sumPrec / r.gold : 0;
  const figures = { precision, recall, f1, ap, tp: r.tp, fp: r.fp, fn: r.fn, sessions: r.n };
  if (label === null) report.overall = figures;
  else report.files[label] = figures;
  if (json) return f1;
  console.log(
    `${label ?? 'pairs'}: precision=${f(precision)} recall=${f(recall)} F1=${f(f1)} AP=${f(ap)} ` +
      `(tp=${r.tp} fp=${r.fp} fn=${r.fn}, ${r.n} sessions)`,
  );
  return f1;
}

const total = { tp: 0, fp: 0, fn: 0, sumPrec: 0, gold: 0, n: 0 };
for (let i = 0; i < files.length; i += 2) {
  const r = score(files[i], files[i + 1]);
  if (files.length > 2) line(files[i].split('/').pop(), r);
  for (const k of Object.keys(total)) total[k] += r[k];
}
const f1 = line(null, total);
if (json) console.log(JSON.stringify(report));
if (minF1 !== null && !(f1 >= minF1)) process.exit(1);
