/**
 * Health for orchestrators and load balancers: `GET /healthz` (the process answers) and
 * `GET /readyz` (everything a request needs works now). Readiness runs each check on every probe,
 * each with a time limit, and turns to 503 for good once shutdown begins, before anything stops.
 */
import { messageOf } from './message';

/** One thing readiness depends on: resolves with a short state, or throws with the reason it is not ready. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<string> | string;
}

export interface Readiness {
  ready: boolean;
  body: { status: 'ready' | 'not_ready' | 'stopping'; checks: Record<string, string> };
}

export class Health {
  private stopping = false;

  constructor(
    private readonly checks: readonly ReadinessCheck[],
    private readonly timeoutMs = 5000,
  ) {}

  /** Shutdown has begun: readiness answers 503 from now on, so no new traffic is sent here. */
  stop(): void {
    this.stopping = true;
  }

  async readiness(): Promise<Readiness> {
    const results = await Promise.all(this.checks.map(async (check) => [check.name, await this.settle(check)] as const));
    const checks = Object.fromEntries(results.map(([name, result]) => [name, result.state]));
    if (this.stopping) return { ready: false, body: { status: 'stopping', checks } };
    const ready = results.every(([, result]) => result.ok);
    return { ready, body: { status: ready ? 'ready' : 'not_ready', checks } };
  }

  private async settle(readiness: ReadinessCheck): Promise<{ ok: boolean; state: string }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return { ok: true, state: await Promise.race([Promise.resolve().then(() => readiness.check()), late]) };
    } catch (error) {
      return { ok: false, state: messageOf(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Where the sentence encoder is: not used, not asked for yet, loading, loaded, or failed (tried again on next need). */
export type ModelState = 'off' | 'idle' | 'loading' | 'ready' | 'failed';

/**
 * Wraps the encoder's loader so readiness can tell when it is loading, and so that loading it early
 * (`load()` at start) and the engine's own first call share one load.
 */
export function trackedLoader<T>(load: (() => Promise<T>) | null): { load: (() => Promise<T>) | null; state(): ModelState } {
  if (!load) return { load: null, state: () => 'off' };
  let state: ModelState = 'idle';
  let loading: Promise<T> | null = null;
  return {
    load: () => {
      if (!loading) {
        state = 'loading';
        loading = load().then(
          (value) => {
            state = 'ready';
            return value;
          },
          (error: unknown) => {
            state = 'failed';
            loading = null;
            throw error;
          },
        );
      }
      return loading;
    },
    state: () => state,
  };
}
