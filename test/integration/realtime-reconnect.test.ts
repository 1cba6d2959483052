/**
 * Live board, catching up: a client that loses the server (restart) or misses a delta comes back
 * to the true board by joining again, and a command retried across a restart still applies once.
 */
import { join } from 'node:path';
import type { Joined, SessionsChanged } from '../../server/protocol/events';
import { boardRoom } from '../../server/realtime/broadcast';
import {
  commandId,
  connected,
  joinBoard,
  okData,
  once,
  seed,
  send,
  type ClientSocket,
  type Harness,
  harnessPerTest,
} from './realtime.helpers';

let h: Harness;

harnessPerTest((started) => (h = started));

/** What the browser does: join the board on every (re)connect. Each join's snapshot is queued. */
function rejoinOnConnect(socket: ClientSocket, eventId: string) {
  const joins: Joined[] = [];
  const waiting: ((joined: Joined) => void)[] = [];
  socket.on('connect', () => {
    void send<Joined>(socket, 'board:join', { eventId }).then((ack) => {
      const joined = okData(ack);
      const next = waiting.shift();
      if (next) next(joined);
      else joins.push(joined);
    });
  });
  return {
    nextJoin(timeoutMs = 5000): Promise<Joined> {
      const ready = joins.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No re-join within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((joined) => {
          clearTimeout(timer);
          resolve(joined);
        });
      });
    },
  };
}

describe('catch-up after a server restart', () => {
  test('a client reconnects by itself to the restarted server and its re-join shows what changed while it was away', async () => {
    const file = join(h.tempDir(), 'unsilo.db');
    const first = await h.start({ file, idPrefix: 'a' });
    const ev = seed(first.services);
    const socket = h.connect(first, { token: ev.adminToken });
    const board = rejoinOnConnect(socket, ev.eventId);
    const before = await board.nextJoin();

    const gone = once(socket, 'disconnect');
    await first.stop();
    first.db.close();
    await gone;

    // Meanwhile another instance on the same file takes changes.
    const meanwhile = await h.start({ file, idPrefix: 'b' });
    meanwhile.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[1], slotId: ev.slots[1] });
    const pitched = meanwhile.services.sessions.pitch(ev.eventId, { title: 'Pitched while you slept', notes: '', pitcher: 'Ola' }).value;
    await meanwhile.stop();
    meanwhile.db.close();

    const restarted = await h.start({ file, port: first.port, idPrefix: 'c' });
    const after = await board.nextJoin();

    expect(after.board.event.version).toBe(before.board.event.version + 2);
    expect(after.board).toEqual(restarted.services.events.board(ev.eventId));
    expect(after.board.sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ev.sessions[0], roomId: ev.rooms[1], slotId: ev.slots[1], version: 2 }),
        expect.objectContaining({ id: pitched.id, title: 'Pitched while you slept' }),
      ]),
    );
    expect(after.organiser).toBe(true);

    // The reconnected socket is live again: changes reach it as deltas.
    const delta = once(socket, 'session:changed');
    restarted.services.sessions.unschedule(ev.eventId, ev.sessions[0], {});
    expect((await delta).version).toBe(after.board.event.version + 1);
    expect([...first.loggedErrors, ...meanwhile.loggedErrors, ...restarted.loggedErrors]).toEqual([]);
  });

  test('a move whose ack was lost in the restart, retried afterwards with the same commandId, applies once', async () => {
    const file = join(h.tempDir(), 'unsilo.db');
    const first = await h.start({ file, idPrefix: 'a' });
    const ev = seed(first.services);
    const socket = h.connect(first, { token: ev.adminToken });
    const board = rejoinOnConnect(socket, ev.eventId);
    await board.nextJoin();
    const move = {
      commandId: commandId('across-restart'),
      sessionId: ev.sessions[0],
      roomId: ev.rooms[0],
      slotId: ev.slots[0],
      expectedVersion: 1,
    };
    const firstAck = await send<SessionsChanged>(socket, 'session:move', move);

    await first.stop();
    first.db.close();
    const restarted = await h.start({ file, port: first.port, idPrefix: 'b' });
    const rejoined = await board.nextJoin();
    const retryAck = await send<SessionsChanged>(socket, 'session:move', move);

    expect(retryAck).toEqual(firstAck);
    expect(rejoined.board.event.version).toBe(okData(firstAck).version);
    expect(restarted.services.events.get(ev.eventId).version).toBe(okData(firstAck).version);
    expect(restarted.services.sessions.get(ev.eventId, ev.sessions[0]).version).toBe(2);
    expect([...first.loggedErrors, ...restarted.loggedErrors]).toEqual([]);
  });
});

describe('a version gap', () => {
  test('a viewer that missed a delta sees the gap in versions, and re-joining returns the current snapshot', async () => {
    const live = await h.start();
    const ev = seed(live.services);
    const viewer = await joinBoard(h, live, ev.eventId);
    const v = viewer.joined.board.event.version;

    // The viewer misses one delta (as if the message were lost), then gets the next one.
    live.server.io.in(viewer.socket.id!).socketsLeave(boardRoom(ev.eventId));
    live.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[0], slotId: ev.slots[0] });
    live.server.io.in(viewer.socket.id!).socketsJoin(boardRoom(ev.eventId));
    const next = once(viewer.socket, 'session:changed');
    live.services.sessions.place(ev.eventId, ev.sessions[1], { roomId: ev.rooms[1], slotId: ev.slots[0] });
    const delta = await next;

    expect(delta.version).toBe(v + 2); // not v + 1: the client must not apply it, and re-joins
    const rejoined = okData(await send<Joined>(viewer.socket, 'board:join', { eventId: ev.eventId }));
    expect(rejoined.board).toEqual(live.services.events.board(ev.eventId));
    expect(rejoined.board.event.version).toBe(v + 2);
    expect(rejoined.board.sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ev.sessions[0], roomId: ev.rooms[0], slotId: ev.slots[0] }),
        expect.objectContaining({ id: ev.sessions[1], roomId: ev.rooms[1], slotId: ev.slots[0] }),
      ]),
    );
    expect(live.loggedErrors).toEqual([]);
  });

  test('a socket that reconnects after a dropped connection re-joins and catches up', async () => {
    const live = await h.start();
    const ev = seed(live.services);
    const socket = h.connect(live);
    const board = rejoinOnConnect(socket, ev.eventId);
    const before = await board.nextJoin();

    // The server drops the connection (as a flaky network would); the client reconnects by itself.
    const dropped = once(socket, 'disconnect');
    live.server.io.sockets.sockets.get(socket.id!)!.conn.close();
    await dropped;
    live.services.sessions.pitch(ev.eventId, { title: 'While offline', notes: '', pitcher: 'Ola' });
    const after = await board.nextJoin();
    await connected(socket);

    expect(after.board.event.version).toBe(before.board.event.version + 1);
    expect(after.board.sessions.map((s) => s.title)).toContain('While offline');
    expect(live.loggedErrors).toEqual([]);
  });
});
