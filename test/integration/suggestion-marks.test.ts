/**
 * What a move sends about suggestions: facilitators get the whole suggestions whenever they change
 * (their grid wording follows every move), everyone else only when the marks their board shows
 * (`{ id, sessions, relation }`) change. At 2,000 viewers, re-sending unchanged marks after every
 * move's analysis delayed the moves themselves (docs/benchmarks.md, fourth round).
 */
import { overlapMarks, type OverlapMark, type SessionsChanged, type Suggestion } from '../../server/protocol/events';
import { commandId, okData, once, record, send, type ClientSocket } from './realtime.helpers';
import { camp, kit, pitch, type Camp, type Kit, type Live } from './facilitation.helpers';

let k: Kit;
let live: Live;
let ev: Camp;
let ids: [string, string];

beforeEach(async () => {
  k = kit();
  live = await k.start();
  ev = camp(live.services);
  ids = [
    pitch(live.services, ev.eventId, "Why can't councils share code?", 'Priya'),
    pitch(live.services, ev.eventId, 'Sharing code between councils', 'Sam'),
  ];
  live.services.sessions.place(ev.eventId, ids[0], { roomId: ev.rooms[0], slotId: ev.slots[0] });
  live.services.sessions.place(ev.eventId, ids[1], { roomId: ev.rooms[1], slotId: ev.slots[1] });
});

afterEach(async () => {
  await k.close();
  expect(live.loggedErrors).toEqual([]);
});

/** The next 'suggestions:changed' on the facilitator's socket whose suggestion for the pair says `where`. */
function wordingOnce(socket: ClientSocket, where: RegExp): Promise<Suggestion[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no suggestion wording ${where} within 10 s`)), 10_000);
    const listener = (list: Suggestion[] | OverlapMark[]) => {
      const wanted = (list as Suggestion[]).find((s) => s.sessions.includes(ids[1]));
      if (!wanted || !where.test(wanted.where)) return;
      clearTimeout(timer);
      socket.off('suggestions:changed', listener);
      resolve(list as Suggestion[]);
    };
    socket.on('suggestions:changed', listener);
  });
}

async function move(socket: ClientSocket, sessionId: string, roomId: string, slotId: string, label: string): Promise<void> {
  const { version } = live.services.events.board(ev.eventId).sessions.find((s) => s.id === sessionId)!;
  okData(await send<SessionsChanged>(socket, 'session:move', { commandId: commandId(label), sessionId, roomId, slotId, expectedVersion: version }));
}

test('a move that changes only the wording reaches facilitators alone; one that makes the pair clash reaches every board', async () => {
  const before = await live.services.suggestions.refresh(ev.eventId);
  expect(before).toEqual([expect.objectContaining({ sessions: [...ids].sort(), relation: 'different-slots' })]);
  const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
  const attendee = await k.join(live, ev.eventId);
  expect(attendee.joined.suggestions).toEqual(overlapMarks(before));
  const attendeeSaw = record(attendee.socket);

  // 11:00 → 14:00: still in different slots; only the wording changes.
  const reworded = wordingOnce(facilitator.socket, /14:00 \(Library\)/);
  await move(facilitator.socket, ids[1], ev.rooms[1], ev.slots[2], 'later');
  expect((await reworded)[0]).toMatchObject({ relation: 'different-slots', where: '10:00 (Main Hall) and 14:00 (Library): link them so people can follow the thread.' });
  // A round trip after that broadcast: anything sent to the attendee with it has arrived by now.
  okData(await send(attendee.socket, 'board:join', { eventId: ev.eventId }));
  expect(attendeeSaw.map((e) => e.event)).toContain('session:changed');
  expect(attendeeSaw.map((e) => e.event)).not.toContain('suggestions:changed');

  // 14:00 → 10:00, next to the other one: the pair now clashes, and every board must mark it.
  const marks = once(attendee.socket, 'suggestions:changed');
  const clashing = wordingOnce(facilitator.socket, /people must choose/);
  await move(facilitator.socket, ids[1], ev.rooms[1], ev.slots[0], 'clash');
  const [seenByAttendee, seenByFacilitator] = await Promise.all([marks, clashing]);
  expect(seenByAttendee).toEqual([{ id: [...ids].sort().join('+'), sessions: [...ids].sort(), relation: 'same-slot' }]);
  expect(seenByAttendee).toEqual(overlapMarks(seenByFacilitator));
});
