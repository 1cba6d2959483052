import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { DomainError } from '../domain/errors';
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
    refusal: () => DomainError,
    keyGenerator: (req: Request, res: Response) => string = clientKey,
    windowMs = MINUTE_MS,
  ): RequestHandler =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per browser, not per address, for a browser that sends its cookie: a whole venue shares one address behind its Wi-Fi.
      keyGenerator,
      handler: (_req, _res, next) => next(refusal()),
      validate: { keyGeneratorIpFallback: false },
    });
  const byAddress = (req: Request) => addressKey(req.ip ?? '');
  return {
    addressEvents: limiter(limits.addressEvents, () => slowDown('new events', 'your network', 'an hour'), byAddress, HOUR_MS),
    addressPitches: limiter(limits.addressPitches, () => slowDown('pitches', 'your network'), byAddress),
    pitches: limiter(limits.pitches, () => slowDown('pitches')),
    edits: limiter(limits.edits, () => slowDown('edits')),
    interest: limiter(limits.interest, () => slowDown('“I’d go” clicks')),
    notes: limiter(limits.notes, () => slowDown('notes')),
    flags: limiter(limits.flags, () => slowDown('“same conversation” and co-host answers')),
    similar: limiter(limits.similar, () => slowDown('look-ups of sessions like yours')),
  };
}
