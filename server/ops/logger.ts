import pino, { type DestinationStream } from 'pino';

/** Structured fields of one log line: ids, names, outcomes and timings, never tokens, links or cookies. */
export type LogFields = Record<string, unknown>;

/**
 * What every layer logs through. Each call is one line: JSON for a log shipper, or readable lines
 * in a terminal (`createLogger`). An error is logged with its stack.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Fields that would carry a secret if a caller ever passed one: replaced before the line is
 * written. Callers never log tokens, private links, cookies or headers in the first place (paths
 * are logged without their query, socket commands without their payload); this is the backstop.
 */
const REDACTED = [
  'token',
  'key',
  'adminToken',
  'facilitatorToken',
  'cookie',
  'cookies',
  'authorization',
  'organiserLink',
  'query',
  'headers',
  '*.token',
  '*.key',
  '*.cookie',
  '*.authorization',
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go: standard output unless told (tests pass a stream to read them back). */
  destination?: DestinationStream;
  /** Readable, coloured lines for a person at a terminal instead of JSON. */
  pretty?: boolean;
}

/** The pino instance behind the Logger, written synchronously so nothing is lost when the process exits. */
export function createLogger({ level = 'info', destination, pretty = false }: LoggerOptions = {}): Logger {
  const out: DestinationStream =
    destination ??
    (pretty
      ? // Loaded only for a terminal: a server writing JSON never needs it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, loaded on demand
        (require('pino-pretty') as typeof import('pino-pretty'))({
          colorize: true,
          sync: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 1, sync: true }));
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    out,
  );
  return {
    info: (message, fields) => log.info(fields ?? {}, message),
    error: (message, error, fields) => log.error({ ...fields, ...(error === undefined ? {} : { err: error }) }, message),
  };
}

/** A logger that drops everything (tests and tools that report by other means). */
export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
