/**
 * Live board, concurrent organisers: one session per cell however the moves race, stale moves
 * refused with the current row, and commands that apply once however often they are retried.
 */
import type { Board, Session } from '../../server/domain/types';
import type { Ack, Joined, SessionsChanged } from '../../server/protocol/events';
import {
  commandId,
  connected,
  dump,
  joinBoard,
  okData,
  once,
  record,
  seed,
  send,
  type Harness,
  type LiveServer,
  serverPerTest,
} from './realtime.helpers';

let h: Harness;
let live: LiveServer;

serverPerTest((started) => ({ h, live } = started));

const sessionsInCell = (live: LiveServer, roomId: string, slotId: string) =>
  live.db.prepare('SELECT id FROM sessions WHERE room_id = ? AND slot_id = ?').all(roomId, slotId);

describe('two organisers dropping different sessions on the same cell at once', () => {
  test('exactly one wins; the other is told the slot was just taken, and both end up seeing the same board', async () => {
    const ev = seed(live.services);
    const alice = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const bob = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const cell = { roomId: ev.rooms[0], slotId: ev.slots[0] };

    // Both emits leave before either ack is awaited.
    const [fromAlice, fromBob] = await Promise.all([
      send<SessionsChanged>(alice.socket, 'session:move', {
        commandId: commandId('alice'),
        sessionId: ev.sessions[0],
        ...cell,
        expectedVersion: 1,
      }),
      send<SessionsChanged>(bob.socket, 'session:move', {
        commandId: commandId('bob'),
        sessionId: ev.sessions[1],
        ...cell,
        expectedVersion: 1,
      }),
    ]);

    const acks: Ack<SessionsChanged>[] = [fromAlice, fromBob];
    const winners = acks.filter((ack) => ack.ok);
    const losers = acks.filter((ack): ack is Extract<Ack<SessionsChanged>, { ok: false }> => !ack.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.error.code).toBe('conflict');
    expect(losers[0]!.error.message).toContain('just taken');

    const again = async (socket: typeof alice.socket) => okData(await send<Joined>(socket, 'board:join', { eventId: ev.eventId })).board;
    const aliceBoard: Board = await again(alice.socket);
    const bobBoard: Board = await again(bob.socket);
    expect(aliceBoard).toEqual(bobBoard);
    expect(aliceBoard.event.version).toBe(alice.joined.board.event.version + 1);
    expect(sessionsInCell(live, cell.roomId, cell.slotId)).toHaveLength(1);
    const winner = okData(winners[0]!).sessions[0]!;
    expect(aliceBoard.sessions.filter((s) => s.roomId === cell.roomId && s.slotId === cell.slotId)).toEqual([
      expect.objectContaining({ id: winner.id }),
    ]);
  });
});

describe('stale moves', () => {
  test('a move naming an old version of the session is refused as stale, with the current row, and nothing changes', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    // Someone else moved it meanwhile: the session is now at version 2.
    live.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[1], slotId: ev.slots[1] });
    const current = live.services.sessions.get(ev.eventId, ev.sessions[0]);
    const before = dump(live.db);

    const ack = await send(socket, 'session:move', {
      commandId: commandId('stale-move'),
      sessionId: ev.sessions[0],
      roomId: ev.rooms[0],
      slotId: ev.slots[0],
      expectedVersion: 1,
    });

    expect(ack).toEqual({ ok: false, error: { code: 'stale', message: expect.any(String), details: { session: current } } });
    expect(current.version).toBe(2);
    expect(dump(live.db)).toEqual(before);
  });

  test('an unschedule naming an old version is refused as stale too', async () => {
    const ev = seed(live.services);
    live.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[0], slotId: ev.slots[0] });
    live.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[1], slotId: ev.slots[0] });
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const before = dump(live.db);

    const ack = await send(socket, 'session:unschedule', {
      commandId: commandId('stale-unschedule'),
      sessionId: ev.sessions[0],
      expectedVersion: 2,
    });

    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'stale', details: { session: { id: ev.sessions[0], version: 3, roomId: ev.rooms[1] } } },
    });
    expect(dump(live.db)).toEqual(before);
  });
});

