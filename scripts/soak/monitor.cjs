// Preloaded into the server by `npm run soak` only (`node --require scripts/soak/monitor.cjs …`,
// with UNSILO_SOAK_MONITOR naming a file); normal runs never load it. It observes and changes
// nothing: every second it appends one JSON line to that file with the process's RSS and heap,
// its CPU time (all threads, from /proc) and what its main thread's event loop went through: a
// timer asks to run every 10 ms and each run records how late it was (its delay), counted in
// buckets, so the soak can tell what share of delays was 100 ms or more over any stretch of time.
'use strict';
const { appendFileSync, readFileSync } = require('node:fs');

const file = process.env.UNSILO_SOAK_MONITOR;
if (file) {
  /** Upper bounds (ms) of the delay buckets; the last bucket holds everything longer. */
  const BOUNDS = [5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000];
  const INTERVAL_MS = 10;
  let buckets = new Array(BOUNDS.length + 1).fill(0);
  let max = 0;
  const record = (delay) => {
    let k = 0;
    while (k < BOUNDS.length && delay >= BOUNDS[k]) k++;
    buckets[k] += 1;
    if (delay > max) max = delay;
  };
  let expected = performance.now() + INTERVAL_MS;
  const tick = () => {
    const now = performance.now();
    record(Math.max(0, now - expected));
    expected = now + INTERVAL_MS;
    setTimeout(tick, INTERVAL_MS).unref();
  };
  setTimeout(tick, INTERVAL_MS).unref();

  const cpuMs = () => {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  };
  setInterval(() => {
    const memory = process.memoryUsage();
    const line = {
      t: Date.now(),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      cpuMs: cpuMs(),
      bounds: BOUNDS,
      buckets,
      maxMs: Math.round(max * 10) / 10,
    };
    buckets = new Array(BOUNDS.length + 1).fill(0);
    max = 0;
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}

// UNSILO_SOAK_PROFILE=file.cpuprofile: a V8 CPU profile of the main thread only (workers are not
// slowed down), from now until the process is told to stop (SIGTERM) or 10 minutes pass.
const profileFile = process.env.UNSILO_SOAK_PROFILE;
if (profileFile) {
  const { Session } = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () =>
    session.post('Profiler.setSamplingInterval', { interval: 10000 }, () => session.post('Profiler.start')),
  );
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(profileFile, JSON.stringify(result.profile));
    });
  };
  process.prependListener('SIGTERM', write);
  setTimeout(write, 600_000).unref();
}
