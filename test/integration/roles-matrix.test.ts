import fc from 'fast-check';
import request from 'supertest';
import type { Db } from '../../server/persistence/database';
import { bearer, createEvent, formsOf, organiserAgent, type Browser, type SeededBoard, type TestApp, boardPerTest } from '../helpers/app';
import { harness, type ClientSocket, type Harness, type LiveServer } from './realtime.helpers';

jest.setTimeout(120_000);

function snapshot(db: Db): string {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'session_embeddings' ORDER BY name",
    )
    .all();
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).raw().all()]));
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Role = 'anonymous' | 'attendee' | 'other attendee' | 'facilitator' | 'organiser of another event';
/** Who may run a command: the organiser; facilitators too; or the session's own pitcher too. */
type Right = 'organiser' | 'facilitator' | 'pitcher';

const MAY: Record<Right, Role[]> = { organiser: [], facilitator: ['facilitator'], pitcher: [] };
const ROLES: Role[] = ['anonymous', 'attendee', 'other attendee', 'facilitator', 'organiser of another event'];

describe('over HTTP, each role is refused every command it must not run', () => {
  let t: TestApp;
  let ev: SeededBoard;

  boardPerTest((started) => ({ t, ev } = started), { rateLimits: 'off' });

  test('API and page forms × anonymous, attendee, other attendee, facilitator and another event’s organiser', async () => {
    const facilitatorToken = t.services.facilitation.newFacilitatorToken(ev.eventId);
    const other = await createEvent(t.app, { name: 'Another camp' });
    // The attendee pitched a session of their own; every command below targets somebody else's.
    const attendee = request.agent(t.app);
    await attendee.post(`/api/events/${ev.eventId}/sessions`).send({ title: 'My own pitch', pitcher: 'Sam' }).expect(201);
    const facilitatorPages = request.agent(t.app);
    await facilitatorPages.get(`/e/${ev.eventId}/facilitate`).query({ key: facilitatorToken }).expect(303);
    const browsers: Record<Role, Browser> = {
      anonymous: request.agent(t.app),
      attendee,
      'other attendee': request.agent(t.app),
      facilitator: facilitatorPages,
      'organiser of another event': await organiserAgent(t.app, other),
    };
    const apiHeaders: Record<Role, Record<string, string>> = {
      anonymous: {},
      attendee: {},
      'other attendee': {},
      facilitator: bearer(facilitatorToken),
      'organiser of another event': bearer(other.adminToken),
    };

    const e = `/api/events/${ev.eventId}`;
    const p = `/e/${ev.eventId}`;
    const [placed, waiting, third] = ev.sessions;
    const [r0, r1] = ev.rooms;
    const [s0, s1] = ev.slots;
    t.services.sessions.place(ev.eventId, waiting, { roomId: r1, slotId: s0 });
    const note = t.services.notes.add(ev.eventId, placed, { author: 'Sam', body: 'A note' }).value.id;
    const api: [Right, Method, string, object | undefined][] = [
      ['organiser', 'patch', e, { name: 'Renamed', date: '2026-07-01' }],
      ['organiser', 'get', `${e}/export`, undefined],
      ['organiser', 'post', `${e}/rooms`, { name: 'Annexe' }],
      ['organiser', 'patch', `${e}/rooms/${r0}`, { name: 'Big Hall' }],
      ['organiser', 'put', `${e}/rooms/${r0}/position`, { position: 1 }],
      ['organiser', 'delete', `${e}/rooms/${r0}`, undefined],
      ['organiser', 'post', `${e}/slots`, { startsAt: '14:00', endsAt: '14:45' }],
      ['organiser', 'patch', `${e}/slots/${s0}`, { startsAt: '09:00', endsAt: '09:45' }],
      ['organiser', 'put', `${e}/slots/${s0}/position`, { position: 1 }],
      ['organiser', 'delete', `${e}/slots/${s0}`, undefined],
      ['organiser', 'post', `${e}/sessions/${waiting}/restore`, undefined],
      ['organiser', 'get', `${e}/hidden`, undefined],
      ['organiser', 'post', `${e}/organiser-link`, undefined],
      ['organiser', 'post', `${e}/facilitator-link`, undefined],
      ['organiser', 'delete', `${e}/notes/${note}`, undefined],
      ['organiser', 'post', `${e}/notes/${note}/restore`, undefined],
      ['facilitator', 'put', `${e}/sessions/${waiting}/placement`, { roomId: r1, slotId: s0 }],
      ['facilitator', 'delete', `${e}/sessions/${placed}/placement`, {}],
      ['facilitator', 'post', `${e}/sessions/${placed}/swap`, { withSessionId: waiting, expectedVersion: 2, withExpectedVersion: 2 }],
      ['facilitator', 'post', `${e}/merges`, { sessionIds: [waiting, third], primaryId: waiting }],
      ['facilitator', 'post', `${e}/links`, { sessionIds: [waiting, third] }],
      ['facilitator', 'post', `${e}/dismissals`, { sessionIds: [waiting, third] }],
      ['facilitator', 'get', `${e}/history`, undefined],
      ['facilitator', 'post', `${e}/history/1/undo`, {}],
      ['pitcher', 'patch', `${e}/sessions/${waiting}`, { title: 'Taken over', pitcher: 'Mallory' }],
      ['pitcher', 'delete', `${e}/sessions/${waiting}`, undefined],
    ];
    const pages: [Right, string, object][] = [
      ['organiser', `${p}/admin/event`, { name: 'Renamed', date: '2026-07-01' }],
      ['organiser', `${p}/admin/rooms`, { name: 'Annexe' }],
      ['organiser', `${p}/admin/rooms/${r0}`, { name: 'Big Hall' }],
      ['organiser', `${p}/admin/rooms/${r0}/move`, { position: '1' }],
      ['organiser', `${p}/admin/rooms/${r0}/delete`, {}],
      ['organiser', `${p}/admin/slots`, { startsAt: '14:00', endsAt: '14:45' }],
      ['organiser', `${p}/admin/slots/${s0}`, { startsAt: '09:00', endsAt: '09:45' }],
      ['organiser', `${p}/admin/slots/${s0}/move`, { position: '1' }],
      ['organiser', `${p}/admin/slots/${s0}/delete`, {}],
      ['organiser', `${p}/admin/facilitator-link`, {}],
      ['organiser', `${p}/admin/organiser-link`, {}],
      ['organiser', `${p}/admin/sessions/${waiting}/restore`, {}],
      ['organiser', `${p}/notes/${note}/hide`, {}],
      ['organiser', `${p}/admin/notes/${note}/restore`, {}],
      ['facilitator', `${p}/s/${waiting}/place`, { cell: `${r1}:${s1}`, expectedVersion: '1' }],
      ['facilitator', `${p}/s/${placed}/unschedule`, {}],
      ['facilitator', `${p}/s/${placed}/swap`, { withSessionId: waiting, expectedVersion: '2', withExpectedVersion: '2' }],
      ['pitcher', `${p}/s/${waiting}/edit`, { title: 'Taken over', pitcher: 'Mallory' }],
      ['pitcher', `${p}/s/${waiting}/withdraw`, {}],
    ];

    const before = snapshot(t.db);
    const refused: string[] = [];
    for (const role of ROLES) {
      const browser = browsers[role];
      for (const [right, method, url, body] of api) {
        if (MAY[right].includes(role)) continue;
        const res = await browser[method](url).set(apiHeaders[role]).send(body);
        expect([role, method, url, res.status]).toEqual([role, method, url, 403]);
        refused.push(`${role} ${method} ${url}`);
      }
      const forms = await formsOf(browser);
      for (const [right, url, fields] of pages) {
        if (MAY[right].includes(role)) continue;
        const res = await forms.post(url, fields);
        expect([role, url, res.status]).toEqual([role, url, 403]);
        refused.push(`${role} POST ${url}`);
      }
      const admin = await browser.get(`${p}/admin`);
      expect([role, admin.status]).toEqual([role, 403]);
      refused.push(`${role} GET ${p}/admin`);
    }
    expect(snapshot(t.db)).toBe(before);
    // 16 organiser API commands × 5 roles + 8 facilitator × 4 + 2 pitcher × 5, and likewise for the
    // 14 + 3 + 2 page forms and the admin page.
    expect(refused).toHaveLength(16 * 5 + 8 * 4 + 2 * 5 + 14 * 5 + 3 * 4 + 2 * 5 + 5);
  });
});

