import type { Logger } from '../ops/logger';
import { DismissSuggestion, LinkSessions, MergeSessions, UndoDecision } from '../protocol/schemas';
import type { Services } from '../services';
import { command, requireFacilitator, type AppSocket } from './funnel';

/** Facilitators' commands on suggestions: merge, link, dismiss, and undo from the history. */
export function registerFacilitationHandlers(socket: AppSocket, services: Services, logger: Logger): void {
  const done = (eventId: string, { version }: { version: number }) => ({ version, history: services.facilitation.history(eventId) });

  socket.on(
    'suggestion:merge',
    command(socket, services.writes, logger, MergeSessions, ({ commandId, ...merge }) => {
      const eventId = requireFacilitator(socket);
      return done(eventId, services.facilitation.merge(eventId, merge, commandId));
    }),
  );

  socket.on(
    'suggestion:link',
    command(socket, services.writes, logger, LinkSessions, ({ commandId, sessionIds }) => {
      const eventId = requireFacilitator(socket);
      return done(eventId, services.facilitation.link(eventId, { sessionIds }, commandId));
    }),
  );

  socket.on(
    'suggestion:dismiss',
    command(socket, services.writes, logger, DismissSuggestion, ({ commandId, sessionIds }) => {
      const eventId = requireFacilitator(socket);
      return done(eventId, services.facilitation.dismiss(eventId, { sessionIds }, commandId));
    }),
  );

  socket.on(
    'history:undo',
    command(socket, services.writes, logger, UndoDecision, ({ commandId, entryId }) => {
      const eventId = requireFacilitator(socket);
      return done(eventId, services.facilitation.undo(eventId, { entryId }, commandId));
    }),
  );
}
