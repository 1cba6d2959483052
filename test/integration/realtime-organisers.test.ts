/**
 * Organiser links on live sockets: each command is credited to the link (or facilitator) that sent
 * it, even when commands from several links are committed together, and revoking one link takes its
 * rights from its sockets at once while the other organisers keep theirs.
 */
import type { SessionsChanged } from '../../server/protocol/events';
import { commandId, harness, joinBoard, okData, seed, send, type Harness, type LiveServer } from './realtime.helpers';

let h: Harness;
let live: LiveServer;

beforeEach(async () => {
  h = harness();
  live = await h.start({ encoder: 'none' });
});

afterEach(async () => {
  await h.close();
});

describe('organiser links on sockets', () => {
  test('moves sent together by two links and a facilitator are each recorded under their own name', async () => {
    const ev = seed(live.services);
    const sam = live.services.events.addOrganiserLink(ev.eventId, 'Sam').token;
    const facilitatorToken = live.services.facilitation.newFacilitatorToken(ev.eventId);
    const organiser = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const co = await joinBoard(h, live, ev.eventId, { token: sam });
    const facilitator = await joinBoard(h, live, ev.eventId, { cookies: { [`unsilo_fac_${ev.eventId}`]: facilitatorToken } });
    expect(facilitator.joined.facilitator).toBe(true);

    const move = (socket: typeof organiser.socket, n: number, roomId: string, slotId: string) =>
      send<SessionsChanged>(socket, 'session:move', {
        commandId: commandId(`m${n}`),
        sessionId: ev.sessions[n],
        roomId,
        slotId,
        expectedVersion: 1,
      });
    // Sent in one turn: the write group commits them together.
    const acks = await Promise.all([
      move(organiser.socket, 0, ev.rooms[0], ev.slots[0]),
      move(co.socket, 1, ev.rooms[1], ev.slots[0]),
      move(facilitator.socket, 2, ev.rooms[0], ev.slots[1]),
    ]);
    acks.forEach(okData);
    const lines = live.services.activity
      .latest(ev.eventId)
      .filter((a) => a.action === 'schedule')
      .map((a) => `${a.actor}: ${a.summary}`)
      .sort();
    expect(lines).toEqual([
      'Facilitator: Put “Generative AI policies” in Main Hall at 11:00.',
      'Organiser: Put “Sharing code between councils” in Main Hall at 10:00.',
      'Sam: Put “User research on a shoestring” in Library at 10:00.',
    ]);
  });

  test('revoking a co-organiser’s link takes its socket’s rights at once; the first link’s socket keeps them', async () => {
    const ev = seed(live.services);
    const { link, token } = live.services.events.addOrganiserLink(ev.eventId, 'Sam');
    const organiser = await joinBoard(h, live, ev.eventId, { token: ev.adminToken });
    const co = await joinBoard(h, live, ev.eventId, { token });
    expect(co.joined.organiser).toBe(true);

    live.services.events.revokeOrganiserLink(ev.eventId, link.id, ev.adminToken);
    const refused = await send(co.socket, 'session:move', {
      commandId: commandId('after-revoke'),
      sessionId: ev.sessions[0],
      roomId: ev.rooms[0],
      slotId: ev.slots[0],
      expectedVersion: 1,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    okData(
      await send(organiser.socket, 'session:move', {
        commandId: commandId('still-organiser'),
        sessionId: ev.sessions[0],
        roomId: ev.rooms[0],
        slotId: ev.slots[0],
        expectedVersion: 1,
      }),
    );
  });
});
