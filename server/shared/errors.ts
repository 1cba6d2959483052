import { DomainError } from '../domain/errors';
import type { LogFields, Logger } from '../ops/logger';

/** Seconds a client is asked to wait (Retry-After, and `details.retryAfter` in a busy ack) before resending. */
export const RETRY_AFTER_SECONDS = 5;

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