describe('idempotent retries', () => {
  const moveOf = (ev: ReturnType<typeof seed>, id: string) => ({
    commandId: id,
    sessionId: ev.sessions[0],
    roomId: ev.rooms[0],
    slotId: ev.slots[0],
    expectedVersion: 1,
  });

  test('the same move sent twice applies once: one version bump, one broadcast, the same ack both times', async () => {
    const ev = seed(live.services);
    const organiser = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const viewer = await joinBoard(h, live, ev.eventId);
    const seen = record(viewer.socket);
    const move = moveOf(ev, commandId('twice'));

    const first = await send(organiser.socket, 'session:move', move);
    const second = await send(organiser.socket, 'session:move', move);

    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(live.services.events.get(ev.eventId).version).toBe(organiser.joined.board.event.version + 1);
    const sentinel = once(viewer.socket, 'session:changed');
    live.services.sessions.pitch(ev.eventId, { title: 'Sentinel', notes: '', pitcher: 'Sam' });
    await sentinel;
    expect(seen.filter((s) => s.event === 'session:changed').map((s) => (s.payload as SessionsChanged).version)).toEqual([
      organiser.joined.board.event.version + 1,
      organiser.joined.board.event.version + 2,
    ]);
  });

  test('a move retried after the socket disconnected and reconnected applies once', async () => {
    const ev = seed(live.services);
    const organiser = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const viewer = await joinBoard(h, live, ev.eventId);
    const seen = record(viewer.socket);
    const move = moveOf(ev, commandId('reconnect'));
    const first = await send(organiser.socket, 'session:move', move);

    // The ack was lost with the connection, as far as the client knows: it reconnects and retries.
    organiser.socket.disconnect();
    organiser.socket.connect();
    await connected(organiser.socket);
    okData(await send(organiser.socket, 'board:join', { eventId: ev.eventId }));
    const retry = await send(organiser.socket, 'session:move', move);

    expect(retry).toEqual(first);
    expect(live.services.events.get(ev.eventId).version).toBe(organiser.joined.board.event.version + 1);
    expect(live.services.sessions.get(ev.eventId, ev.sessions[0]).version).toBe(2);
    const sentinel = once(viewer.socket, 'session:changed');
    live.services.sessions.pitch(ev.eventId, { title: 'Sentinel', notes: '', pitcher: 'Sam' });
    await sentinel;
    expect(seen.filter((s) => s.event === 'session:changed')).toHaveLength(2);
  });

  test('a pitch retried with the same commandId creates one session', async () => {
    const ev = seed(live.services);
    const attendee = await joinBoard(h, live, ev.eventId);
    const pitch = { commandId: commandId('pitch-once'), title: 'Accessibility audits', pitcher: 'Kim', notes: 'Bring a laptop.' };

    const first = okData(await send<SessionsChanged>(attendee.socket, 'session:pitch', pitch));
    attendee.socket.disconnect().connect();
    await connected(attendee.socket);
    okData(await send(attendee.socket, 'board:join', { eventId: ev.eventId }));
    const retried = okData(await send<SessionsChanged>(attendee.socket, 'session:pitch', pitch));

    expect(retried).toEqual(first);
    const titled: Session[] = live.services.events.board(ev.eventId).sessions.filter((s) => s.title === 'Accessibility audits');
    expect(titled).toHaveLength(1);
    expect(live.services.events.get(ev.eventId).version).toBe(first.version);
  });

  test('a command id is remembered per event: another event may use the same id', async () => {
    const a = seed(live.services, 'Camp A');
    const b = seed(live.services, 'Camp B');
    const inA = await joinBoard(h, live, a.eventId);
    const inB = await joinBoard(h, live, b.eventId);
    const pitch = { commandId: commandId('shared-id'), title: 'Same id, other event', pitcher: 'Kim' };

    const first = okData(await send<SessionsChanged>(inA.socket, 'session:pitch', pitch));
    const second = okData(await send<SessionsChanged>(inB.socket, 'session:pitch', pitch));

    expect(first.sessions[0]!.eventId).toBe(a.eventId);
    expect(second.sessions[0]!.eventId).toBe(b.eventId);
  });

  test('a refused command is not remembered: the same id succeeds once the cell is free', async () => {
    const ev = seed(live.services);
    live.services.sessions.place(ev.eventId, ev.sessions[1], { roomId: ev.rooms[0], slotId: ev.slots[0] });
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const move = moveOf(ev, commandId('after-conflict'));

    const refused = await send(socket, 'session:move', move);
    live.services.sessions.unschedule(ev.eventId, ev.sessions[1], {});
    const accepted = await send<SessionsChanged>(socket, 'session:move', move);

    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(okData(accepted).sessions[0]).toMatchObject({ roomId: ev.rooms[0], slotId: ev.slots[0] });
  });

  test('a move emitted while the connection is down is refused on reconnect (it arrives before the re-join) and applies once when retried after it', async () => {
    const ev = seed(live.services);
    const organiser = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const rejoined = new Promise<void>((resolve) =>
      organiser.socket.once('connect', () => void send(organiser.socket, 'board:join', { eventId: ev.eventId }).then(() => resolve())),
    );
    const move = moveOf(ev, commandId('while-down'));

    // The transport drops; socket.io-client buffers the emit and flushes it first thing on reconnect.
    organiser.socket.io.engine.close();
    const buffered = await send(organiser.socket, 'session:move', move);
    await rejoined;
    const version = live.services.events.get(ev.eventId).version;
    const retried = await send<SessionsChanged>(organiser.socket, 'session:move', move);
    const again = await send<SessionsChanged>(organiser.socket, 'session:move', move);

    expect(buffered).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(version).toBe(organiser.joined.board.event.version);
    expect(okData(retried).version).toBe(version + 1);
    expect(again).toEqual(retried);
  });
});
