import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { DomainError } from '../domain/errors';

/**
 * How much one client (one browser, by its `unsilo_browser` cookie) may do. Sized for a real
 * unconference: nobody pitches ten sessions a minute, but a script does.
 */
export interface RateLimits {
  /** Pitches per minute, over HTTP and over a socket (counted separately). */
  pitches: number;
  /** Edits and withdrawals of pitches per minute. */
  edits: number;
  /** "I'd go" and its withdrawal per minute. */
  interest: number;
  /** Notes added to session pages per minute, over HTTP and over a socket (counted separately). */
  notes: number;
  /** Socket commands of any kind per 10 seconds. */
  socketCommands: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { pitches: 10, edits: 30, interest: 60, notes: 20, socketCommands: 30 };

export const MINUTE_MS = 60_000;
export const SOCKET_WINDOW_MS = 10_000;

export const slowDown = (what: string): DomainError =>
  new DomainError('rate_limited', `Slow down: too many ${what} from this browser. Wait a minute and try again.`);

/** Middleware for each limited kind of request; with no limits, they pass everything through. */
export interface HttpLimiters {
  pitches: RequestHandler;
  edits: RequestHandler;
  interest: RequestHandler;
  notes: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

export function httpLimiters(limits: RateLimits | 'off'): HttpLimiters {
  if (limits === 'off') return { pitches: pass, edits: pass, interest: pass, notes: pass };
  const limiter = (limit: number, what: string): RequestHandler =>
    rateLimit({
      windowMs: MINUTE_MS,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per browser, not per address: a whole venue shares one address behind its Wi-Fi.
      keyGenerator: (_req: Request, res: Response) => String((res.locals as { browserId?: string }).browserId),
      handler: (_req, _res, next) => next(slowDown(what)),
      validate: { keyGeneratorIpFallback: false },
    });
  return {
    pitches: limiter(limits.pitches, 'pitches'),
    edits: limiter(limits.edits, 'edits'),
    interest: limiter(limits.interest, '“I’d go” clicks'),
    notes: limiter(limits.notes, 'notes'),
  };
}
