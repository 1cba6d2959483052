import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { DomainError } from '../domain/errors';
import { BROWSER_COOKIE } from '../shared/cookies';
import { addressKey, HOUR_MS, MINUTE_MS, slowDown, type RateLimits } from '../shared/rate-limits';

/** The client a request counts against: the browser by the cookie it came with, else its address. */
export function clientKey(req: Request, res: Response): string {
  const sent = (req.cookies as Record<string, unknown> | undefined)?.[BROWSER_COOKIE];
  const { browserId } = res.locals as { browserId?: string };
  return sent !== undefined && sent === browserId ? `browser:${browserId}` : addressKey(req.ip ?? '');
}

/** Middleware for each limited kind of request; with no limits, they pass everything through. */
export interface HttpLimiters {
  addressEvents: RequestHandler;
  addressPitches: RequestHandler;
  pitches: RequestHandler;
  edits: RequestHandler;
  interest: RequestHandler;
  notes: RequestHandler;
  flags: RequestHandler;
  similar: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

export function httpLimiters(limits: RateLimits | 'off'): HttpLimiters {
  if (limits === 'off')
    return {
      addressEvents: pass,
      addressPitches: pass,
      pitches: pass,
      edits: pass,
      interest: pass,
      notes: pass,
      flags: pass,
      similar: pass,
    };
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
  const byAddress = (req: Request) => addressKey(req.ip ?? '');
  return {
    addressEvents: rateLimit({
      windowMs: HOUR_MS,
      limit: limits.addressEvents,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: byAddress,
      handler: (_req, _res, next) =>
        next(new DomainError('rate_limited', 'Slow down: too many new events from your network. Wait an hour and try again.')),
      validate: { keyGeneratorIpFallback: false },
    }),
    addressPitches: limiter(limits.addressPitches, 'pitches', 'your network', byAddress),
    pitches: limiter(limits.pitches, 'pitches'),
    edits: limiter(limits.edits, 'edits'),
    interest: limiter(limits.interest, '“I’d go” clicks'),
    notes: limiter(limits.notes, 'notes'),
    flags: limiter(limits.flags, '“same conversation” and co-host answers'),
    similar: limiter(limits.similar, 'look-ups of sessions like yours'),
  };
}
