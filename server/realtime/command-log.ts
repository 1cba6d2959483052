import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import type { AppSocket } from './funnel';

/**
 * One log line and one latency sample per socket command, from receipt to acknowledgement, with
 * its outcome (`ok`, or the error code it was refused with, rate limits included: this runs before
 * the limiter). The payload is never logged (a join carries a private key). A name no handler
 * listens to is counted as `unknown`, so a client cannot invent label values.
 */
export function logCommands(socket: AppSocket, logger: Logger, metrics: Metrics): void {
  socket.use((packet, next) => {
    const last = packet.length - 1;
    const ack: unknown = packet[last];
    if (last < 1 || typeof ack !== 'function') return next();
    const name = String(packet[0]);
    const command = socket.listeners(name as never).length > 0 ? name : 'unknown';
    const started = process.hrtime.bigint();
    packet[last] = (response: { ok?: boolean; error?: { code?: string } } | undefined) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const outcome = response?.ok === true ? 'ok' : (response?.error?.code ?? 'error');
      metrics.commands.observe({ command, outcome }, seconds);
      logger.info('socket command', {
        command,
        outcome,
        ms: Math.round(seconds * 1e5) / 100,
        socketId: socket.id,
        ...(socket.data.eventId ? { eventId: socket.data.eventId } : {}),
      });
      (ack as (response: unknown) => void)(response);
    };
    next();
  });
}
