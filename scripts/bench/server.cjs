// The real Unsilo server as scripts/bench.ts runs it: the compiled code (dist/, from `npm run
// build`) wired exactly as server/main.ts wires it (createServer, UNSILO_EMBEDDINGS, shutdown
// signals), except that it listens on 127.0.0.1 on a free port, seeds no demo event, and loads
// the read-only probe (probe.cjs). Forked with an IPC channel; UNSILO_DB names a temporary file.
'use strict';
require('./probe.cjs');
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', 'dist', 'server');
const { openDatabase } = require(join(dist, 'persistence', 'database'));
const { createServer, encoderFromEnv } = require(join(dist, 'server'));
const { handleShutdownSignals } = require(join(dist, 'shutdown'));

const logger = { info: () => undefined, error: (message, error) => console.error(message, error) };
const db = openDatabase(process.env.UNSILO_DB);
// What-if only (not the production configuration): BENCH_SYNCHRONOUS=NORMAL skips the fsync per commit.
if (process.env.BENCH_SYNCHRONOUS) db.pragma(`synchronous = ${process.env.BENCH_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
// Rate limits off: the benchmark drives thousands of pitches from one machine (UNSILO_RATE_LIMITS=off in main.ts).
const server = createServer({ db, logger, rateLimits: 'off', encoder: encoderFromEnv(process.env) });
server.http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.http.address().port }));
handleShutdownSignals({ server, db, logger, timeoutMs: 5000 });

// The interactive lane's latency (docs/benchmarks.md, `similar`), measured here because it needs the
// server's own services: `count` calls of `suggestions.nearest` (embed a typed title, compare it
// with the event's cached title vectors), each started only while the background lane is running a
// full analysis (a 'detect' job); the bench keeps one running by pitching into that event meanwhile.
// A first call loads the lane's encoder and its vectors of the event, and is not counted.
process.on('message', (message) => {
  if (!message || message.type !== 'similar') return;
  const { eventId, texts, count, limitMs } = message;
  const { performance } = require('node:perf_hooks');
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  (async () => {
    await server.services.suggestions.nearest(eventId, texts[0], 3);
    const samples = [];
    const deadline = Date.now() + limitMs;
    while (samples.length < count && Date.now() < deadline) {
      if (server.analysis.running('background') !== 'detect') {
        await pause(5);
        continue;
      }
      const started = performance.now();
      await server.services.suggestions.nearest(eventId, texts[samples.length % texts.length], 3);
      samples.push(performance.now() - started);
      await pause(20);
    }
    process.send({ type: 'similar', samples });
  })().catch((error) => process.send({ type: 'similar', samples: [], error: String(error && error.stack) }));
});
