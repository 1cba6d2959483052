import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Logger } from '../ops/logger';
import { toDomainError } from '../http/errors';
import { parse } from '../http/validate';
import type { Ack, ClientToServerEvents, ServerToClientEvents, SocketData } from '../protocol/events';
import type { WriteGroup, WriteKind } from '../services/context';

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The one path every socket command takes: validate the payload, run the handler, acknowledge.
 * Handlers run in arrival order through the write group, so commands arriving together share one
 * commit; the ack leaves once the command's outcome is on disk. A refusal is acknowledged as
 * `{ ok: false, error }` and changes nothing; a command sent without an ack function is ignored,
 * since its sender could never learn the outcome. `kind: 'read'` marks a command that only reads (a
 * join), so a group of reads alone does not wait for the write lock.
 */
export function command<S extends z.ZodType, T>(
  socket: AppSocket,
  writes: WriteGroup,
  logger: Logger,
  schema: S,
  handler: (input: z.output<S>) => T,
  kind: WriteKind = 'write',
) {
  return (payload: unknown, ack: unknown): void => {
    if (typeof ack !== 'function') return;
    const reply = ack as (response: Ack<T>) => void;
    writes
      .run(() => handler(parse(schema, payload)), kind)
      .then(
        (data) => reply({ ok: true, data }),
        (error: unknown) => {
          const { code, message, details } = toDomainError(error, logger);
          reply({ ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } });
        },
      );
  };
}

/** The event this socket has joined; commands before a join are refused. */
export function joinedEvent(socket: AppSocket): string {
  if (!socket.data.eventId) throw new DomainError('forbidden', 'Join a board first.');
  return socket.data.eventId;
}

export function requireOrganiser(socket: AppSocket): string {
  const eventId = joinedEvent(socket);
  if (!socket.data.organiser) throw new DomainError('forbidden', 'Only the organiser can do that. Open the private organiser link first.');
  return eventId;
}

/** Facilitators act on suggestions and move sessions; organisers may do everything they may. */
export function requireFacilitator(socket: AppSocket): string {
  const eventId = joinedEvent(socket);
  if (!socket.data.facilitator) {
    throw new DomainError('forbidden', 'Only a facilitator or the organiser can do that. Open your private facilitator link first.');
  }
  return eventId;
}
