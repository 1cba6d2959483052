import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import type { Logger } from '../http/errors';
import { MAX_MESSAGE_BYTES } from '../protocol/events';
import type { Services } from '../services';
import type { ChangeFeed } from '../services/changes';
import { registerBoardHandlers } from './board.handlers';
import { registerFacilitationHandlers } from './facilitation.handlers';
import { registerNotesHandlers } from './notes.handlers';
import { startBroadcasting, type AppServer } from './broadcast';
import { socketLimiter } from './limits';
import type { RateLimits } from '../http/rate-limits';

/**
 * Browsers send Origin on every WebSocket and polling request: only pages served from this host
 * may open a socket, so another site cannot drive a visitor's organiser cookie. Non-browser
 * clients (no Origin) authenticate with a token instead.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function attachRealtime(http: HttpServer, services: Services, changes: ChangeFeed, logger: Logger, rateLimits: RateLimits | 'off') {
  const io: AppServer = new Server(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Socket.IO's default, stated so nobody turns it on: a zlib context per socket costs far more
    // memory per viewer (docs/benchmarks.md) than compressing board deltas of a few hundred bytes saves.
    perMessageDeflate: false,
    serveClient: false,
    allowRequest: (req, callback) => callback(null, sameOrigin(req)),
  });
  const broadcasting = startBroadcasting(io, services, changes);
  const limit = socketLimiter(rateLimits);
  io.on('connection', (socket) => {
    socket.data = { eventId: null, organiser: false, facilitator: false, browserId: null, actor: null, organiserToken: null };
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
  });
  return {
    io,
    close(): Promise<void> {
      broadcasting.stop();
      return new Promise((resolve) => void io.close(() => resolve()));
    },
  };
}
