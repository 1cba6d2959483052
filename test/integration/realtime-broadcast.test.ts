/**
 * Live board, broadcasting: every committed change reaches the viewers of its own event, whether
 * it came over a socket or over HTTP; interest and presence arrive batched.
 */
import request from 'supertest';
import type { SessionsChanged } from '../../server/protocol/events';
import { INTEREST_BATCH_MS, PRESENCE_BATCH_MS } from '../../server/realtime/broadcast';
import {
  browserCookie,
  commandId,
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

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('broadcast to the right event', () => {
  test('a move in one event reaches every viewer of that event with version + 1, and no viewer of another event', async () => {
    const a = seed(live.services, 'Camp A');
    const b = seed(live.services, 'Camp B');
    const organiser = await joinBoard(h, live, a.eventId, { token: a.adminToken });
    const viewerA = await joinBoard(h, live, a.eventId);
    const viewerB = await joinBoard(h, live, b.eventId);
    const seenByB = record(viewerB.socket);
    const before = organiser.joined.board.event.version;

    const onOrganiser = once(organiser.socket, 'session:changed');
    const onViewerA = once(viewerA.socket, 'session:changed');
    const ack = okData(
      await send<SessionsChanged>(organiser.socket, 'session:move', {
        commandId: commandId('move-a'),
        sessionId: a.sessions[0],
        roomId: a.rooms[1],
        slotId: a.slots[0],
        expectedVersion: 1,
      }),
    );
    const [toOrganiser, toViewerA] = await Promise.all([onOrganiser, onViewerA]);

    expect(ack.version).toBe(before + 1);
    expect(toViewerA).toEqual(ack);
    expect(toOrganiser).toEqual(ack);
    expect(toViewerA.sessions).toEqual([
      expect.objectContaining({ id: a.sessions[0], roomId: a.rooms[1], slotId: a.slots[0], version: 2 }),
    ]);

    // Sentinel: a change in B reaches B's viewer, so anything A sent it would have arrived by now.
    const sentinel = once(viewerB.socket, 'session:changed');
    live.services.sessions.pitch(b.eventId, { title: 'Sentinel', notes: '', pitcher: 'Sam' });
    await sentinel;
    expect(seenByB.map((seen) => seen.event)).toEqual(['session:changed']);
    expect(seenByB[0]?.payload).toMatchObject({ sessions: [expect.objectContaining({ title: 'Sentinel', eventId: b.eventId })] });
  });
});

describe('changes made over HTTP reach socket viewers', () => {
  test('a pitch through POST /api/events/:id/sessions arrives as session:changed', async () => {
    const ev = seed(live.services);
    const { socket, joined } = await joinBoard(h, live, ev.eventId);

    const changed = once(socket, 'session:changed');
    const res = await request(live.url)
      .post(`/api/events/${ev.eventId}/sessions`)
      .send({ title: 'Digital inclusion in rural areas', pitcher: 'Aisha', notes: 'Bring stories.' })
      .expect(201);

    expect(await changed).toEqual({ version: joined.board.event.version + 1, sessions: [res.body.value] });
  });

  test('a placement through PUT …/placement with the organiser’s token arrives as session:changed', async () => {
    const ev = seed(live.services);
    const { socket, joined } = await joinBoard(h, live, ev.eventId);

    const changed = once(socket, 'session:changed');
    await request(live.url)
      .put(`/api/events/${ev.eventId}/sessions/${ev.sessions[2]}/placement`)
      .set(bearer(ev.adminToken))
      .send({ roomId: ev.rooms[0], slotId: ev.slots[1] })
      .expect(200);

    const { version, sessions } = await changed;
    expect(version).toBe(joined.board.event.version + 1);
    expect(sessions).toEqual([expect.objectContaining({ id: ev.sessions[2], roomId: ev.rooms[0], slotId: ev.slots[1] })]);
  });

  test('adding a room over HTTP sends the whole board as board:state', async () => {
    const ev = seed(live.services);
    const { socket, joined } = await joinBoard(h, live, ev.eventId);

    const state = once(socket, 'board:state');
    const res = await request(live.url)
      .post(`/api/events/${ev.eventId}/rooms`)
      .set(bearer(ev.adminToken))
      .send({ name: 'Garden' })
      .expect(201);

    const board = await state;
    expect(board.event.version).toBe(joined.board.event.version + 1);
    expect(board.rooms.map((room) => room.name)).toEqual(['Main Hall', 'Library', 'Garden']);
    expect(board).toEqual(live.services.events.board(ev.eventId));
    expect(res.body.version).toBe(board.event.version);
  });

  test('a refused HTTP change broadcasts nothing', async () => {
    const ev = seed(live.services);
    const viewer = await joinBoard(h, live, ev.eventId);
    const seen = record(viewer.socket);

    await request(live.url)
      .put(`/api/events/${ev.eventId}/sessions/${ev.sessions[0]}/placement`)
      .send({ roomId: ev.rooms[0], slotId: ev.slots[0] })
      .expect(403);
    const sentinel = once(viewer.socket, 'session:changed');
    live.services.sessions.pitch(ev.eventId, { title: 'Sentinel', notes: '', pitcher: 'Sam' });
    await sentinel;

    expect(seen.map((s) => s.event)).toEqual(['session:changed']);
  });
});

describe('batched signals', () => {
  test('interest toggles from several browsers within the batch window arrive as one interest:counted with final counts', async () => {
    const ev = seed(live.services);
    const watcher = await joinBoard(h, live, ev.eventId);
    const browsers = await Promise.all([1, 2, 3].map((n) => joinBoard(h, live, ev.eventId, { browser: browserCookie(n) })));
    const seen = record(watcher.socket);
    const [s0, s1] = ev.sessions;

    const toggles = [
      ...browsers.map(({ socket }) => send(socket, 'session:interest', { sessionId: s0, interested: true })),
      ...browsers.map(({ socket }) => send(socket, 'session:interest', { sessionId: s0, interested: true })), // counted once per browser
      send(browsers[0]!.socket, 'session:interest', { sessionId: s1, interested: true }),
      send(browsers[1]!.socket, 'session:interest', { sessionId: s1, interested: true }),
      send(browsers[1]!.socket, 'session:interest', { sessionId: s1, interested: false }),
    ];
    const acks = await Promise.all(toggles);
    expect(acks.every((ack) => ack.ok)).toBe(true);
    expect(live.services.sessions.get(ev.eventId, s0).interest).toBe(3);

    // No clock: however slow the machine, the toggles are batched (fewer messages than toggles),
    // the last batch carries the final counts, and a later change finds nothing more about interest.
    const final = (m: { event: string; payload: unknown }) =>
      m.event === 'interest:counted' && (m.payload as Record<string, number>)[s0] === 3 && (m.payload as Record<string, number>)[s1] === 1;
    while (!seen.some(final)) await once(watcher.socket, 'interest:counted');
    const sentinel = once(watcher.socket, 'session:changed');
    live.services.sessions.pitch(ev.eventId, { title: 'Sentinel', notes: '', pitcher: 'Sam' });
    await sentinel;
    const batches = seen.filter((s) => s.event === 'interest:counted').map((s) => s.payload);
    expect(batches.length).toBeLessThan(toggles.length);
    expect(batches.at(-1)).toEqual({ [s0]: 3, [s1]: 1 });
  });

  test('presence:changed reports the number of viewers after joins and leaves, in one batched message', async () => {
    const ev = seed(live.services);
    const watcher = await joinBoard(h, live, ev.eventId);
    // The watcher's own join produced a batch: let it pass before counting.
    expect(await once(watcher.socket, 'presence:changed', PRESENCE_BATCH_MS * 3)).toEqual({ viewers: 1 });
    const seen = record(watcher.socket);

    const joiners = await Promise.all([1, 2, 3].map(() => joinBoard(h, live, ev.eventId)));
    const leaving = joiners[0]!.socket;
    const left = new Promise<void>((resolve) => leaving.once('disconnect', () => resolve()));
    leaving.disconnect();
    await left;
    const presence = await once(watcher.socket, 'presence:changed', PRESENCE_BATCH_MS * 3);

    expect(presence).toEqual({ viewers: 3 });
    expect(seen.filter((s) => s.event === 'presence:changed')).toHaveLength(1);
  });

  test('a viewer switching to another event is no longer counted on the first', async () => {
    const a = seed(live.services, 'Camp A');
    const b = seed(live.services, 'Camp B');
    const watcher = await joinBoard(h, live, a.eventId);
    const mover = await joinBoard(h, live, a.eventId);
    expect(await once(watcher.socket, 'presence:changed', PRESENCE_BATCH_MS * 3)).toEqual({ viewers: 2 });

    okData(await send(mover.socket, 'board:join', { eventId: b.eventId }));

    expect(await once(watcher.socket, 'presence:changed', PRESENCE_BATCH_MS * 3)).toEqual({ viewers: 1 });
  });

  test('closing the server while viewers are connected leaves no batching timer behind', async () => {
    const ev = seed(live.services);
    const viewer = await joinBoard(h, live, ev.eventId);
    await joinBoard(h, live, ev.eventId, { browser: browserCookie(1) });
    await once(viewer.socket, 'presence:changed', PRESENCE_BATCH_MS * 3); // no batch pending now
    const timers = jest.spyOn(global, 'setTimeout');

    try {
      await live.stop(); // disconnects both viewers, which touches presence
      const delays = timers.mock.calls.map((call) => call[1]);
      expect(delays).not.toContain(PRESENCE_BATCH_MS);
      expect(delays).not.toContain(INTEREST_BATCH_MS);
    } finally {
      timers.mockRestore();
    }
  });
});
