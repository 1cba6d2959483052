/**
 * The floor: a bare Socket.IO relay with the same socket contract shape as Unsilo's board
 * (`board:join`, `session:move` acknowledged, `session:changed` to the room) but no validation,
 * no database, no analysis. Same Socket.IO version and options. Prints its port on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 16 * 1024, serveClient: false });
let version = 0;
const sessionVersions = new Map<string, number>();

io.on('connection', (socket) => {
  socket.on('board:join', (payload: { eventId: string }, ack: (a: unknown) => void) => {
    void socket.join(`event:${payload.eventId}`);
    ack({ ok: true, data: { board: { event: { version } } } });
  });
  socket.on('session:move', (payload: { sessionId: string; roomId: string; slotId: string }, ack: (a: unknown) => void) => {
    version += 1;
    const sessionVersion = (sessionVersions.get(payload.sessionId) ?? 1) + 1;
    sessionVersions.set(payload.sessionId, sessionVersion);
    // A session object of the same shape and size as Unsilo's.
    const session = {
      id: payload.sessionId,
      eventId: 'relay',
      title: 'Getting started with open data for councils #12',
      notes: 'A conversation about open data. Bring your stories, questions and what has worked for you.',
      pitcher: 'Pitcher 12',
      cohosts: [],
      roomId: payload.roomId,
      slotId: payload.slotId,
      version: sessionVersion,
      interest: 0,
      createdAt: '2026-11-01T09:00:00.000Z',
      updatedAt: new Date().toISOString(),
    };
    for (const room of socket.rooms) if (room.startsWith('event:')) io.to(room).emit('session:changed', { version, sessions: [session] });
    ack({ ok: true, data: { version, sessions: [session] } });
  });
});

http.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (http.address() as AddressInfo).port });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') process.send?.({ type: 'memory', rss: process.memoryUsage().rss });
});
process.on('disconnect', () => process.exit(0));
