import type { z } from 'zod';
import type { Logger } from '../ops/logger';
import { toDomainError } from '../shared/errors';
import { parse } from '../shared/validate';
import type { Ack } from '../protocol/events';
import {
  AddPairRule,
  ApplySchedule,
  DiscardSchedule,
  GetPlanning,
  PinSession,
  ProposeSchedule,
  RemovePairRule,
  SetAvailability,
  SetHands,
} from '../protocol/schemas';
import type { Services } from '../services';
import { command, requireOrganiser, type AppSocket } from './funnel';

/**
 * A command whose work is asynchronous (a proposal computed in a worker): validated and acknowledged
 * like `command`, but not run inside the write group, since it writes nothing.
 */
function asyncCommand<S extends z.ZodType, T>(socket: AppSocket, logger: Logger, schema: S, handler: (input: z.output<S>) => Promise<T>) {
  return (payload: unknown, ack: unknown): void => {
    if (typeof ack !== 'function') return;
    const reply = ack as (response: Ack<T>) => void;
    Promise.resolve()
      .then(() => handler(parse(schema, payload)))
      .then(
        (data) => reply({ ok: true, data }),
        (error: unknown) => {
          const { code, message, details } = toDomainError(error, logger);
          reply({ ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } });
        },
      );
  };
}

/** The organiser's schedule assistant: proposals, apply, discard; pins, hands counts, availability, pair rules. */
export function registerScheduleHandlers(socket: AppSocket, services: Services, logger: Logger): void {
  const { schedule, writes } = services;

  socket.on(
    'schedule:propose',
    asyncCommand(socket, logger, ProposeSchedule, ({ moveExisting }) => schedule.propose(requireOrganiser(socket), { moveExisting })),
  );

  socket.on(
    'schedule:apply',
    command(socket, writes, logger, ApplySchedule, ({ commandId, proposalId }) => {
      const eventId = requireOrganiser(socket);
      const { version } = schedule.apply(eventId, proposalId, commandId);
      return { version, history: services.facilitation.history(eventId) };
    }),
  );

  socket.on(
    'schedule:discard',
    command(socket, writes, logger, DiscardSchedule, ({ proposalId }) => schedule.discard(requireOrganiser(socket), proposalId)),
  );

  socket.on(
    'schedule:planning',
    command(socket, writes, logger, GetPlanning, () => schedule.planning(requireOrganiser(socket))),
  );

  socket.on(
    'session:pin',
    command(socket, writes, logger, PinSession, ({ commandId, sessionId, pinned }) => {
      const { version, value } = schedule.pin(requireOrganiser(socket), sessionId, pinned, commandId);
      return { version, session: value };
    }),
  );

  socket.on(
    'session:hands',
    command(socket, writes, logger, SetHands, ({ commandId, sessionId, hands }) => {
      const { version, value } = schedule.setHands(requireOrganiser(socket), sessionId, hands, commandId);
      return { version, session: value };
    }),
  );

  socket.on(
    'session:availability',
    command(socket, writes, logger, SetAvailability, ({ commandId, sessionId, availability }) => {
      const { version, value } = schedule.setAvailability(requireOrganiser(socket), sessionId, availability, commandId);
      return { version, session: value };
    }),
  );

  socket.on(
    'schedule:rule-add',
    command(socket, writes, logger, AddPairRule, ({ commandId, kind, a, b }) => {
      const { version, value } = schedule.addRule(requireOrganiser(socket), kind, a, b, commandId);
      return { version, rules: value };
    }),
  );

  socket.on(
    'schedule:rule-remove',
    command(socket, writes, logger, RemovePairRule, ({ commandId, ruleId }) => {
      const { version, value } = schedule.removeRule(requireOrganiser(socket), ruleId, commandId);
      return { version, rules: value };
    }),
  );
}
