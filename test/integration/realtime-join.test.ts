/**
 * Live board, joining and rights: the snapshot a join returns, who counts as organiser, and how
 * the socket funnel refuses what it cannot accept (invalid payloads, commands before a join,
 * attendees doing organiser work) without changing anything.
 */
import type { Joined } from '../../server/protocol/events';
import type { Session } from '../../server/domain/types';
import {
  browserCookie,
  commandId,
  connected,
  dump,
  joinBoard,
  okData,
  seed,
  send,
  type Harness,
  type LiveServer,
  serverPerTest,
} from './realtime.helpers';

let h: Harness;
let live: LiveServer;

serverPerTest((started) => ({ h, live } = started));

describe('board:join', () => {
  test('acks the full snapshot with the event version', async () => {
    const ev = seed(live.services);
    const { joined } = await joinBoard(h, live, ev.eventId);

    expect(joined.board).toEqual(live.services.events.board(ev.eventId));
    expect(joined.board.event.version).toBe(7); // two rooms, two slots, three pitches
    expect(joined.board.rooms.map((room) => room.id)).toEqual(ev.rooms);
    expect(joined.board.slots.map((slot) => slot.id)).toEqual(ev.slots);
    expect(joined.board.sessions.map((session) => session.id).sort()).toEqual([...ev.sessions].sort());
  });

  test('marks the socket organiser only with that event’s own token, from auth or the organiser cookie', async () => {
    const ev = seed(live.services);
    const other = seed(live.services, 'Another camp');

    const viaAuth = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const viaCookie = await joinBoard(h, live, ev.eventId, { cookies: { [`unsilo_org_${ev.eventId}`]: ev.adminToken } });
    const wrongToken = await joinBoard(h, live, ev.eventId, { token: `${ev.adminToken}x` });
    const otherEventsToken = await joinBoard(h, live, ev.eventId, { token: other.adminToken });
    const cookieOfOtherEvent = await joinBoard(h, live, ev.eventId, { cookies: { [`unsilo_org_${other.eventId}`]: other.adminToken } });
    const attendee = await joinBoard(h, live, ev.eventId);

    expect(viaAuth.joined.organiser).toBe(true);
    expect(viaCookie.joined.organiser).toBe(true);
    expect(wrongToken.joined.organiser).toBe(false);
    expect(otherEventsToken.joined.organiser).toBe(false);
    expect(cookieOfOtherEvent.joined.organiser).toBe(false);
    expect(attendee.joined.organiser).toBe(false);
  });

  test('counts the viewers of this board, including the one joining', async () => {
    const ev = seed(live.services);
    const other = seed(live.services, 'Another camp');
    await joinBoard(h, live, other.eventId);

    const first = await joinBoard(h, live, ev.eventId);
    const second = await joinBoard(h, live, ev.eventId);

    expect(first.joined.viewers).toBe(1);
    expect(second.joined.viewers).toBe(2);
  });

  test('refuses an unknown event with not_found', async () => {
    const socket = h.connect(live);
    await connected(socket);

    const ack = await send(socket, 'board:join', { eventId: 'no-such-event' });

    expect(ack).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('invalid socket payloads', () => {
  const huge = 'a'.repeat(10_000);
  const move = { commandId: commandId('m'), sessionId: 'id-0006', roomId: 'id-0002', slotId: 'id-0004', expectedVersion: 1 };
  const pitch = { commandId: commandId('p'), title: 'A title', pitcher: 'Priya' };
  const badPayloads: [string, string, unknown][] = [
    ['board:join', 'no payload', undefined],
    ['board:join', 'null', null],
    ['board:join', 'no eventId', {}],
    ['board:join', 'a numeric eventId', { eventId: 42 }],
    ['board:join', 'a 10,000-character eventId', { eventId: huge }],
    ['board:join', 'a path as eventId', { eventId: '../../etc/passwd' }],
    ['board:join', 'a bare string', 'id-0001'],
    ['board:join', 'an array', [{ eventId: 'id-0001' }]],
    ['session:pitch', 'null', null],
    ['session:pitch', 'no commandId', { title: 'No command id', pitcher: 'Priya' }],
    ['session:pitch', 'a too-short commandId', { ...pitch, commandId: 'short' }],
    ['session:pitch', 'a numeric title', { ...pitch, title: 7 }],
    ['session:pitch', 'a blank title', { ...pitch, title: '   ' }],
    ['session:pitch', '10,000-character notes', { ...pitch, notes: huge }],
    ['session:move', 'no slotId', { ...move, slotId: undefined }],
    ['session:move', 'numeric ids', { ...move, sessionId: 1, roomId: 2, slotId: 3 }],
    ['session:move', 'a string expectedVersion', { ...move, expectedVersion: '1' }],
    ['session:move', 'expectedVersion 0', { ...move, expectedVersion: 0 }],
    ['session:move', 'no expectedVersion', { ...move, expectedVersion: undefined }],
    ['session:unschedule', 'a fractional expectedVersion', { commandId: commandId('u'), sessionId: 'id-0006', expectedVersion: 1.5 }],
    ['session:interest', 'interested "yes"', { sessionId: 'id-0006', interested: 'yes' }],
    ['session:interest', 'no interested flag', { sessionId: 'id-0006' }],
    ['session:interest', 'null', null],
  ];

  test.each(badPayloads)('%s with %s is refused with invalid_payload and changes nothing', async (event, _label, payload) => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken, browser: browserCookie(1) });
    const before = dump(live.db);

    const ack = await send(socket, event, payload);

    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.any(String) } });
    expect(dump(live.db)).toEqual(before);
  });

  test('a command without an ack function is ignored and the socket keeps working', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const before = dump(live.db);
    const raw = socket as unknown as import('./realtime.helpers').RawSocket;

    raw.emit('board:join', { eventId: ev.eventId });
    raw.emit('session:move', {
      commandId: commandId('noack'),
      sessionId: ev.sessions[0],
      roomId: ev.rooms[0],
      slotId: ev.slots[0],
      expectedVersion: 1,
    });
    raw.emit('session:pitch');
    raw.emit('no:such-event', { anything: true });
    const stillWorks = await send<Joined>(socket, 'board:join', { eventId: ev.eventId });

    expect(okData(stillWorks).board.event.version).toBe(7);
    expect(socket.connected).toBe(true);
    expect(dump(live.db)).toEqual(before);
  });
});

