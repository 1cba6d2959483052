import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { Logger } from '../ops/logger';
import { requestIdOf } from './request-log';
import { RETRY_AFTER_SECONDS, toDomainError } from '../shared/errors';

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
