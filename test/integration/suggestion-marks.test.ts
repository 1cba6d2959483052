/**
 * What changes of the suggestions reach whom: facilitators get the whole suggestions after every
 * analysis that changed them (their relation and grid wording follow every move); everyone else
 * gets the marks (`{ id, sessions }`) only when those change, so a move sends them nothing. At
 * 2,000 viewers, re-sending the marks after every move's analysis delayed the moves themselves
 * (docs/benchmarks-log.md, fourth round).
 */
import { overlapMarks, type OverlapMark, type SessionsChanged, type Suggestion } from '../../server/protocol/events';
import { commandId, okData, once, record, send, type ClientSocket } from './realtime.helpers';
import { camp, pitch, twoAboutCode, type Camp, type Kit, type Live, kitPerTest } from './facilitation.helpers';

let k: Kit;
let live: Live;
let ev: Camp;
let ids: [string, string];

kitPerTest((started) => ({ k, live } = started));
beforeEach(() => {
  ev = camp(live.services);
  ids = twoAboutCode(live.services, ev.eventId);
  live.services.sessions.place(ev.eventId, ids[0], { roomId: ev.rooms[0], slotId: ev.slots[0] });
  live.services.sessions.place(ev.eventId, ids[1], { roomId: ev.rooms[1], slotId: ev.slots[1] });
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

async function move(socket: ClientSocket, sessionId: string, slotId: string, label: string): Promise<void> {
  const { version } = live.services.events.board(ev.eventId).sessions.find((s) => s.id === sessionId)!;
  okData(
    await send<SessionsChanged>(socket, 'session:move', {
      commandId: commandId(label),
      sessionId,
      roomId: ev.rooms[1],
      slotId,
      expectedVersion: version,
    }),
  );
}

test('moves reach facilitators alone, even when the pair starts to clash; a new overlap reaches every board', async () => {
  const before = await live.services.suggestions.refresh(ev.eventId);
  expect(before).toEqual([expect.objectContaining({ sessions: [...ids].sort(), relation: 'different-slots' })]);
  const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
  const attendee = await k.join(live, ev.eventId);
  expect(attendee.joined.suggestions).toEqual([{ id: [...ids].sort().join('+'), sessions: [...ids].sort() }]);
  const attendeeSaw = record(attendee.socket);

  // 11:00 → 14:00: the wording changes. 14:00 → 10:00, next to the other one: the pair now clashes.
  const later = wordingOnce(facilitator.socket, /14:00 \(Library\)/);
  await move(facilitator.socket, ids[1], ev.slots[2], 'later');
  expect((await later)[0]).toMatchObject({
    relation: 'different-slots',
    where: 'They run at 10:00 (Main Hall) and 14:00 (Library): link them so people can follow the thread.',
  });
  const clashing = wordingOnce(facilitator.socket, /people must choose/);
  await move(facilitator.socket, ids[1], ev.slots[0], 'clash');
  expect((await clashing)[0]).toMatchObject({ relation: 'same-slot' });
  // A round trip after those broadcasts: anything sent to the attendee with them has arrived by now.
  okData(await send(attendee.socket, 'board:join', { eventId: ev.eventId }));
  expect(attendeeSaw.filter((e) => e.event === 'session:changed')).toHaveLength(2);
  expect(attendeeSaw.map((e) => e.event)).not.toContain('suggestions:changed');

  // A third pitch on the same subject is a new overlap: every board gets the marks, once.
  const marks = once(attendee.socket, 'suggestions:changed');
  const whole = wordingOnce(facilitator.socket, /./);
  const third = pitch(live.services, ev.eventId, 'How councils can share code', 'Ade');
  const [seenByAttendee, seenByFacilitator] = await Promise.all([marks, whole]);
  expect(seenByAttendee).toEqual(overlapMarks(seenByFacilitator));
  expect((seenByAttendee as OverlapMark[]).flatMap((m) => m.sessions)).toContain(third);
  expect(seenByAttendee[0]).not.toHaveProperty('relation');
});
