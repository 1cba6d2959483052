// Preloaded into the real server by scripts/bench.ts (`node --expose-gc -r scripts/bench/probe.cjs
// dist/server/main.js`). It changes nothing in the server: it only observes. Over the IPC channel
// it answers with server-side request timings (request event → response 'finish'), memory, and,
// per phase of the bench, what the server's main thread did: CPU time, event-loop delay, GC pauses
// and the analysis jobs it handed to its worker thread.
'use strict';
const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { Worker } = require('node:worker_threads');
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const timings = []; // [url, ms]
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (name, req, res) {
  if (name === 'request' && res) {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      if (timings.length < 100000) timings.push([req.url, Number(process.hrtime.bigint() - start) / 1e6]);
    });
  }
  return emit.apply(this, arguments);
};

// Per phase: event-loop delay, GC pauses (duration, kind), analysis jobs.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let phaseStart = performance.now();
let phaseCpu = process.cpuUsage();
let gcs = [];
let jobs = [];
const GC_KINDS = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (gcs.length < 10000) gcs.push([Math.round(entry.duration * 10) / 10, GC_KINDS[entry.detail?.kind] ?? String(entry.detail?.kind)]);
  }
}).observe({ entryTypes: ['gc'] });
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message) {
  const sessions = message?.kind === 'detect' ? message.input?.sessions : null;
  if (Array.isArray(sessions) && jobs.length < 10000) jobs.push([Math.round(performance.now() - phaseStart), sessions.length]);
  return post.apply(this, arguments);
};

function phaseReport() {
  const cpu = process.cpuUsage(phaseCpu);
  const ms = performance.now() - phaseStart;
  const report = {
    ms: Math.round(ms),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    loop_delay_p99_ms: Math.round(loop.percentile(99) / 1e5) / 10,
    loop_delay_max_ms: Math.round(loop.max / 1e5) / 10,
    gc_ms: Math.round(gcs.reduce((sum, g) => sum + g[0], 0)),
    gc_max_ms: gcs.reduce((max, g) => Math.max(max, g[0]), 0),
    gc_count: gcs.length,
    gc_max_kind: gcs.reduce((max, g) => (max && max[0] >= g[0] ? max : g), null)?.[1] ?? null,
    analysis_jobs: jobs,
  };
  loop.reset();
  phaseStart = performance.now();
  phaseCpu = process.cpuUsage();
  gcs = [];
  jobs = [];
  return report;
}

// With BENCH_PROFILE_DIR, a phase message naming a profile starts a CPU profile of this thread that
// the next phase message stops and writes there as <name>.cpuprofile (one measured window).
const profileDir = process.env.BENCH_PROFILE_DIR;
const inspector = profileDir ? new Session() : null;
let profiling = null;
if (inspector) {
  inspector.connect();
  inspector.post('Profiler.enable');
}
function profilePhase(next, done) {
  if (!inspector) return done();
  const start = () => {
    profiling = next ?? null;
    if (profiling) inspector.post('Profiler.start', () => done());
    else done();
  };
  if (!profiling) return start();
  const name = profiling;
  inspector.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(result.profile));
    start();
  });
}

process.on('message', (message) => {
  if (!message || typeof message !== 'object') return;
  if (message.type === 'timings') {
    process.send({ type: 'timings', timings: timings.splice(0) });
  } else if (message.type === 'phase') {
    const report = phaseReport();
    profilePhase(message.profile, () => process.send({ type: 'phase', ...report }));
  } else if (message.type === 'memory') {
    if (message.gc && typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send({ type: 'memory', rss, heapUsed, heapTotal, external, arrayBuffers });
  }
});
// Stop with the bench, but let the server's own SIGTERM handling close it.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
