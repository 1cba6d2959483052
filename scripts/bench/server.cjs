// The real Unsilo server as scripts/bench.ts runs it: the compiled code (dist/, from `npm run
// build`) wired exactly as server/main.ts wires it (createServer, UNSILO_EMBEDDINGS=off for no encoder, shutdown
// signals), except that it listens on 127.0.0.1 on a free port, seeds no demo event, and loads
// the read-only probe (probe.cjs). Forked with an IPC channel; UNSILO_DB names a temporary file.
'use strict';
require('./probe.cjs');
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', 'dist', 'server');
const { openDatabase } = require(join(dist, 'persistence', 'database'));
const { createServer } = require(join(dist, 'server'));
const { handleShutdownSignals } = require(join(dist, 'shutdown'));

const logger = { info: () => undefined, error: (message, error) => console.error(message, error) };
const db = openDatabase(process.env.UNSILO_DB);
// What-if only (not the production configuration): BENCH_SYNCHRONOUS=NORMAL skips the fsync per commit.
if (process.env.BENCH_SYNCHRONOUS) db.pragma(`synchronous = ${process.env.BENCH_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
// Rate limits off: the benchmark drives thousands of pitches from one machine (UNSILO_RATE_LIMITS=off in main.ts).
const server = createServer({ db, logger, rateLimits: 'off', encoder: process.env.UNSILO_EMBEDDINGS === 'off' ? 'none' : 'use-lite' });
server.http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.http.address().port }));
handleShutdownSignals({ server, db, logger, timeoutMs: 5000 });

// The pitch form's similar list (docs/benchmarks.md, `similar`), measured here because it needs to
// know when the background lane is busy: `count` requests of GET /api/events/:id/similar?title=…,
// what the pitch page's script asks after a pause in typing (SimilarService: the typed text embedded
// and ranked by similarSessions on the interactive lane, on the event's index that worker keeps),
// each started only while the background lane runs a full analysis (a 'detect' job); the bench keeps
// one running by pitching into that event meanwhile, so some requests also find the board changed
// (the index is then rebuilt after them, on the same lane). A first request loads the lane's encoder and builds the index: not counted.
process.on('message', (message) => {
  if (!message || message.type !== 'similar') return;
  const { eventId, texts, count, limitMs } = message;
  const { performance } = require('node:perf_hooks');
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const ask = async (title) => {
    const url = `http://127.0.0.1:${server.http.address().port}/api/events/${eventId}/similar?title=${encodeURIComponent(title)}`;
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`similar answered ${response.status}: ${await response.text()}`);
    await response.json();
  };
  (async () => {
    await ask(texts[0]);
    const samples = [];
    const deadline = Date.now() + limitMs;
    while (samples.length < count && Date.now() < deadline) {
      if (server.analysis.running('background') !== 'detect') {
        await pause(5);
        continue;
      }
      const started = performance.now();
      await ask(texts[samples.length % texts.length]);
      samples.push(performance.now() - started);
      await pause(20);
    }
    process.send({ type: 'similar', samples });
  })().catch((error) => process.send({ type: 'similar', samples: [], error: String(error && error.stack) }));
});
