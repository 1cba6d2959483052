import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../domain/errors';
import { id } from '../protocol/schemas';
import type { Services } from '../services';
import { parse } from '../shared/validate';
import { BROWSER_COOKIE, facilitatorCookie, organiserCookie } from '../shared/cookies';
import { FACILITATOR, type Actor, type ActorResolver } from '../services/actors';

const YEAR_MS = 365 * 24 * 3600 * 1000;

export const cookieOptions = (req: Request, maxAge: number): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  secure: req.secure,
  maxAge,
  path: '/',
});

/** The organiser token a request carries: `Authorization: Bearer …` (API) or the event's cookie (pages). */
export function presentedToken(req: Request, eventId: string): string | undefined {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[organiserCookie(eventId)];
  return typeof cookie === 'string' ? cookie : undefined;
}

export const isOrganiser = (services: Services, req: Request, eventId: string): boolean =>
  services.events.isOrganiser(eventId, presentedToken(req, eventId));

/** The facilitator token a request carries: `Authorization: Bearer …` (API) or the event's facilitator cookie. */
function facilitatorToken(req: Request, eventId: string): string | undefined {
  const header = req.get('authorization');
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[facilitatorCookie(eventId)];
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : typeof cookie === 'string' ? cookie : undefined;
}

/** Organisers facilitate too; a facilitator's own link (Bearer token or cookie) grants only that. */
export function isFacilitator(services: Services, req: Request, eventId: string): boolean {
  if (isOrganiser(services, req, eventId)) return true;
  return services.facilitation.isFacilitator(eventId, facilitatorToken(req, eventId));
}

/** Who a request acts as on an event, worked out once per event when a service first asks. */
export function requestActor(services: Services, req: Request): ActorResolver {
  const known = new Map<string, Actor | null>();
  return (eventId) => {
    if (!known.has(eventId)) {
      const organiser = services.events.actorOf(eventId, presentedToken(req, eventId));
      known.set(eventId, organiser ?? (services.facilitation.isFacilitator(eventId, facilitatorToken(req, eventId)) ? FACILITATOR : null));
    }
    return known.get(eventId) ?? null;
  };
}

/**
 * Serves the rest of the request as its actor (services record who did what). Registered after the
 * body parsers: a parser finishes in the request stream's callbacks, outside this context.
 */
export const actingAs =
  (services: Services): RequestHandler =>
  (req, _res, next) =>
    services.actors.run(requestActor(services, req), next);

/**
 * Guards a route by role: the id must be well formed (invalid_payload, as on every other route),
 * the event must exist (services.events.get throws not_found), then the request's token must match
 * the role's stored hash.
 */
function requireRole(allowed: (req: Request, eventId: string) => boolean, refusal: string): RequestHandler {
  return (req, _res, next) => {
    const eventId = parse(id, req.params.eventId);
    if (!allowed(req, eventId)) throw new DomainError('forbidden', refusal);
    next();
  };
}

export const requireFacilitator = (services: Services): RequestHandler =>
  requireRole(
    (req, eventId) => services.events.get(eventId) && isFacilitator(services, req, eventId),
    'Only a facilitator or the organiser can do that. Open your private facilitator link first.',
  );

export function rememberFacilitator(req: Request, res: Response, eventId: string, token: string): void {
  res.cookie(facilitatorCookie(eventId), token, cookieOptions(req, YEAR_MS));
}

export const requireOrganiser = (services: Services): RequestHandler =>
  requireRole(
    (req, eventId) => services.events.get(eventId) && isOrganiser(services, req, eventId),
    'Only the organiser can do that. Open the private organiser link first.',
  );

/** The pitcher's own browser (its unsilo_browser cookie) or the organiser may edit or withdraw a pitch. */
export const requirePitcherOrOrganiser =
  (services: Services): RequestHandler =>
  (req, res, next) => {
    const eventId = parse(id, req.params.eventId);
    const sessionId = parse(id, req.params.sessionId);
    services.events.get(eventId);
    const { browserId } = res.locals as { browserId?: string };
    if (!isOrganiser(services, req, eventId) && !services.sessions.isPitcher(eventId, sessionId, browserId)) {
      services.sessions.get(eventId, sessionId);
      throw new DomainError('forbidden', 'Only the organiser or the browser that pitched this session can change it.');
    }
    next();
  };

export function rememberOrganiser(req: Request, res: Response, eventId: string, token: string): void {
  res.cookie(organiserCookie(eventId), token, cookieOptions(req, YEAR_MS));
}

/** Every browser gets a random id so "I'd go" counts it once; it identifies nothing else. */
export const browserId: RequestHandler = (req, res, next) => {
  const existing = (req.cookies as Record<string, unknown> | undefined)?.[BROWSER_COOKIE];
  if (typeof existing === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) {
    res.locals.browserId = existing;
  } else {
    const fresh = randomBytes(16).toString('base64url');
    res.cookie(BROWSER_COOKIE, fresh, cookieOptions(req, YEAR_MS));
    res.locals.browserId = fresh;
  }
  next();
};
