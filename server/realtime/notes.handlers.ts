import { parse as parseCookies } from 'cookie';
import type { Logger } from '../ops/logger';
import { AddNote, HideNote, WatchNotes } from '../protocol/schemas';
import type { Services } from '../services';
import { identify } from './board.handlers';
import { facilitatorRoom, notesRoom } from './broadcast';
import { command, joinedEvent, requireOrganiser, type AppSocket } from './funnel';

/**
 * The session page's notes: join one session's notes (the ack holds them all), add a note, and for
 * organisers hide one. Added and hidden notes reach the page's viewers from the change feed.
 */
export function registerNotesHandlers(socket: AppSocket, services: Services, logger: Logger): void {
  const cookies = parseCookies(socket.handshake.headers.cookie ?? '');
  let watching: string | null = null;

  socket.on(
    'notes:join',
    command(
      socket,
      services.writes,
      logger,
      WatchNotes,
      ({ eventId, sessionId: asked }) => {
        // A page opened on a session that was merged away meanwhile shows the session it joined.
        const sessionId = services.sessions.mergedInto(eventId, asked) ?? asked;
        const notes = services.notes.list(eventId, sessionId);
        const previous = socket.data.eventId;
        if (previous && previous !== eventId) void socket.leave(facilitatorRoom(previous));
        if (watching) void socket.leave(watching);
        identify(socket, services, eventId, cookies);
        watching = notesRoom(eventId, sessionId);
        void socket.join(watching);
        return { sessionId, notes, organiser: socket.data.organiser };
      },
      'read',
    ),
  );

  socket.on(
    'note:add',
    command(socket, services.writes, logger, AddNote, ({ commandId, sessionId, ...note }) => {
      const { version, value } = services.notes.add(joinedEvent(socket), sessionId, note, commandId);
      return { version, note: value };
    }),
  );

  socket.on(
    'note:hide',
    command(socket, services.writes, logger, HideNote, ({ commandId, noteId }) => {
      const { version, value } = services.notes.hide(requireOrganiser(socket), noteId, commandId);
      return { version, sessionId: value.sessionId, noteId: value.noteId };
    }),
  );
}
