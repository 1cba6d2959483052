import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Logger } from '../ops/logger';
import { MAX_MESSAGE_BYTES } from '../protocol/events';
import type { Services } from '../services';
import type { ChangeFeed } from '../services/changes';
import { registerBoardHandlers } from './board.handlers';
import { registerFacilitationHandlers } from './facilitation.handlers';
import { registerNotesHandlers } from './notes.handlers';
import { registerScheduleHandlers } from './schedule.handlers';
import { boardRoom, startBroadcasting, type AppServer } from './broadcast';
import { ConnectionCeiling, socketLimiter, TOO_MANY_SOCKETS } from './limits';
import type { RateLimits } from '../shared/rate-limits';
import { fromAnotherOrigin, ownOrigin, type ProxyTrust } from '../shared/origin';
import type { Metrics } from '../ops/metrics';
import { logCommands } from './command-log';

/**
 * Only pages served from this origin may open a socket: the handshake carries the visitor's cookies,
 * which are what every command acts with, so a page of another origin (another port on this host or a
 * sibling subdomain included) must not drive an organiser's. The same test as HTTP writes
 * (`fromAnotherOrigin`); non-browser clients send neither Origin nor Sec-Fetch-Site and authenticate
 * with a token instead.
 */
const FOREIGN_SOCKET = 'Sockets may only be opened from pages of this site.';

/** What this file needs of an Engine.IO connection (the `engine`'s own type is not exported by socket.io). */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

export function attachRealtime(
  http: HttpServer,
  services: Services,
  changes: ChangeFeed,
  logger: Logger,
  { rateLimits, trust, metrics }: { rateLimits: RateLimits | 'off'; trust: ProxyTrust; metrics: Metrics },
) {
  const ceiling = rateLimits === 'off' ? null : new ConnectionCeiling(rateLimits.addressSockets, trust);
  const io: AppServer = new Server(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Socket.IO's default, stated so nobody turns it on: a zlib context per socket costs far more
    // memory per viewer (docs/benchmarks.md) than compressing board deltas of a few hundred bytes saves.
    perMessageDeflate: false,
    serveClient: false,
    allowRequest: (req, callback) => {
      if (fromAnotherOrigin(req.headers, ownOrigin(req, trust))) callback(FOREIGN_SOCKET, false);
      else if (ceiling?.refuses(req)) callback(TOO_MANY_SOCKETS, false);
      else callback(null, true);
    },
  });
  if (ceiling) io.engine.on('connection', (raw: EngineConnection) => ceiling.opened(raw.request, (done) => raw.once('close', done)));
  const broadcasting = startBroadcasting(io, services, changes);
  const limit = socketLimiter(rateLimits, trust);
  io.on('connection', (socket) => {
    socket.data = { eventId: null, organiser: false, facilitator: false, browserId: null, actor: null, organiserToken: null };
    logCommands(socket, logger, metrics);
    // Each command is served as the link the socket joined with, while that link still grants its role.
    socket.use((_packet, next) =>
      services.actors.run(
        (eventId) => (eventId === socket.data.eventId && (socket.data.organiser || socket.data.facilitator) ? socket.data.actor : null),
        next,
      ),
    );
    registerBoardHandlers(socket, services, broadcasting.presence, logger);
    limit?.(socket);
    registerFacilitationHandlers(socket, services, logger);
    registerNotesHandlers(socket, services, logger);
    registerScheduleHandlers(socket, services, logger);
  });
  const boards = boardRoom('');
  return {
    io,
    /** Sockets on each event's board (its room). */
    viewers(): Map<string, number> {
      const viewers = new Map<string, number>();
      for (const [room, sockets] of io.of('/').adapter.rooms)
        if (room.startsWith(boards)) viewers.set(room.slice(boards.length), sockets.size);
      return viewers;
    },
    close(): Promise<void> {
      broadcasting.stop();
      return new Promise((resolve) => void io.close(() => resolve()));
    },
  };
}
