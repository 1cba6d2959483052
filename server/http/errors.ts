import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { LogFields, Logger } from '../ops/logger';
import { requestIdOf } from './request-log';

/** Seconds a client is asked to wait (Retry-After, and `details.retryAfter` in a busy ack) before resending. */
export const RETRY_AFTER_SECONDS = 5;

const STATUS: Record<ErrorCode, number> = {
  invalid_payload: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 409,
  rate_limited: 429,
  busy: 503,
  internal: 500,
};

/** The single error shape of the JSON API: `{ error: { code, message, details? } }`. */
export const errorBody = (error: DomainError) => ({
  error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
});

/** Turns anything thrown into a DomainError; unexpected errors are logged with their stack and hidden. */
export function toDomainError(error: unknown, logger: Logger, context?: LogFields): DomainError {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite's SQLITE_BUSY or SQLITE_LOCKED (and their extended codes): another connection (a backup,
  // an operator's sqlite3 shell) held the write lock past the busy timeout. Nothing was written, and
  // the same request goes through once it lets go.
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
    logger.info(`database busy: a write gave up waiting for another connection's lock (${code})`);
    return new DomainError('busy', 'The server is busy saving other changes. Nothing was changed; try again in a few seconds.', {
      retryAfter: RETRY_AFTER_SECONDS,
    });
  }
  const status = (error as { status?: number; type?: string }).status;
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new DomainError('invalid_payload', 'That request is too large.');
  }
  if ((error as { code?: string }).code === 'EBADCSRFTOKEN') {
    return new DomainError('forbidden', 'This form has expired or did not come from this site. Reload the page and send it again.');
  }
  if (type === 'entity.parse.failed') return new DomainError('invalid_payload', 'The request body is not valid JSON.');
  if (status !== undefined && status >= 400 && status < 500) {
    return new DomainError('invalid_payload', 'The request could not be read.');
  }
  logger.error('unexpected error', error, context);
  return new DomainError('internal', 'Something went wrong on our side. Nothing was changed; please try again.');
}

const wantsJson = (path: string): boolean => path.startsWith('/api/');

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new DomainError('not_found', 'There is nothing at this address.'));
};

/** Registered last: one funnel for every error, JSON for the API and a page for browsers. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const domainError = toDomainError(error, logger, { requestId: requestIdOf(req), method: req.method, path: req.path });
    res.status(STATUS[domainError.code]);
    if (domainError.code === 'busy') res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    if (wantsJson(req.path)) res.json(errorBody(domainError));
    else res.render('error', { title: 'Something is not right', error: domainError });
  };
}
