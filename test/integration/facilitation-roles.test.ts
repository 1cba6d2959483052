/**
 * Who may do what: attendees (no token) may read suggestions but not act on them; facilitators act
 * on suggestions but cannot do what only organisers may; organisers may do both; a new
 * facilitator link revokes the old one.
 */
import request from 'supertest';
import type { HistoryItem } from '../../server/protocol/events';
import { bearer } from '../helpers/app';
import { commandId, send } from './realtime.helpers';
import { camp, rowsOf, twoAboutCode, type Camp, type Kit, type Live, kitPerTest } from './facilitation.helpers';

let k: Kit;
let live: Live;
let ev: Camp;
let ids: [string, string];

kitPerTest((started) => ({ k, live } = started));
beforeEach(() => {
  ev = camp(live.services);
  ids = twoAboutCode(live.services, ev.eventId);
});

const api = () => request(live.server.app);
const base = () => `/api/events/${ev.eventId}`;
const headers = (token?: string) => (token ? bearer(token) : {});

/** Every facilitator action over HTTP, with a given token (or none). */
const actions = (token?: string) =>
  [
    ['merge', api().post(`${base()}/merges`).set(headers(token)).send({ sessionIds: ids, primaryId: ids[0] })],
    ['link', api().post(`${base()}/links`).set(headers(token)).send({ sessionIds: ids })],
    ['dismiss', api().post(`${base()}/dismissals`).set(headers(token)).send({ sessionIds: ids })],
    ['history', api().get(`${base()}/history`).set(headers(token))],
    ['undo', api().post(`${base()}/history/1/undo`).set(headers(token))],
  ] as const;

describe('over HTTP', () => {
  test.each([
    ['without a token', undefined],
    ['with a made-up token', 'not-a-real-token-at-all'],
  ])('requests %s are forbidden to merge, link, dismiss, read the history or undo, and change nothing', async (_label, token) => {
    const before = rowsOf(live.db, ev.eventId, ids);
    for (const [name, req] of actions(token)) {
      const res = await req;
      expect([name, res.status, res.body.error?.code]).toEqual([name, 403, 'forbidden']);
    }
    expect(rowsOf(live.db, ev.eventId, ids)).toEqual(before);
    expect(live.db.prepare('SELECT count(*) AS n FROM history').get()).toEqual({ n: 0 });
  });

  test('anyone may read the suggestions', async () => {
    const res = await api().get(`${base()}/suggestions`).expect(200);
    expect(res.body).toEqual([expect.objectContaining({ sessions: [...ids].sort() })]);
  });

  test('a facilitator token cannot add a room, export the event, edit a pitch or create a facilitator or organiser link', async () => {
    const token = bearer(ev.facilitatorToken);
    await api().post(`${base()}/rooms`).set(token).send({ name: 'Annexe' }).expect(403);
    await api().get(`${base()}/export`).set(token).expect(403);
    await api().post(`${base()}/facilitator-link`).set(token).expect(403);
    await api().post(`${base()}/facilitator-link`).expect(403);
    await api().post(`${base()}/organiser-link`).set(token).expect(403);
    await api().patch(`${base()}/sessions/${ids[0]}`).set(token).send({ title: 'Taken over', pitcher: 'Mallory' }).expect(403);
    await api().delete(`${base()}/sessions/${ids[0]}`).set(token).expect(403);
  });

  test('a facilitator token moves a session over HTTP and sends it back to unscheduled', async () => {
    const token = bearer(ev.facilitatorToken);
    const placed = await api()
      .put(`${base()}/sessions/${ids[0]}/placement`)
      .set(token)
      .send({ roomId: ev.rooms[0], slotId: ev.slots[0] })
      .expect(200);
    expect(placed.body.value).toMatchObject({ roomId: ev.rooms[0], slotId: ev.slots[0] });
    const back = await api().delete(`${base()}/sessions/${ids[0]}/placement`).set(token).send({}).expect(200);
    expect(back.body.value).toMatchObject({ roomId: null, slotId: null });
  });

  test('the organiser token does everything a facilitator can', async () => {
    await api().post(`${base()}/links`).set(bearer(ev.adminToken)).send({ sessionIds: ids }).expect(201);
    const history = (await api().get(`${base()}/history`).set(bearer(ev.adminToken)).expect(200)).body as HistoryItem[];
    await api().post(`${base()}/history/${history[0]!.id}/undo`).set(bearer(ev.adminToken)).expect(201);
  });

  test('a facilitator token of one event is no good on another', async () => {
    const other = camp(live.services, 'Another camp');
    await api().get(`/api/events/${other.eventId}/history`).set(bearer(ev.facilitatorToken)).expect(403);
  });

  test('a new facilitator link revokes the old one', async () => {
    const old = ev.facilitatorToken;
    await api().get(`${base()}/history`).set(bearer(old)).expect(200);
    const res = await api().post(`${base()}/facilitator-link`).set(bearer(ev.adminToken)).expect(201);
    const fresh = res.body.facilitatorToken as string;
    expect(res.body.link).toContain(`/e/${ev.eventId}/facilitate?key=`);
    expect(fresh).not.toBe(old);

    await api().get(`${base()}/history`).set(bearer(old)).expect(403);
    await api().get(`${base()}/history`).set(bearer(fresh)).expect(200);
    const { joined } = await k.join(live, ev.eventId, { token: old });
    expect(joined.facilitator).toBe(false);
  });
});

