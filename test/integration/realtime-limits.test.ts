/**
 * Live board, edges of the transport: the message size limit fits the largest valid command and
 * nothing bigger, and only pages of this site (or clients without an Origin) may open a socket: not
 * another site, another port on this host or a sibling subdomain, even with the organiser's cookie.
 */
import type { SessionsChanged } from '../../server/protocol/events';
import { MAX_MESSAGE_BYTES } from '../../server/protocol/events';
import { LIMITS } from '../../server/protocol/schemas';
import {
  commandId,
  connected,
  dump,
  harness,
  joinBoard,
  okData,
  once,
  seed,
  send,
  type Harness,
  type LiveServer,
} from './realtime.helpers';

let h: Harness;
let live: LiveServer;

beforeEach(async () => {
  h = harness();
  live = await h.start();
});

afterEach(async () => {
  await h.close();
  expect(live.loggedErrors).toEqual([]);
});

/** `n` characters (code points, the unit the schema's limits count) of `char`. */
const fill = (char: string, n: number) => char.repeat(n);
const wireBytes = (payload: unknown) => Buffer.byteLength(JSON.stringify(['session:pitch', payload]));

describe('maxHttpBufferSize', () => {
  test('a message over 16 KB disconnects the socket and changes nothing', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId, { reconnection: false });
    const before = dump(live.db);
    const pitch = { commandId: commandId('huge'), title: 'Huge', pitcher: 'Priya', notes: 'x'.repeat(MAX_MESSAGE_BYTES + 1) };

    const disconnected = once(socket, 'disconnect');
    socket.emit('session:pitch', pitch, () => undefined);

    expect(await disconnected).toMatch(/transport (close|error)/);
    expect(dump(live.db)).toEqual(before);
  });

  test('the largest valid pitch in emoji (4 bytes per character) goes through', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId);
    const pitch = {
      commandId: 'c'.repeat(64),
      title: fill('🧭', LIMITS.title),
      pitcher: fill('🙂', LIMITS.pitcher),
      notes: fill('🌍', LIMITS.notes),
    };

    const ack = await send<SessionsChanged>(socket, 'session:pitch', pitch);

    expect(wireBytes(pitch)).toBeGreaterThan(4 * (LIMITS.title + LIMITS.pitcher + LIMITS.notes));
    expect(okData(ack).sessions[0]).toMatchObject({ title: pitch.title, notes: pitch.notes, pitcher: pitch.pitcher });
    expect([...live.services.sessions.get(ev.eventId, okData(ack).sessions[0]!.id).notes]).toHaveLength(LIMITS.notes);
  });

  test('the largest pitch on the wire (every character escaped to six bytes) is read, and its control characters taken out', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId);
    const pitch = {
      commandId: 'c'.repeat(64),
      title: `T${fill('\u0001', LIMITS.title - 2)}T`,
      pitcher: `P${fill('\u0001', LIMITS.pitcher - 2)}P`,
      notes: `N${fill('\u0001', LIMITS.notes - 2)}N`,
    };
    expect(wireBytes(pitch)).toBeGreaterThan(12_000);
    expect(wireBytes(pitch)).toBeLessThan(MAX_MESSAGE_BYTES - 100);

    const ack = await send<SessionsChanged>(socket, 'session:pitch', pitch);

    expect(okData(ack).sessions[0]).toMatchObject({ title: 'TT', pitcher: 'PP', notes: 'NN' });
  });

  test('notes longer than the limit but under 16 KB are refused with invalid_payload, and the socket stays', async () => {
    const ev = seed(live.services);
    const { socket } = await joinBoard(h, live, ev.eventId);
    const before = dump(live.db);

    const ack = await send(socket, 'session:pitch', {
      commandId: commandId('long'),
      title: 'Long',
      pitcher: 'Priya',
      notes: fill('🌍', LIMITS.notes + 1),
    });

    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(socket.connected).toBe(true);
    expect(dump(live.db)).toEqual(before);
  });
});

describe('origin check', () => {
  test.each([['websocket' as const], ['polling' as const]])('a %s handshake from another site is refused', async (transport) => {
    const socket = h.connect(live, { origin: 'http://evil.example', transports: [transport], reconnection: false });

    const error = await once(socket, 'connect_error');

    expect(error).toBeInstanceOf(Error);
    expect(socket.connected).toBe(false);
  });

  test.each([['websocket' as const], ['polling' as const]])('a %s handshake from this site’s own pages is accepted', async (transport) => {
    const socket = h.connect(live, { origin: live.url, transports: [transport], reconnection: false });

    await connected(socket);

    expect(socket.connected).toBe(true);
  });

  const crossOrigin: [string, Record<string, string>][] = [
    ['another port on this host', { origin: 'http://127.0.0.1:4298' }],
    ['a sibling subdomain (same-site)', { 'sec-fetch-site': 'same-site', origin: 'http://talks.127.0.0.1.example' }],
    ['a page of another site (Sec-Fetch-Site: cross-site)', { 'sec-fetch-site': 'cross-site' }],
  ];

  test.each(crossOrigin)('a handshake from %s with the organiser’s cookie is refused before any command', async (_, headers) => {
    const { eventId, adminToken } = seed(live.services);
    for (const transport of ['websocket', 'polling'] as const) {
      const socket = h.connect(live, {
        headers: { origin: live.url, ...headers },
        cookies: { [`unsilo_org_${eventId}`]: adminToken },
        transports: [transport],
        reconnection: false,
      });

      await once(socket, 'connect_error');

      expect(socket.connected).toBe(false);
    }
  });

  test('a handshake through the TLS proxy on this machine is accepted from the origin the proxy serves', async () => {
    const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'board.camp.example' };
    const refused = h.connect(live, { headers: { ...proxied, origin: live.url }, reconnection: false });
    await once(refused, 'connect_error');
    const socket = h.connect(live, { headers: { ...proxied, origin: 'https://board.camp.example', 'sec-fetch-site': 'same-origin' } });

    await connected(socket);

    expect(socket.connected).toBe(true);
  });

  test('an Origin that is not a URL is refused', async () => {
    const socket = h.connect(live, { origin: 'null', reconnection: false });

    await once(socket, 'connect_error');

    expect(socket.connected).toBe(false);
  });
});
