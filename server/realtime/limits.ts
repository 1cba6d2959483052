import { addressKey, slowDown, type RateLimits, MINUTE_MS, SOCKET_WINDOW_MS } from '../shared/rate-limits';
import type { IncomingMessage } from 'node:http';
import { clientAddress, type ProxyTrust } from '../shared/origin';
import type { AppSocket } from './funnel';

/** Counts per key in fixed windows: at most `limit` in each `windowMs`. */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one more for the key; false when it is over the limit. */
  take(key: string): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size >= 10_000) this.forgetOld(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count <= this.limit;
  }

  private forgetOld(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}

/**
 * Limits every socket command per client (its browser id, or its address when it sent no browser
 * cookie, as over HTTP), and pitches, notes and interest like the HTTP routes; pitches also per
 * address, whatever the cookie. An over-limit command is acknowledged with `rate_limited` and never
 * reaches its handler.
 */
export function socketLimiter(limits: RateLimits | 'off', trust: ProxyTrust): ((socket: AppSocket) => void) | null {
  if (limits === 'off') return null;
  const commands = new WindowCounter(limits.socketCommands, SOCKET_WINDOW_MS);
  const perKind: Record<string, [WindowCounter, string]> = {
    'session:pitch': [new WindowCounter(limits.pitches, MINUTE_MS), 'pitches'],
    'session:interest': [new WindowCounter(limits.interest, MINUTE_MS), '“I’d go” clicks'],
    'note:add': [new WindowCounter(limits.notes, MINUTE_MS), 'notes'],
  };
  const addressPitches = new WindowCounter(limits.addressPitches, MINUTE_MS);
  return (socket) => {
    const address = addressKey(clientAddress(socket.request, trust));
    socket.use(([event, ...args], next) => {
      const key = socket.data.browserId ? `browser:${socket.data.browserId}` : address;
      const kind = perKind[event];
      const refusal = !commands.take(key)
        ? slowDown('actions')
        : event === 'session:pitch' && !addressPitches.take(address)
          ? slowDown('pitches', 'your network')
          : kind && !kind[0].take(key)
            ? slowDown(kind[1])
            : null;
      if (!refusal) return next();
      const ack: unknown = args.at(-1);
      if (typeof ack === 'function')
        (ack as (answer: unknown) => void)({ ok: false, error: { code: refusal.code, message: refusal.message } });
    });
  };
}

/** What a client refused at the ceiling is told (the socket's `connect_error`). */
export const TOO_MANY_SOCKETS = 'Too many live boards are open from your network. Close some and try again.';

/**
 * Live connections per address, counted from the handshake to the connection's close (Engine.IO's
 * connection, so polling and WebSocket count alike). A new handshake from an address at its ceiling
 * is refused (Engine.IO asks only at a handshake: requests of open connections never come here).
 */
export class ConnectionCeiling {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly trust: ProxyTrust,
  ) {}

  /** True when the request starts a new connection its address has no room for. */
  refuses(req: IncomingMessage): boolean {
    return (this.open.get(this.keyOf(req)) ?? 0) >= this.limit;
  }

  /** Counts a connection until it closes. */
  opened(req: IncomingMessage, closed: (done: () => void) => void): void {
    const key = this.keyOf(req);
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
    closed(() => {
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    });
  }

  private keyOf(req: IncomingMessage): string {
    return addressKey(clientAddress(req, this.trust));
  }
}