describe('over sockets', () => {
  test('an attendee’s socket is refused merge, link, dismiss and undo, and is not given the history', async () => {
    const { socket, joined } = await k.join(live, ev.eventId);
    expect(joined).toMatchObject({ organiser: false, facilitator: false, history: [] });
    const before = rowsOf(live.db, ev.eventId, ids);
    const commands = [
      ['suggestion:merge', { commandId: commandId('m'), sessionIds: ids, primaryId: ids[0] }],
      ['suggestion:link', { commandId: commandId('l'), sessionIds: ids }],
      ['suggestion:dismiss', { commandId: commandId('d'), sessionIds: ids }],
      ['history:undo', { commandId: commandId('u'), entryId: 1 }],
    ] as const;
    for (const [event, payload] of commands) {
      const ack = await send(socket, event, payload);
      expect([event, ack.ok ? 'ok' : ack.error.code]).toEqual([event, 'forbidden']);
    }
    expect(rowsOf(live.db, ev.eventId, ids)).toEqual(before);
  });

  test('a facilitator’s socket is a facilitator but not an organiser, and gets the history on joining', async () => {
    live.services.facilitation.dismiss(ev.eventId, { sessionIds: ids });
    const { joined } = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    expect(joined).toMatchObject({ organiser: false, facilitator: true });
    expect(joined.history).toEqual([expect.objectContaining({ action: 'dismiss', undoable: true })]);
  });

  test('a new facilitator link also ends the facilitator rights of a socket that joined with the old one', async () => {
    const { socket } = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    const organiser = await k.join(live, ev.eventId, { token: ev.adminToken });
    await api().post(`${base()}/facilitator-link`).set(bearer(ev.adminToken)).expect(201);

    const ack = await send(socket, 'suggestion:dismiss', { commandId: commandId('revoked'), sessionIds: ids });
    expect(ack.ok ? 'ok' : ack.error.code).toBe('forbidden');
    expect(live.db.prepare('SELECT count(*) AS n FROM decisions').get()).toEqual({ n: 0 });
    // The organiser is not a facilitator by link, and keeps acting.
    const byOrganiser = await send(organiser.socket, 'suggestion:dismiss', { commandId: commandId('organiser'), sessionIds: ids });
    expect(byOrganiser.ok).toBe(true);
  });

  test('a command before joining a board is refused', async () => {
    const socket = k.connect(live, { token: ev.facilitatorToken });
    const ack = await send(socket, 'suggestion:link', { commandId: commandId('early'), sessionIds: ids });
    expect(ack.ok ? 'ok' : ack.error.code).toBe('forbidden');
  });
});
