import { addressKey, slowDown, type RateLimits, MINUTE_MS, SOCKET_WINDOW_MS } from '../http/rate-limits';
import { clientAddress, type ProxyTrust } from '../http/security';
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
