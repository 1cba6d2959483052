import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { DomainError } from '../domain/errors';
import type { Health } from '../ops/health';
import type { Metrics } from '../ops/metrics';
import { errorBody } from './errors';

export interface OpsOptions {
  health: Health;
  metrics: Metrics;
  /** null: /metrics answers 404, as if it did not exist. */
  metricsToken: string | null;
}

/** Compares digests, so neither the token's length nor its first differing byte shows in the timing. */
const sameToken = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/**
 * `/healthz`, `/readyz` and `/metrics`, mounted before every other handler: probes and scrapes are
 * never rate-limited, get no cookie and need no CSRF token. Bodies are JSON (metrics: Prometheus text).
 */
export function opsRoutes({ health, metrics, metricsToken }: OpsOptions): Router {
  const router = Router();
  router.use(['/healthz', '/readyz', '/metrics'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, body } = await health.readiness();
    res.status(ready ? 200 : 503).json(body);
  });
  router.get('/metrics', async (req, res) => {
    if (!metricsToken) {
      res.status(404).json(errorBody(new DomainError('not_found', 'There is nothing at this address.')));
      return;
    }
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !sameToken(header.slice('Bearer '.length).trim(), metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).json(errorBody(new DomainError('forbidden', 'Metrics need `Authorization: Bearer` with UNSILO_METRICS_TOKEN.')));
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
