import { parse as parseCookies } from 'cookie';
import { BROWSER_COOKIE, facilitatorCookie, organiserCookie } from '../shared/cookies';
import { FACILITATOR } from '../services/actors';
import type { Logger } from '../ops/logger';
import { BrowserId, JoinBoard, MoveSession, PitchSession, SetInterest, SwapSessions, UnscheduleSession } from '../protocol/schemas';
import type { Services } from '../services';
import type { Session } from '../domain/types';
import { command, joinedEvent, requireFacilitator, type AppSocket } from './funnel';
import { boardRoom, facilitatorRoom, hostRoom, type Presence } from './broadcast';
import { ownerKey } from '../services/session.service';
import { DomainError } from '../domain/errors';

const changed = ({ version, value }: { version: number; value: Session }) => ({ version, sessions: [value] });

/**
 * Who this socket is on an event: the organiser's or a facilitator's token from the handshake's
 * `auth`, else the event's cookies. Organisers and facilitators also join the facilitators' room,
 * where a new link revokes their rights at once.
 */
export function identify(socket: AppSocket, services: Services, eventId: string, cookies: Record<string, string | undefined>): void {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  const given = typeof auth?.token === 'string' ? auth.token : undefined;
  socket.data.eventId = eventId;
  const organiserToken = given ?? cookies[organiserCookie(eventId)];
  const organiser = services.events.actorOf(eventId, organiserToken);
  socket.data.organiser = organiser !== null;
  socket.data.organiserToken = organiser ? (organiserToken ?? null) : null;
  socket.data.facilitator =
    socket.data.organiser || services.facilitation.isFacilitator(eventId, given ?? cookies[facilitatorCookie(eventId)]);
  socket.data.actor = organiser ?? (socket.data.facilitator ? FACILITATOR : null);
  if (socket.data.facilitator) void socket.join(facilitatorRoom(eventId));
  if (socket.data.browserId) void socket.join(hostRoom(eventId, ownerKey(socket.data.browserId)));
}

/** Board commands: join, pitch, move, unschedule, swap, interest. Each is validate → service → ack. */
export function registerBoardHandlers(socket: AppSocket, services: Services, presence: Presence, logger: Logger): void {
  const cookies = parseCookies(socket.handshake.headers.cookie ?? '');
  // Only a browser id of the shape the pages issue counts, as over HTTP: otherwise any string
  // (one character, ten kilobytes) would be stored as a voter.
  const browserId = BrowserId.safeParse(cookies[BROWSER_COOKIE]);
  socket.data.browserId = browserId.success ? browserId.data : null;

  socket.on(
    'board:join',
    command(
      socket,
      services.writes,
      logger,
      JoinBoard,
      ({ eventId }) => {
        const board = services.events.board(eventId);
        const previous = socket.data.eventId;
        if (previous && previous !== eventId) {
          // The board it leaves has one viewer fewer: its viewers get a fresh count too.
          void socket.leave(boardRoom(previous));
          void socket.leave(facilitatorRoom(previous));
          if (socket.data.browserId) void socket.leave(hostRoom(previous, ownerKey(socket.data.browserId)));
          presence.touch(previous);
        }
        identify(socket, services, eventId, cookies);
        void socket.join(boardRoom(eventId));
        presence.touch(eventId);
        return {
          board,
          organiser: socket.data.organiser,
          facilitator: socket.data.facilitator,
          viewers: presence.count(eventId),
          interested: services.sessions.interestsOf(eventId, socket.data.browserId),
          suggestions: socket.data.facilitator ? services.suggestions.current(eventId) : services.suggestions.marks(eventId),
          analysing: socket.data.facilitator && services.suggestions.analysing(eventId),
          history: socket.data.facilitator ? services.facilitation.history(eventId) : [],
          clashes: socket.data.facilitator ? services.suggestions.clashes(eventId) : [],
          hostFlags: services.flags.forHost(eventId, socket.data.browserId),
        };
      },
      'read',
    ),
  );

  socket.on(
    'session:pitch',
    command(socket, services.writes, logger, PitchSession, ({ commandId, ...pitch }) =>
      changed(services.sessions.pitch(joinedEvent(socket), pitch, commandId)),
    ),
  );

  socket.on(
    'session:move',
    command(socket, services.writes, logger, MoveSession, ({ commandId, sessionId, ...placement }) =>
      changed(services.sessions.place(requireFacilitator(socket), sessionId, placement, commandId)),
    ),
  );

  socket.on(
    'session:unschedule',
    command(socket, services.writes, logger, UnscheduleSession, ({ commandId, sessionId, expectedVersion }) =>
      changed(services.sessions.unschedule(requireFacilitator(socket), sessionId, { expectedVersion }, commandId)),
    ),
  );

  socket.on(
    'session:swap',
    command(socket, services.writes, logger, SwapSessions, ({ commandId, sessionId, ...swap }) => {
      const { version, value } = services.sessions.swap(requireFacilitator(socket), sessionId, swap, commandId);
      return { version, sessions: value };
    }),
  );

  socket.on(
    'session:interest',
    command(socket, services.writes, logger, SetInterest, ({ sessionId, interested }) => {
      const eventId = joinedEvent(socket);
      const browserId = socket.data.browserId;
      if (!browserId) throw new DomainError('forbidden', 'Reload the page so this browser can be counted once.');
      const { value } = interested
        ? services.sessions.showInterest(eventId, sessionId, browserId)
        : services.sessions.withdrawInterest(eventId, sessionId, browserId);
      return { sessionId, interest: value.interest };
    }),
  );

  socket.on('disconnect', () => {
    if (socket.data.eventId) presence.touch(socket.data.eventId);
  });
}
