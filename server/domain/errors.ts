/**
 * The one error type that crosses layers. Codes are stable: clients and tests match on them,
 * so never rename one; add a new code instead.
 */
export type ErrorCode = 'invalid_payload' | 'not_found' | 'conflict' | 'stale' | 'forbidden' | 'rate_limited' | 'busy' | 'internal';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError('not_found', `${what} was not found.`);
