import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { escapeXML } from 'ejs';
import { DomainError } from '../domain/errors';
import { errorBody } from './errors';

/** The form field (and, for the multipart import form, the query parameter) that carries the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_COOKIE = 'unsilo_csrf';

const fromRequest = (req: Request): string | undefined => {
  const body = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  const query = (req.query as Record<string, unknown>)[CSRF_FIELD];
  const value = typeof body === 'string' ? body : query;
  return typeof value === 'string' ? value : undefined;
};

/**
 * CSRF protection for the pages' forms (csrf-csrf, double submit): every form carries a token
 * bound to this browser's `unsilo_browser` id and signed with a stored secret, matched against a
 * cookie. The JSON API is left to `jsonOnlyApi`. Views write the hidden field with
 * `<%- csrfField() %>`; the cookie is only set on pages that render a form.
 */
export function csrf(secret: string): { protect: RequestHandler; token: RequestHandler } {
  // Two configurations that differ only in the cookie's Secure flag, chosen per request like the
  // other cookies (auth.ts): Secure whenever the request came over TLS. Tokens are the same.
  const [plain, overTls] = [false, true].map((secure) =>
    doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => String((req.res?.locals as { browserId?: string } | undefined)?.browserId ?? ''),
      cookieName: CSRF_COOKIE,
      cookieOptions: { httpOnly: true, sameSite: 'lax', path: '/', secure },
      getCsrfTokenFromRequest: fromRequest,
      skipCsrfProtection: (req) => req.path.startsWith('/api/'),
      errorConfig: { code: 'EBADCSRFTOKEN' },
    }),
  ) as [ReturnType<typeof doubleCsrf>, ReturnType<typeof doubleCsrf>];
  const forRequest = (req: Request) => (req.secure ? overTls : plain);
  return {
    protect: (req, res, next) => forRequest(req).doubleCsrfProtection(req, res, next),
    token: (req, res, next) => {
      // One token per response: every form on the page must match the one cookie it sets.
      let token: string | undefined;
      let field: string | undefined;
      const csrfToken = (): string => (token ??= forRequest(req).generateCsrfToken(req, res));
      res.locals.csrfToken = csrfToken;
      // The hidden input every form starts with, built once per page: the board draws a form in
      // each of its cards (twice per session), so an EJS include per form was a measurable cost.
      res.locals.csrfField = () => (field ??= `<input type="hidden" name="_csrf" value="${escapeXML(csrfToken())}">`);
      next();
    },
  };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The JSON API's CSRF defence: a write must be `Content-Type: application/json` (which a cross-site
 * page cannot send without a CORS preflight, and we grant none) or carry a Bearer token (which a
 * browser never adds by itself). A form, `text/plain` or any other body is refused with 415 before
 * it reaches a route.
 */
export const jsonOnlyApi: RequestHandler = (req, res, next) => {
  const type = req.get('content-type')?.split(';')[0]!.trim().toLowerCase();
  // A write without any body (an "I'd go", a restore) names nothing but its URL; `sameOriginWrites`
  // has already refused it if a page of another origin sent it.
  const bodiless = type === undefined && !req.get('transfer-encoding') && Number(req.get('content-length') ?? 0) === 0;
  if (!WRITES.has(req.method) || type === 'application/json' || bodiless || req.get('authorization')?.startsWith('Bearer ')) return next();
  const refusal = new DomainError('invalid_payload', 'API writes must be sent as JSON (Content-Type: application/json).');
  res.status(415).json(errorBody(refusal));
};

/** Express's compiled `trust proxy` setting: may this address (`hop` steps from us) speak for the client? */
export type ProxyTrust = (address: string, hop: number) => boolean;

const first = (header: string | string[] | undefined): string | undefined =>
  (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim() || undefined;

/**
 * This server's origin as the browser sees it (`https://board.example.org`): the scheme and host the
 * trusted proxy forwarded (X-Forwarded-Proto, X-Forwarded-Host), else the connection's own and its
 * Host header. Null when the Host is missing or malformed.
 */
export function ownOrigin(req: IncomingMessage, trust: ProxyTrust): string | null {
  const viaProxy = trust(req.socket.remoteAddress ?? '', 0);
  const scheme = (viaProxy && first(req.headers['x-forwarded-proto'])) || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  const host = (viaProxy && first(req.headers['x-forwarded-host'])) || req.headers.host;
  return host ? originOf(`${scheme}://${host}`) : null;
}

/**
 * The client's address: the connection's, or, while the connection is a trusted proxy, the one that
 * proxy forwarded (X-Forwarded-For read from the right), exactly as Express's `req.ip` works it out.
 */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust): string {
  const forwarded = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((hop) => hop.trim());
  const hops = [req.socket.remoteAddress ?? '', ...chain.filter(Boolean).reverse()];
  let hop = 0;
  while (hop < hops.length - 1 && trust(hops[hop]!, hop)) hop += 1;
  return hops[hop]!;
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Whether a browser sent this request from a page of another origin. Browsers say so in headers no
 * page can forge: `Sec-Fetch-Site` (every current browser), else `Origin` (sent on every cross-origin
 * write, and `null` from sandboxed or privacy-stripped contexts). `same-site` counts as foreign: another port
 * on this host or a sibling subdomain is exactly the attacker SameSite=Lax cookies let through.
 * A request with neither header does not come from a browser (curl, scripts), so it carries no
 * visitor's cookies without its sender's consent.
 */
export function fromAnotherOrigin(headers: IncomingHttpHeaders, own: string | null): boolean {
  const site = first(headers['sec-fetch-site'])?.toLowerCase();
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = first(headers.origin);
  return origin !== undefined && (own === null || originOf(origin) !== own);
}

/**
 * The CSRF defence in front of every write, pages and API alike, with or without a body: a request a
 * browser sent from another origin is refused (403) before it is read. A Bearer token is the one
 * exception: a browser never attaches it by itself, and a page can set it only after a CORS
 * preflight, which we never grant. Forms still need their token (`csrf`), and API bodies must be JSON
 * (`jsonOnlyApi`).
 */
export const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (SAFE.has(req.method) || req.get('authorization')?.startsWith('Bearer ')) return next();
  const trust = req.app.get('trust proxy fn') as ProxyTrust;
  if (!fromAnotherOrigin(req.headers, ownOrigin(req, trust))) return next();
  next(
    new DomainError('forbidden', 'This request came from another website, so it was refused. Open the page on this site and try again.'),
  );
};
