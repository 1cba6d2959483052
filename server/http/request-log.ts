import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../ops/logger';

/** A request id a proxy in front may already have given (nginx `$request_id`, a load balancer's): kept if it looks like one. */
const ID = /^[\w.:-]{1,100}$/;

/** Probes and scrapes arrive every few seconds: they are logged only when they fail. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/** The request's id, for log lines written while handling it (the error handler's). */
export const requestIdOf = (req: Request): string | undefined => (req.res?.locals as { requestId?: string } | undefined)?.requestId;

/**
 * One log line per request once its response is finished (or the client gave up): method, path
 * (without the query string, which may carry a private link's key or a CSRF token), status,
 * duration and a request id, also sent back as `X-Request-Id`. No header, cookie or body is logged.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const path = req.path;
    res.once('close', () => {
      if (QUIET.has(path) && res.statusCode < 400) return;
      logger.info('request', {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
    next();
  };
}
