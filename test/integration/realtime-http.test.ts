/**
 * Live board, one path for every change: each write of the JSON API goes through the same
 * services as the socket commands, so each reaches socket viewers with the next version.
 */
import request from 'supertest';
import type { Board } from '../../server/domain/types';
import type { SessionsChanged } from '../../server/protocol/events';
import { joinBoard, once, seed, type Harness, type LiveServer, type Seeded, serverPerTest } from './realtime.helpers';

let h: Harness;
let live: LiveServer;

serverPerTest((started) => ({ h, live } = started));

type Call = (api: ReturnType<typeof request>, ev: Seeded) => request.Test;
const auth = (test: request.Test, ev: Seeded) => test.set('Authorization', `Bearer ${ev.adminToken}`);

const sessionChanges: [string, Call, (ev: Seeded) => object][] = [
  [
    'PATCH a session (edit)',
    (api, ev) =>
      auth(api.patch(`/api/events/${ev.eventId}/sessions/${ev.sessions[1]}`), ev).send({
        title: 'Research on no budget',
        pitcher: 'Aisha',
      }),
    (ev) => ({ id: ev.sessions[1], title: 'Research on no budget' }),
  ],
  [
    'DELETE a placement (unschedule)',
    (api, ev) => auth(api.delete(`/api/events/${ev.eventId}/sessions/${ev.sessions[0]}/placement`), ev).send({}),
    (ev) => ({ id: ev.sessions[0], roomId: null, slotId: null }),
  ],
];

const gridChanges: [string, Call, (board: Board, ev: Seeded) => void][] = [
  [
    'PATCH the event',
    (api, ev) => auth(api.patch(`/api/events/${ev.eventId}`), ev).send({ name: 'LocalGovCamp 2027', date: '2027-06-19' }),
    (board) => expect(board.event).toMatchObject({ name: 'LocalGovCamp 2027', venue: 'Town Hall' }),
  ],
  [
    'PATCH a room',
    (api, ev) => auth(api.patch(`/api/events/${ev.eventId}/rooms/${ev.rooms[1]}`), ev).send({ name: 'Reading Room' }),
    (board) => expect(board.rooms.map((r) => r.name)).toEqual(['Main Hall', 'Reading Room']),
  ],
  [
    'PUT a room position',
    (api, ev) => auth(api.put(`/api/events/${ev.eventId}/rooms/${ev.rooms[1]}/position`), ev).send({ position: 0 }),
    (board, ev) => expect([...board.rooms].sort((a, b) => a.position - b.position).map((r) => r.id)).toEqual([ev.rooms[1], ev.rooms[0]]),
  ],
  [
    'DELETE a room that holds a session',
    (api, ev) => auth(api.delete(`/api/events/${ev.eventId}/rooms/${ev.rooms[0]}`), ev),
    (board, ev) => {
      expect(board.rooms.map((r) => r.id)).toEqual([ev.rooms[1]]);
      expect(board.sessions.find((s) => s.id === ev.sessions[0])).toMatchObject({ roomId: null, slotId: null });
    },
  ],
  [
    'POST a slot',
    (api, ev) => auth(api.post(`/api/events/${ev.eventId}/slots`), ev).send({ label: 'Lunch', startsAt: '12:00', endsAt: '13:00' }),
    (board) => expect(board.slots.map((s) => s.label)).toContain('Lunch'),
  ],
  [
    'PATCH a slot',
    (api, ev) => auth(api.patch(`/api/events/${ev.eventId}/slots/${ev.slots[0]}`), ev).send({ startsAt: '09:30', endsAt: '10:15' }),
    (board, ev) => expect(board.slots.find((s) => s.id === ev.slots[0])).toMatchObject({ startsAt: '09:30', label: 'Session 1' }),
  ],
  [
    'PUT a slot position',
    (api, ev) => auth(api.put(`/api/events/${ev.eventId}/slots/${ev.slots[1]}/position`), ev).send({ position: 0 }),
    (board, ev) => expect(board.slots.find((s) => s.id === ev.slots[1])?.position).toBe(0),
  ],
  [
    'DELETE a slot that holds a session',
    (api, ev) => auth(api.delete(`/api/events/${ev.eventId}/slots/${ev.slots[0]}`), ev),
    (board, ev) => expect(board.sessions.find((s) => s.id === ev.sessions[0])).toMatchObject({ roomId: null, slotId: null }),
  ],
];

/** The seeded board with its first session placed in rooms[0] × slots[0]. */
function seedPlaced(): Seeded {
  const ev = seed(live.services);
  live.services.sessions.place(ev.eventId, ev.sessions[0], { roomId: ev.rooms[0], slotId: ev.slots[0] });
  return ev;
}

describe('JSON API writes reach socket viewers', () => {
  test.each(sessionChanges)('%s arrives as session:changed with the next version', async (_name, call, expected) => {
    const ev = seedPlaced();
    const { socket, joined } = await joinBoard(h, live, ev.eventId);

    const changed = once(socket, 'session:changed');
    const res = await call(request(live.url), ev);
    const change: SessionsChanged = await changed;

    expect(res.status).toBe(200);
    expect(change.version).toBe(joined.board.event.version + 1);
    expect(change.sessions).toEqual([expect.objectContaining(expected(ev))]);
  });

  test.each(gridChanges)('%s arrives as board:state with the next version', async (_name, call, check) => {
    const ev = seedPlaced();
    const { socket, joined } = await joinBoard(h, live, ev.eventId);

    const state = once(socket, 'board:state');
    const res = await call(request(live.url), ev);
    const board = await state;

    expect(res.status).toBeLessThan(300);
    expect(board.event.version).toBe(joined.board.event.version + 1);
    expect(board).toEqual(live.services.events.board(ev.eventId));
    check(board, ev);
  });

  test('"I’d go" over HTTP arrives in the batched interest:counted', async () => {
    const ev = seedPlaced();
    const { socket } = await joinBoard(h, live, ev.eventId);

    const counted = once(socket, 'interest:counted');
    await request(live.url)
      .put(`/api/events/${ev.eventId}/sessions/${ev.sessions[2]}/interest`)
      .set('Cookie', 'unsilo_browser=browser-from-http-0001')
      .expect(200);

    expect(await counted).toEqual({ [ev.sessions[2]]: 1 });
  });
});
