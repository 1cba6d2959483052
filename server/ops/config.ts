/**
 * The server's configuration, read once from the environment at start and validated: a bad value
 * stops the start with a message naming the variable and what it accepts (main.ts exits with 1).
 * Every variable is listed, with its default, in docs/operations.md ("Configuration").
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isIP } from 'node:net';
import { LOG_LEVELS } from './logger';

export interface Config {
  port: number;
  /** Absolute path of the SQLite file. */
  dbFile: string;
  /** false: overlap detection on words alone, without loading the sentence encoder. */
  embeddings: boolean;
  /** false lifts the per-client limits (benchmarks and load tests from one machine only). */
  rateLimits: boolean;
  /** The reverse proxies whose X-Forwarded-* headers are believed (addresses, subnets, Express's names), or 'off'. */
  trustProxy: 'off' | string[];
  /** null: GET /metrics answers 404. */
  metricsToken: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The zone the server paints first views in (TZ, or the machine's). */
  timeZone: string;
}

/** A start-up refusal: its message is the whole story, so it is printed without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const onOff = (name: string) => z.enum(['on', 'off'], { error: `${name} must be "on" or "off"` }).default('on');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a subnet (10.0.0.0/8, fd00::/8) or one of Express's names. */
const isProxy = (part: string): boolean => {
  if (PROXY_NAMES.has(part)) return true;
  const [address = '', bits, ...rest] = part.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  // At least /8: a shorter prefix (0.0.0.0/0, ::/0) would believe any client's claim.
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) >= 8 && Number(bits) <= (family === 4 ? 32 : 128));
};

const Env = z.object({
  PORT: z
    .string()
    .default('3000')
    .refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, 'PORT must be a port number from 0 to 65535'),
  UNSILO_DB: z.string().min(1, 'UNSILO_DB must name a file').optional(),
  UNSILO_EMBEDDINGS: onOff('UNSILO_EMBEDDINGS'),
  UNSILO_RATE_LIMITS: onOff('UNSILO_RATE_LIMITS'),
  UNSILO_TRUST_PROXY: z
    .string()
    .transform((v) => v.trim())
    .refine(
      (v) => v === '' || v === 'off' || v.split(',').every((part) => isProxy(part.trim())),
      'UNSILO_TRUST_PROXY must be off, or a comma-separated list of addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    )
    .optional(),
  UNSILO_METRICS_TOKEN: z
    .string()
    .refine(
      (v) => v.length >= 16 && !/\s/.test(v),
      'UNSILO_METRICS_TOKEN must be at least 16 characters without spaces (e.g. `openssl rand -hex 32`)',
    )
    .optional(),
  UNSILO_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `UNSILO_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  TZ: z
    .string()
    .refine((v) => v === '' || isTimeZone(v), 'TZ must be a time zone name such as Europe/London or UTC')
    .optional(),
  NODE_ENV: z.enum(['production', 'development', 'test'], { error: 'NODE_ENV must be production, development or test' }).optional(),
});

/** Secrets are never echoed back in a message. */
const SECRET = new Set(['UNSILO_METRICS_TOKEN']);

/**
 * Reads and checks the environment. `root` is the project folder (the default database is
 * data/unsilo.db in it). Throws a StartupError listing every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv, root: string): Config {
  // An empty variable counts as unset (`PORT= npm start`, a blank line in an env file).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = SECRET.has(name) ? '' : ` (it is ${JSON.stringify(present[name])})`;
      return `${issue.message}${value}`;
    });
    throw new StartupError(`The configuration is not valid:\n  ${lines.join('\n  ')}\nSee docs/operations.md, "Configuration".`);
  }
  const vars = parsed.data;
  const dbFile = resolve(root, vars.UNSILO_DB ?? join('data', 'unsilo.db'));
  checkWritable(dbFile);
  return {
    port: Number(vars.PORT),
    dbFile,
    embeddings: vars.UNSILO_EMBEDDINGS === 'on',
    rateLimits: vars.UNSILO_RATE_LIMITS === 'on',
    trustProxy: trustProxyOf(vars.UNSILO_TRUST_PROXY),
    metricsToken: vars.UNSILO_METRICS_TOKEN ?? null,
    logLevel: vars.UNSILO_LOG_LEVEL,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/** Default: a proxy on this machine (loopback). */
function trustProxyOf(value: string | undefined): 'off' | string[] {
  if (!value) return ['loopback'];
  return value === 'off' ? 'off' : value.split(',').map((part) => part.trim());
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
};

/** The database's folder must exist or be creatable and be writable (SQLite adds -wal and -shm files beside it); so must the file. */
function checkWritable(file: string): void {
  const folder = dirname(file);
  const fail = (path: string, error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new StartupError(
      `UNSILO_DB=${file}: Unsilo cannot write ${path} (${REASONS[code] ?? (code || String(error))}). ` +
        'Point UNSILO_DB at a file in a folder the server may write to (docs/operations.md, "Configuration").',
    );
  };
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    fail(folder, error);
  }
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) fail(file, Object.assign(new Error(), { code: 'EISDIR' }));
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if (error instanceof StartupError) throw error;
    fail(file, error);
  }
}
