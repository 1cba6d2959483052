/**
 * "Same conversation as…" and "people want both" (issue 16), live: flags and shared interest reach
 * facilitators at once, hosts hear about flags on their sessions, and the public board shows none of it.
 */
import type { HostFlag, Suggestion } from '../../server/protocol/events';
import { browserCookie, record, type ClientSocket } from './realtime.helpers';
import { camp, kit, type Camp, type Kit, type Live } from './facilitation.helpers';

let k: Kit;
let live: Live;

beforeEach(async () => {
  k = kit();
  live = await k.start({ analysis: 'words' });
});

afterEach(async () => {
  await k.close();
  expect(live.loggedErrors).toEqual([]);
});

/** The first payload of `event` on `socket` that satisfies `wanted`, or a clear failure after 10 s. */
function next<T>(socket: ClientSocket, event: 'suggestions:changed' | 'flags:changed', wanted: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within 10 s`));
    }, 10_000);
    const listener = (payload: unknown) => {
      if (!wanted(payload as T)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload as T);
    };
    socket.on(event, listener);
  });
}

const HOST_A = browserCookie(10);
const HOST_B = browserCookie(11);

/** The three "collaborate" sessions of the issue, pitched from their hosts' browsers, all at 10:00 in three rooms. */
function collaborate(ev: Camp): [string, string, string] {
  const titles = ['Why can’t councils collaborate?', 'Working together across local government', 'Breaking down silos between authorities'];
  const hosts = [HOST_A, HOST_B, browserCookie(12)];
  const ids = titles.map((title, i) => {
    const id = live.services.sessions.pitch(ev.eventId, { title, notes: '', pitcher: `Host ${i}` }, undefined, hosts[i]).value.id;
    live.services.sessions.place(ev.eventId, id, { roomId: ev.rooms[i] as string, slotId: ev.slots[0] });
    return id;
  });
  return ids as [string, string, string];
}

const pairOf = (a: string, b: string) => (s: Suggestion) => s.sessions.length === 2 && s.sessions.includes(a) && s.sessions.includes(b);

describe('same conversation, live', () => {
  test('two people’s flags reach facilitators at once ("2 people say so") and the hosts of both sessions; the public board gets nothing', async () => {
    const ev = camp(live.services);
    const [a, b] = collaborate(ev);
    const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    const attendee = await k.join(live, ev.eventId, { browser: browserCookie(1) });
    const hostA = await k.join(live, ev.eventId, { browser: HOST_A });
    const hostB = await k.join(live, ev.eventId, { browser: HOST_B });
    const heardByAttendee = record(attendee.socket);

    const twoSay = next<Suggestion[]>(facilitator.socket, 'suggestions:changed', (list) =>
      list.some((s) => pairOf(a, b)(s) && s.flags === 2),
    );
    const toHostA = next<HostFlag[]>(hostA.socket, 'flags:changed', (flags) => flags.some((f) => f.flags === 2));
    const toHostB = next<HostFlag[]>(hostB.socket, 'flags:changed', (flags) => flags.some((f) => f.flags === 2));
    live.services.flags.flag(ev.eventId, a, b, browserCookie(2));
    live.services.flags.flag(ev.eventId, b, a, browserCookie(3));

    const suggestion = (await twoSay).find(pairOf(a, b));
    expect(suggestion).toMatchObject({
      tier: 'same',
      relation: 'same-slot',
      flags: 2,
      where: 'They run at the same time (10:00) in Main Hall and Library, so people must choose.',
    });
    expect(suggestion?.evidence[0]).toEqual({ kind: 'attendees', text: '2 people say so: “same conversation”.' });
    expect(await toHostA).toEqual([
      {
        sessionId: a,
        title: 'Why can’t councils collaborate?',
        otherId: b,
        otherTitle: 'Working together across local government',
        flags: 2,
        answer: null,
      },
    ]);
    expect((await toHostB)[0]).toMatchObject({ sessionId: b, otherId: a, flags: 2 });
    // Broadcasts are sent in one go: by now the attendee would have had anything meant for them.
    expect(heardByAttendee.filter((e) => e.event === 'flags:changed')).toEqual([]);
    const marks = heardByAttendee.filter((e) => e.event === 'suggestions:changed').flatMap((e) => e.payload as { sessions: string[] }[]);
    expect(marks.filter((m) => m.sessions.includes(a) && m.sessions.includes(b))).toEqual([]);
    // A board joined now is told nothing of it either; the host is told on joining.
    const later = await k.join(live, ev.eventId, { browser: browserCookie(4) });
    expect(later.joined.suggestions).toEqual([]);
    expect(later.joined.hostFlags).toEqual([]);
    expect((await k.join(live, ev.eventId, { browser: HOST_A })).joined.hostFlags).toHaveLength(1);
  });

  test('people who would go to both reach facilitators as a clash warning, never as "the same"', async () => {
    const ev = camp(live.services);
    const [a, b] = collaborate(ev);
    const facilitator = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    const warned = next<Suggestion[]>(facilitator.socket, 'suggestions:changed', (list) => list.some(pairOf(a, b)));
    for (const n of [1, 2, 3]) {
      live.services.sessions.showInterest(ev.eventId, a, browserCookie(n));
      live.services.sessions.showInterest(ev.eventId, b, browserCookie(n));
    }
    expect((await warned).find(pairOf(a, b))).toMatchObject({
      tier: 'related',
      suggestion: 'keep-apart',
      evidence: [{ kind: 'interest', text: '3 people would go to both.' }],
    });
  });

  test('an organiser clears the flags: kept, no longer counted, and the facilitators’ list follows', async () => {
    const ev = camp(live.services);
    const [a, b] = collaborate(ev);
    const organiser = await k.join(live, ev.eventId, { token: ev.adminToken });
    const flagged = next<Suggestion[]>(organiser.socket, 'suggestions:changed', (list) => list.some(pairOf(a, b)));
    live.services.flags.flag(ev.eventId, a, b, browserCookie(2));
    await flagged;
    const cleared = next<Suggestion[]>(organiser.socket, 'suggestions:changed', (list) => !list.some(pairOf(a, b)));
    const answer = await new Promise((resolve) =>
      organiser.socket.emit('flags:clear', { commandId: 'cmd-clear-xxxxxxxx', sessionIds: [a, b] }, resolve),
    );
    expect(answer).toEqual({ ok: true, data: { cleared: 1 } });
    await cleared;
    const [first, second] = [a, b].map((id) => live.services.sessions.get(ev.eventId, id).title);
    expect(live.services.activity.latest(ev.eventId)[0]).toMatchObject({
      action: 'flags',
      summary: `Cleared 1 “same conversation” flag about “${first}” and “${second}”.`,
    });
    expect(live.services.flags.forHost(ev.eventId, HOST_A)).toEqual([]);
    const attendee = await k.join(live, ev.eventId, { browser: browserCookie(5) });
    const refused = await new Promise((resolve) =>
      attendee.socket.emit('flags:clear', { commandId: 'cmd-clear-yyyyyyyy', sessionIds: [a, b] }, resolve),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
