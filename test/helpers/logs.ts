/** The real logger (pino, JSON lines) writing into memory, so a test can read what the server logged. */
import { createLogger, type Logger } from '../../server/ops/logger';

export interface CapturedLogs {
  logger: Logger;
  /** Everything written so far, as the JSON lines a log shipper would read. */
  text(): string;
  /** The lines, parsed. */
  lines(): Record<string, unknown>[];
}

export function captureLogs(): CapturedLogs {
  let text = '';
  const logger = createLogger({ destination: { write: (line: string) => void (text += line) } });
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