describe('over sockets', () => {
  let h: Harness;
  let live: LiveServer;
  let eventId: string;
  let sessions: string[];
  let room: string;
  let slot: string;

  beforeEach(async () => {
    h = harness();
    live = await h.start({ rateLimits: 'off' });
    const s = live.services;
    eventId = s.events.create({ name: 'Camp', date: '2026-06-20', venue: '' }).event.id;
    room = s.grid.addRoom(eventId, { name: 'Hall', capacity: null }).value.id;
    slot = s.grid.addSlot(eventId, { label: '', startsAt: '10:00', endsAt: '11:00' }).value.id;
    sessions = ['Open data', 'Open data again', 'Design systems'].map(
      (title) => s.sessions.pitch(eventId, { title, notes: '', pitcher: 'Priya' }).value.id,
    );
  });

  afterEach(async () => {
    expect(live.loggedErrors).toEqual([]);
    await h.close();
  });

  let n = 0;
  const commandId = () => `command-${String(++n).padStart(6, '0')}`;

  async function joined(socket: ClientSocket): Promise<ClientSocket> {
    expect(await socket.emitWithAck('board:join', { eventId })).toMatchObject({ ok: true });
    return socket;
  }

  test('facilitator and organiser commands × anonymous, attendee, other attendee and another event’s organiser are refused', async () => {
    const other = live.services.events.create({ name: 'Another camp', date: '2026-06-20', venue: '' });
    const roles: [string, ClientSocket][] = [
      ['anonymous', await joined(h.connect(live))],
      ['attendee', await joined(h.connect(live, { browser: 'attendee-aaaaaaaaaaaa' }))],
      ['other attendee', await joined(h.connect(live, { browser: 'attendee-bbbbbbbbbbbb' }))],
      ['organiser of another event', await joined(h.connect(live, { token: other.adminToken }))],
    ];
    const [a, b, c] = sessions as [string, string, string];
    const note = live.services.notes.add(eventId, a, { author: 'Sam', body: 'A note' }).value.id;
    const commands = (): [string, object][] => [
      ['session:move', { commandId: commandId(), sessionId: a, roomId: room, slotId: slot, expectedVersion: 1 }],
      ['session:unschedule', { commandId: commandId(), sessionId: a, expectedVersion: 1 }],
      ['suggestion:merge', { commandId: commandId(), sessionIds: [a, b], primaryId: a }],
      ['suggestion:link', { commandId: commandId(), sessionIds: [b, c] }],
      ['suggestion:dismiss', { commandId: commandId(), sessionIds: [a, c] }],
      ['history:undo', { commandId: commandId(), entryId: 1 }],
      ['session:swap', { commandId: commandId(), sessionId: a, withSessionId: b, expectedVersion: 1, withExpectedVersion: 1 }],
      ['note:hide', { commandId: commandId(), noteId: note }],
    ];
    const before = snapshot(live.db);
    let refused = 0;
    for (const [role, socket] of roles) {
      for (const [event, payload] of commands()) {
        const ack = (await (socket.emitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, payload)) as {
          ok: boolean;
          error?: { code: string };
        };
        expect([role, event, ack.ok, ack.error?.code]).toEqual([role, event, false, 'forbidden']);
        refused++;
      }
    }
    expect(refused).toBe(4 * 8);
    expect(snapshot(live.db)).toBe(before);
  });

  test('a new organiser link ends the organiser rights of a socket joined with the old one at once', async () => {
    const { event, adminToken } = live.services.events.create({ name: 'Own camp', date: '2026-06-20', venue: '' });
    const ownEvent = event.id;
    const room2 = live.services.grid.addRoom(ownEvent, { name: 'Hall', capacity: null }).value.id;
    const slot2 = live.services.grid.addSlot(ownEvent, { label: '', startsAt: '10:00', endsAt: '11:00' }).value.id;
    const session = live.services.sessions.pitch(ownEvent, { title: 'Maps', notes: '', pitcher: 'Sam' }).value.id;
    const socket = h.connect(live, { token: adminToken });
    expect(await socket.emitWithAck('board:join', { eventId: ownEvent })).toMatchObject({ ok: true, data: { organiser: true } });
    live.services.events.newAdminToken(ownEvent);
    const ack = await socket.emitWithAck('session:move', {
      commandId: commandId(),
      sessionId: session,
      roomId: room2,
      slotId: slot2,
      expectedVersion: 1,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('a withdrawn pitch leaves every viewer’s board live', async () => {
    const viewer = await joined(h.connect(live));
    const fresh = new Promise<string[]>((resolve) => viewer.once('board:state', (board) => resolve(board.sessions.map((s) => s.id))));
    live.services.sessions.hide(eventId, sessions[0]!, 'withdrawn');
    expect(await fresh).toEqual(sessions.slice(1));
  });

  test('random and malformed payloads to every socket command: no internal error, and a refusal changes nothing', async () => {
    const facilitator = await joined(
      h.connect(live, { token: live.services.facilitation.newFacilitatorToken(eventId), browser: 'facilitator-cccccccccc' }),
    );
    const events = [
      'board:join',
      'session:pitch',
      'session:move',
      'session:unschedule',
      'session:interest',
      'suggestion:merge',
      'suggestion:link',
      'suggestion:dismiss',
      'history:undo',
    ];
    const known = fc.constantFrom(...sessions, room, slot, eventId, 'id-9999', '', '../etc', '<script>');
    const payload = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record(
        {
          eventId: known,
          commandId: fc.oneof(fc.string({ maxLength: 70 }), fc.constant('command-fixed-1')),
          sessionId: known,
          sessionIds: fc.array(known, { maxLength: 12 }),
          primaryId: known,
          roomId: known,
          slotId: known,
          entryId: fc.oneof(fc.integer(), fc.string()),
          interested: fc.anything({ maxDepth: 1 }),
          expectedVersion: fc.anything({ maxDepth: 1 }),
          title: fc.string({ maxLength: 200 }),
          pitcher: fc.string({ maxLength: 100 }),
          notes: fc.anything({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
    );
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), payload, async (event, body) => {
        const before = snapshot(live.db);
        const ack = (await (facilitator.emitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, body)) as {
          ok: boolean;
          error?: { code: string };
        };
        tried++;
        expect([event, ack.error?.code]).not.toEqual([event, 'internal']);
        if (!ack.ok) expect(snapshot(live.db)).toBe(before);
        // A join may have left this board (or failed): join it again so later commands act on it.
        if (event === 'board:join') await facilitator.emitWithAck('board:join', { eventId });
      }),
      { numRuns: 400, seed: 29 },
    );
    expect(tried).toBe(400);
  });
});
