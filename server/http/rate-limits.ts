import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { DomainError } from '../domain/errors';
import { BROWSER_COOKIE } from './auth';

/**
 * How much one client may do. A client is a browser, by the `unsilo_browser` cookie it sends; a
 * request without that cookie (a script) counts against its address, as if the address were one
 * browser, so dropping cookies no longer buys a fresh budget per request. Sized for a real
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
  /**
   * Pitches per minute from one address, whatever cookies they carry (over HTTP and over sockets,
   * counted separately): a script that makes up a new cookie for every pitch is held here. A venue's
   * attendees share its address, so this is sized for a whole camp pitching at once.
   */
  addressPitches: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { pitches: 10, edits: 30, interest: 60, notes: 20, socketCommands: 30, addressPitches: 100 };

/** An address as a limit counts it: IPv4 as is, IPv6 by its /56 (one subscriber's whole range). */
export const addressKey = (address: string): string => `address:${ipKeyGenerator(address)}`;

/** The client a request counts against: the browser by the cookie it came with, else its address. */
export function clientKey(req: Request, res: Response): string {
  const sent = (req.cookies as Record<string, unknown> | undefined)?.[BROWSER_COOKIE];
  const { browserId } = res.locals as { browserId?: string };
  return sent !== undefined && sent === browserId ? `browser:${browserId}` : addressKey(req.ip ?? '');
}

export const MINUTE_MS = 60_000;
export const SOCKET_WINDOW_MS = 10_000;

export const slowDown = (what: string, from = 'this browser'): DomainError =>
  new DomainError('rate_limited', `Slow down: too many ${what} from ${from}. Wait a minute and try again.`);

/** Middleware for each limited kind of request; with no limits, they pass everything through. */
export interface HttpLimiters {
  addressPitches: RequestHandler;
  pitches: RequestHandler;
  edits: RequestHandler;
  interest: RequestHandler;
  notes: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

export function httpLimiters(limits: RateLimits | 'off'): HttpLimiters {
  if (limits === 'off') return { addressPitches: pass, pitches: pass, edits: pass, interest: pass, notes: pass };
  const limiter = (
    limit: number,
    what: string,
    from?: string,
    keyGenerator: (req: Request, res: Response) => string = clientKey,
  ): RequestHandler =>
    rateLimit({
      windowMs: MINUTE_MS,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per browser, not per address, for a browser that sends its cookie: a whole venue shares one address behind its Wi-Fi.
      keyGenerator,
      handler: (_req, _res, next) => next(slowDown(what, from)),
      validate: { keyGeneratorIpFallback: false },
    });
  return {
    addressPitches: limiter(limits.addressPitches, 'pitches', 'your network', (req) => addressKey(req.ip ?? '')),
    pitches: limiter(limits.pitches, 'pitches'),
    edits: limiter(limits.edits, 'edits'),
    interest: limiter(limits.interest, '“I’d go” clicks'),
    notes: limiter(limits.notes, 'notes'),
  };
}
