#!/usr/bin/env node
// Scores "similar sessions already pitched" lists, the ones a pitch form shows while someone pitches.
//
//   node similar.mjs GOLD.json PREDICTED.json [GOLD2.json PREDICTED2.json ...] [--verbose] [--json]
//
// GOLD.json:      as for score.mjs; the order of "sessions" is the order they were pitched.
// PREDICTED.json: { "similar": [{ "session": "s7", "candidates": [{ "id": "s1", "score": 0.4, "reason": "…" }] }] }
//                 one entry per session; candidates come only from sessions earlier in the file,
//                 best first; only the first 3 are read (what a phone screen shows).
//
// For each session that has an earlier session of its own overlap group (a "twin"):
//   hit when any earlier twin is among its first 3 candidates.         -> hit@3 (higher is better)
// For each session without an earlier twin: how many candidates it was shown. -> noise (lower is better)
// Of all candidates shown: the share that are twins or labelled related.       -> relevant share
// `--json` prints the same figures as one JSON object ({ files: { name: figures }, overall: figures }).
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const json = args.includes('--json');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length < 2 || files.length % 2) {
  console.error('usage: node similar.mjs GOLD.json PREDICTED.json [GOLD2 PREDICTED2 ...] [--verbose]');
  process.exit(2);
}
const fail = (msg) => {
  console.error(msg);
  process.exit(2);
};
const read = (f) => {
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch (e) {
    fail(`${f}: ${e.message}`);
  }
};
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

const total = { twins: 0, hits: 0, quiet: 0, quietShown: 0, shown: 0, relevant: 0 };
const figures = (t) => ({ hitAt3: t.hits / t.twins, noise: t.quietShown / t.quiet, relevantShare: t.relevant / t.shown, ...t });
const report = { files: {}, overall: null };
for (let k = 0; k < files.length; k += 2) {
  const gold = read(files[k]),
    pred = read(files[k + 1]);
  if (!Array.isArray(gold.sessions)) fail(`${files[k]}: no "sessions" array`);
  if (!Array.isArray(pred.similar)) fail(`${files[k + 1]}: no "similar" array`);
  const order = new Map(gold.sessions.map((s, i) => [String(s.id), i]));
  const title = new Map(gold.sessions.map((s) => [String(s.id), s.title]));
  const groupsOf = (list) => {
    const m = new Map();
    (list || []).forEach((g, gi) =>
      g.forEach((id) => {
        id = String(id);
        if (!m.has(id)) m.set(id, new Set());
        m.get(id).add(gi);
      }),
    );
    return m;
  };
  const over = groupsOf(gold.overlaps),
    rel = groupsOf(gold.related);
  const share = (m, a, b) => m.has(a) && m.has(b) && [...m.get(a)].some((g) => m.get(b).has(g));
  const listOf = new Map(pred.similar.map((e) => [String(e.session), (e.candidates || []).slice(0, 3).map((c) => String(c.id))]));
  const t = { twins: 0, hits: 0, quiet: 0, quietShown: 0, shown: 0, relevant: 0 };
  for (const s of gold.sessions) {
    const id = String(s.id),
      at = order.get(id);
    const shown = listOf.get(id) || [];
    for (const c of shown) {
      if (!order.has(c)) fail(`${files[k + 1]}: ${id} lists unknown session ${c}`);
      if (order.get(c) >= at) fail(`${files[k + 1]}: ${id} lists ${c}, which was pitched after it`);
    }
    const twins = gold.sessions
      .slice(0, at)
      .map((x) => String(x.id))
      .filter((x) => share(over, id, x));
    t.shown += shown.length;
    t.relevant += shown.filter((c) => share(over, id, c) || share(rel, id, c)).length;
    if (twins.length) {
      t.twins++;
      const hit = shown.some((c) => twins.includes(c));
      if (hit) t.hits++;
      else if (verbose)
        console.log(
          `missed twin: ${id} "${title.get(id)}" ~ ${twins.map((x) => `${x} "${title.get(x)}"`).join(', ')}; shown: ${shown.map((x) => `"${title.get(x)}"`).join(', ') || 'nothing'}`,
        );
    } else {
      t.quiet++;
      t.quietShown += shown.length;
      if (verbose && shown.length) console.log(`noise: ${id} "${title.get(id)}" shown ${shown.map((x) => `"${title.get(x)}"`).join(', ')}`);
    }
  }
  for (const x in t) total[x] += t[x];
  const name = files[k].split('/').pop();
  report.files[name] = figures(t);
  if (!json)
    console.log(
      `${name}: hit@3=${f2(t.hits / t.twins)} (${t.hits}/${t.twins}) noise=${f2(t.quietShown / t.quiet)} per twin-less pitch, relevant share=${f2(t.relevant / t.shown)} (${t.shown} shown)`,
    );
}
report.overall = figures(total);
if (json) console.log(JSON.stringify(report));
else
  console.log(
    `similar: hit@3=${f2(total.hits / total.twins)} (${total.hits}/${total.twins}) noise=${f2(total.quietShown / total.quiet)} relevant=${f2(total.relevant / total.shown)} (${total.shown} shown over ${total.twins + total.quiet} pitches)`,
  );
