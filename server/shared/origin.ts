/** Origins and client addresses of HTTP requests and socket handshakes alike. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Express's compiled `trust proxy` setting: may this address (`hop` steps from us) speak for the client? */
export type ProxyTrust = (address: string, hop: number) => boolean;

export const first = (header: string | string[] | undefined): string | undefined =>
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
