// Preloaded into the real server by scripts/bench.ts (`node --expose-gc -r scripts/bench/probe.cjs
// dist/server/main.js`). It changes nothing in the server: it only observes. Over the IPC channel
// it answers with server-side request timings (request event → response 'finish') and memory.
'use strict';
const http = require('node:http');

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

process.on('message', (message) => {
  if (!message || typeof message !== 'object') return;
  if (message.type === 'timings') {
    process.send({ type: 'timings', timings: timings.splice(0) });
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
