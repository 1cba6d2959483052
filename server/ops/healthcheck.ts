/**
 * The container's HEALTHCHECK (`node dist/server/ops/healthcheck.js`): exit 0 when `GET /healthz`
 * on this machine's PORT answers 200 within 4 s, 1 otherwise. The runtime image has no curl.
 */
import { get } from 'node:http';

const request = get({ host: '127.0.0.1', port: Number(process.env.PORT || 3000), path: '/healthz', timeout: 4000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('no answer within 4 s')));
request.on('error', (error) => {
  console.error(`healthcheck: ${error.message}`);
  process.exit(1);
});