describe('rights on the board', () => {
  test('commands sent before board:join are refused with forbidden', async () => {
    const ev = seed(live.services);
    const socket = h.connect(live, { token: ev.adminToken, browser: browserCookie(1) });
    await connected(socket);
    const before = dump(live.db);

    const acks = [
      await send(socket, 'session:pitch', { commandId: commandId('early-pitch'), title: 'Too early', pitcher: 'Priya' }),
      await send(socket, 'session:move', {
        commandId: commandId('early-move'),
        sessionId: ev.sessions[0],
        roomId: ev.rooms[0],
        slotId: ev.slots[0],
        expectedVersion: 1,
      }),
      await send(socket, 'session:unschedule', { commandId: commandId('early-unschedule'), sessionId: ev.sessions[0], expectedVersion: 1 }),
      await send(socket, 'session:interest', { sessionId: ev.sessions[0], interested: true }),
    ];

    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dump(live.db)).toEqual(before);
  });

  test('an attendee cannot move or unschedule a session', async () => {
    const ev = seed(live.services);
    live.services.sessions.place(ev.eventId, ev.sessions[1], { roomId: ev.rooms[1], slotId: ev.slots[1] });
    const { socket } = await joinBoard(h, live, ev.eventId, { browser: browserCookie(1) });
    const before = dump(live.db);

    const move = await send(socket, 'session:move', {
      commandId: commandId('attendee-move'),
      sessionId: ev.sessions[0],
      roomId: ev.rooms[0],
      slotId: ev.slots[0],
      expectedVersion: 1,
    });
    const unschedule = await send(socket, 'session:unschedule', {
      commandId: commandId('attendee-unschedule'),
      sessionId: ev.sessions[1],
      expectedVersion: 2,
    });

    expect(move).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(unschedule).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dump(live.db)).toEqual(before);
  });

  test('an attendee can pitch a session and say "I’d go"', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { browser: browserCookie(1) });

    const pitched = okData(
      await send<{ version: number; sessions: Session[] }>(socket, 'session:pitch', {
        commandId: commandId('attendee-pitch'),
        title: 'Open data for parish councils',
        pitcher: 'Sam',
      }),
    );
    const interest = await send(socket, 'session:interest', { sessionId: ev.sessions[0], interested: true });

    expect(pitched.version).toBe(8);
    expect(pitched.sessions[0]).toMatchObject({ title: 'Open data for parish councils', roomId: null, slotId: null });
    expect(interest).toEqual({ ok: true, data: { sessionId: ev.sessions[0], interest: 1 } });
    expect(live.services.sessions.get(ev.eventId, ev.sessions[0]).interest).toBe(1);
  });

  test('interest from a socket without a browser cookie is refused', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId);

    const ack = await send(socket, 'session:interest', { sessionId: ev.sessions[0], interested: true });

    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(live.services.sessions.get(ev.eventId, ev.sessions[0]).interest).toBe(0);
  });

  test.each([
    ['too short', 'short'],
    ['not URL-safe', 'a;b<script>c d e f g h'],
    ['too long', 'b'.repeat(65)],
  ])('interest from a socket whose browser cookie is %s is refused, as HTTP would not accept that cookie either', async (_why, cookie) => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { browser: encodeURIComponent(cookie) });

    const ack = await send(socket, 'session:interest', { sessionId: ev.sessions[0], interested: true });

    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(live.services.sessions.get(ev.eventId, ev.sessions[0]).interest).toBe(0);
  });

  test('joining again tells a browser which sessions it said it would go to', async () => {
    const ev = seed(live.services);
    const first = await joinBoard(h, live, ev.eventId, { browser: browserCookie(1) });
    okData(await send(first.socket, 'session:interest', { sessionId: ev.sessions[2], interested: true }));

    const sameBrowser = await joinBoard(h, live, ev.eventId, { browser: browserCookie(1) });
    const otherBrowser = await joinBoard(h, live, ev.eventId, { browser: browserCookie(2) });

    expect(first.joined.interested).toEqual([]);
    expect(sameBrowser.joined.interested).toEqual([ev.sessions[2]]);
    expect(otherBrowser.joined.interested).toEqual([]);
  });

  test('joining another event drops organiser rights held on the first', async () => {
    const ev = seed(live.services);
    const other = seed(live.services, 'Another camp');
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });

    const joinedOther = okData(await send<Joined>(socket, 'board:join', { eventId: other.eventId }));
    const move = await send(socket, 'session:move', {
      commandId: commandId('cross-event'),
      sessionId: other.sessions[0],
      roomId: other.rooms[0],
      slotId: other.slots[0],
      expectedVersion: 1,
    });

    expect(joinedOther.organiser).toBe(false);
    expect(move).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('an organiser cannot reach another event’s sessions, rooms or slots through the board it joined', async () => {
    const ev = seed(live.services);
    const other = seed(live.services, 'Another camp');
    const { socket } = await joinBoard(h, live, ev.eventId, { token: ev.adminToken, browser: browserCookie(1) });
    const before = dump(live.db);
    const move = { sessionId: ev.sessions[0], roomId: ev.rooms[0], slotId: ev.slots[0], expectedVersion: 1 };

    const acks = [
      await send(socket, 'session:move', { ...move, commandId: commandId('x1'), sessionId: other.sessions[0] }),
      await send(socket, 'session:move', { ...move, commandId: commandId('x2'), roomId: other.rooms[0] }),
      await send(socket, 'session:move', { ...move, commandId: commandId('x3'), slotId: other.slots[0] }),
      await send(socket, 'session:unschedule', { commandId: commandId('x4'), sessionId: other.sessions[0], expectedVersion: 1 }),
      await send(socket, 'session:interest', { sessionId: other.sessions[0], interested: true }),
    ];

    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(dump(live.db)).toEqual(before);
  });
});
