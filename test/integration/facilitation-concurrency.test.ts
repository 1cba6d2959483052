/**
 * A merge and a move of the same session, sent at the same moment from two sockets: whichever the
 * server takes first, the other sees its result, so the board is never half merged or half moved.
 */
import type { Board } from '../../server/domain/types';
import type { FacilitationDone, Joined, SessionsChanged } from '../../server/protocol/events';
import { commandId, okData, send } from './realtime.helpers';
import { camp, pitch, type Kit, type Live, kitPerTest } from './facilitation.helpers';

let k: Kit;
let live: Live;

kitPerTest((started) => ({ k, live } = started));

const cellsTaken = (live: Live) =>
  live.db.prepare('SELECT room_id, slot_id, count(*) AS n FROM sessions WHERE room_id IS NOT NULL GROUP BY 1, 2').all() as {
    room_id: string;
    slot_id: string;
    n: number;
  }[];

describe('a merge and a move of the same session at once', () => {
  test.each([
    ['the move is sent first', 'move-first'],
    ['the merge is sent first', 'merge-first'],
  ])('when %s, the outcome is one of the two orders, whole', async (_label, order) => {
    const ev = camp(live.services);
    const moved = pitch(live.services, ev.eventId, 'Sharing code between councils', 'Priya');
    const primary = pitch(live.services, ev.eventId, "Why can't councils share code?", 'Sam');
    live.services.sessions.place(ev.eventId, moved, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    const version = live.services.sessions.get(ev.eventId, moved).version;
    const organiser = await k.join(live, ev.eventId, { token: ev.adminToken });
    const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    const target = { roomId: ev.rooms[2], slotId: ev.slots[2] };

    const move = () =>
      send<SessionsChanged>(organiser.socket, 'session:move', {
        commandId: commandId(`move-${order}`),
        sessionId: moved,
        ...target,
        expectedVersion: version,
      });
    const merge = () =>
      send<FacilitationDone>(facilitator.socket, 'suggestion:merge', {
        commandId: commandId(`merge-${order}`),
        sessionIds: [primary, moved],
        primaryId: primary,
      });
    // Both emits leave before either ack is awaited.
    const [moveAck, mergeAck] =
      order === 'move-first'
        ? await Promise.all([move(), merge()])
        : await Promise.all([merge(), move()]).then(([m, v]) => [v, m] as const);

    // The merge cannot fail: it does not name versions. The move either went first or is refused.
    okData(mergeAck);
    const board = okData(await send<Joined>(organiser.socket, 'board:join', { eventId: ev.eventId })).board;
    expect(board.sessions.map((s) => s.id)).toEqual([primary]);
    const kept = board.sessions[0]!;
    if (moveAck.ok) {
      // Move, then merge: the primary took the moved session's new cell; the old cell is free.
      expect({ roomId: kept.roomId, slotId: kept.slotId }).toEqual(target);
    } else {
      // Merge, then move: the primary kept the original cell, and the move was refused clearly.
      expect({ roomId: kept.roomId, slotId: kept.slotId }).toEqual({ roomId: ev.rooms[0], slotId: ev.slots[0] });
      expect(['conflict', 'not_found']).toContain(moveAck.error.code);
      expect(moveAck.error.message).toMatch(/session/i);
    }
    expect(cellsTaken(live)).toEqual([{ room_id: kept.roomId, slot_id: kept.slotId, n: 1 }]);
    expect(live.db.prepare('SELECT merged_into, room_id, slot_id FROM sessions WHERE id = ?').get(moved)).toEqual({
      merged_into: primary,
      room_id: null,
      slot_id: null,
    });

    // A fresh join sees exactly what the database holds.
    const fresh = await k.join(live, ev.eventId);
    expect(fresh.joined.board).toEqual(board);
    expect(fresh.joined.board).toEqual(live.services.events.board(ev.eventId) satisfies Board);
    expect(fresh.joined.board.event.version).toBe(organiser.joined.board.event.version + (moveAck.ok ? 2 : 1));
  });

  test('when the move is refused after the merge, undoing the merge puts the session back under a newer version, and the move made again goes through', async () => {
    const ev = camp(live.services);
    const moved = pitch(live.services, ev.eventId, 'Sharing code between councils', 'Priya');
    const primary = pitch(live.services, ev.eventId, "Why can't councils share code?", 'Sam');
    live.services.sessions.place(ev.eventId, moved, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    const version = live.services.sessions.get(ev.eventId, moved).version;
    const { socket } = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    const done = okData(
      await send<FacilitationDone>(socket, 'suggestion:merge', {
        commandId: commandId('m1'),
        sessionIds: [primary, moved],
        primaryId: primary,
      }),
    );
    const payload = { sessionId: moved, roomId: ev.rooms[2], slotId: ev.slots[2], expectedVersion: version };
    const refused = await send(socket, 'session:move', { commandId: commandId('v1'), ...payload });
    expect(refused.ok).toBe(false);

    okData(await send(socket, 'history:undo', { commandId: commandId('u1'), entryId: done.history[0]!.id }));
    const restored = live.services.sessions.get(ev.eventId, moved);
    expect(restored).toMatchObject({ roomId: ev.rooms[0], slotId: ev.slots[0] });
    expect(restored.version).toBeGreaterThan(version);
    // Versions never go back, so a command made on an older board stays stale; made again, it goes through.
    const again = await send(socket, 'session:move', { commandId: commandId('v2'), ...payload });
    expect(again.ok ? null : again.error.code).toBe('stale');
    const ack = okData(
      await send<SessionsChanged>(socket, 'session:move', { commandId: commandId('v3'), ...payload, expectedVersion: restored.version }),
    );
    expect(ack.sessions[0]).toMatchObject({ id: moved, ...{ roomId: ev.rooms[2], slotId: ev.slots[2] } });
  });
});
