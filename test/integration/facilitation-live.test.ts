/**
 * Live delivery with the bundled sentence encoder: a pitch from anyone reaches the detector off
 * the request path, and every viewer gets the suggestion; a facilitator's merge reaches everyone,
 * and the history only facilitators.
 */
import request from 'supertest';
import { overlapMarks, type FacilitationDone, type OverlapMark, type Suggestion } from '../../server/protocol/events';
import { browserCookie, commandId, okData, once, record, send, type ClientSocket } from './realtime.helpers';
import { camp, kit, type Kit, type Live } from './facilitation.helpers';

let k: Kit;
let live: Live;

beforeEach(async () => {
  k = kit();
  live = await k.start({ analysis: 'encoder' });
});

afterEach(async () => {
  await k.close();
  expect(live.loggedErrors).toEqual([]);
});

/** The first 'suggestions:changed' on `socket` that satisfies `wanted`, or a clear failure after `timeoutMs`. */
function suggestionsWhere(socket: ClientSocket, wanted: (s: OverlapMark[]) => boolean, timeoutMs = 10_000): Promise<OverlapMark[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('suggestions:changed', listener);
      reject(new Error(`no matching "suggestions:changed" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (suggestions: OverlapMark[]) => {
      if (!wanted(suggestions)) return;
      clearTimeout(timer);
      socket.off('suggestions:changed', listener);
      resolve(suggestions);
    };
    socket.on('suggestions:changed', listener);
  });
}

describe('suggestions, live', () => {
  test('two overlapping pitches (one by socket, one over HTTP) reach a facilitator and an attendee; the merge reaches both, the history only the facilitator', async () => {
    const ev = camp(live.services);
    const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    const attendee = await k.join(live, ev.eventId, { browser: browserCookie(1) });
    expect([facilitator.joined.facilitator, attendee.joined.facilitator]).toEqual([true, false]);
    expect(attendee.joined.history).toEqual([]);

    let ids: string[] = [];
    const isPair = (s: OverlapMark) => ids.length === 2 && ids.every((id) => s.sessions.includes(id));
    const hasPair = (list: OverlapMark[]) => list.some(isPair);
    const forFacilitator = suggestionsWhere(facilitator.socket, hasPair);
    const forAttendee = suggestionsWhere(attendee.socket, hasPair);

    const pitched = okData(
      await send<{ sessions: { id: string }[] }>(attendee.socket, 'session:pitch', {
        commandId: commandId('pitch-1'),
        title: "Why can't councils share code?",
        pitcher: 'Priya',
      }),
    );
    const second = await request(live.server.app)
      .post(`/api/events/${ev.eventId}/sessions`)
      .send({ title: 'Sharing code between councils', pitcher: 'Sam' })
      .expect(201);
    ids = [pitched.sessions[0]!.id, second.body.value.id as string];

    const [seenByFacilitator, seenByAttendee] = await Promise.all([forFacilitator, forAttendee]);
    // The attendee's board only marks the overlap; the facilitator gets the whole suggestion.
    expect(seenByAttendee).toEqual(overlapMarks(seenByFacilitator as Suggestion[]));
    expect(seenByAttendee.find(isPair)).not.toHaveProperty('reason');
    const suggestion = (seenByFacilitator as Suggestion[]).find(isPair)!;
    expect(suggestion).toMatchObject({
      id: [...ids].sort().join('+'),
      sessions: [...ids].sort(),
      relation: 'unscheduled',
      suggestion: 'merge',
      where: 'Not scheduled yet: merge them, or place them so they do not clash.',
    });
    expect(suggestion.reason).toMatch(/code/);
    expect(suggestion.sharedTerms).toEqual(expect.arrayContaining(['code', 'councils']));
    // Cached: each pitch was embedded once and its vector stored.
    expect(live.db.prepare('SELECT count(*) AS n FROM session_embeddings').get()).toEqual({ n: 2 });

    // The facilitator accepts the merge over the socket.
    const attendeeSaw = record(attendee.socket);
    const boardForFacilitator = once(facilitator.socket, 'board:state');
    const boardForAttendee = once(attendee.socket, 'board:state');
    const historyForFacilitator = once(facilitator.socket, 'history:changed');
    const emptied = suggestionsWhere(attendee.socket, (list) => !hasPair(list));
    const done = okData(
      await send<FacilitationDone>(facilitator.socket, 'suggestion:merge', {
        commandId: commandId('merge-1'),
        sessionIds: ids,
        primaryId: ids[1],
        title: 'Councils sharing code',
      }),
    );
    const [b1, b2] = await Promise.all([boardForFacilitator, boardForAttendee]);
    expect(b1).toEqual(b2);
    expect(b1.sessions).toEqual([expect.objectContaining({ id: ids[1], title: 'Councils sharing code', cohosts: ['Priya'] })]);
    expect(b1.event.version).toBe(done.version);
    expect(await historyForFacilitator).toEqual(done.history);
    expect(done.history[0]).toMatchObject({ action: 'merge', undoable: true });
    await emptied;

    // A round trip after the broadcast: anything meant for the attendee has arrived by now.
    okData(await send(attendee.socket, 'board:join', { eventId: ev.eventId }));
    expect(attendeeSaw.map((e) => e.event)).not.toContain('history:changed');
  });

  test('a late joiner gets the current suggestions in its join ack: whole for a facilitator, marks for anyone else', async () => {
    const ev = camp(live.services);
    live.services.sessions.pitch(ev.eventId, { title: "Why can't councils share code?", notes: '', pitcher: 'Priya' });
    live.services.sessions.pitch(ev.eventId, { title: 'Sharing code between councils', notes: '', pitcher: 'Sam' });
    const ready = await live.services.suggestions.refresh(ev.eventId);
    expect(ready).toHaveLength(1);
    const attendee = await k.join(live, ev.eventId);
    expect(attendee.joined.suggestions).toEqual([{ id: ready[0]?.id, sessions: ready[0]?.sessions }]);
    const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    expect(facilitator.joined.suggestions).toEqual(ready);
  });
});
