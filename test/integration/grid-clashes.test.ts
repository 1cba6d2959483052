/**
 * Clashes on the grid (issue 16.5): a move into a slot where a similar or "wanted both" session runs
 * in another room succeeds; everyone who may move sessions sees the card say so, live and on the
 * first paint, with "Move to the next free slot". Attendees never get the pairs, flags never make
 * one, and a dismissed pair never warns.
 */
import request from 'supertest';
import type { ClashPair, Joined, SessionsChanged } from '../../server/protocol/events';
import { applySessionsChanged } from '../../client/state';
import { cardContext, cardModel } from '../../views/shared/card';
import { organiserAgent, formsOf } from '../helpers/app';
import { dom } from '../helpers/html';
import { camp, kitPerTest, pitch, twoAboutCode, type Camp, type Kit, type Live } from './facilitation.helpers';
import { browserCookie, commandId, okData, once, record, send } from './realtime.helpers';

let k: Kit;
let live: Live;
kitPerTest((started) => ({ k, live } = started));

afterEach(() => expect(live.loggedErrors).toEqual([]));

const pairIds = (pairs: readonly ClashPair[]) => pairs.map((p) => p.sessions.join('+'));
const sorted = (a: string, b: string) => [a, b].sort().join('+');

/** The test clock's day (START, 09:00 in London): the 10:00 slot is next to start, so nothing moves in or out of it. */
const TODAY = '2026-11-29';
/** A week after the test clock's day: no slot has started or is next. */
const NEXT_WEEK = '2026-12-06';

/**
 * Two sessions about sharing code: Sam's in the Library at 10:00, Priya's unscheduled. Analysed.
 * The event is on `date`.
 */
async function twoOnTheGrid(date = NEXT_WEEK): Promise<{ ev: Camp; priya: string; sam: string }> {
  const ev = camp(live.services);
  live.services.events.update(ev.eventId, { name: 'LocalGovCamp 2026', date });
  const [priya, sam] = twoAboutCode(live.services, ev.eventId);
  live.services.sessions.place(ev.eventId, sam, { roomId: ev.rooms[1], slotId: ev.slots[0] });
  await live.services.suggestions.refresh(ev.eventId);
  return { ev, priya, sam };
}

/** The card of `sessionId` as an organiser's live board draws it from what its socket was sent. */
function organiserCard(joined: Joined, change: SessionsChanged, sessionId: string) {
  const { board } = applySessionsChanged(joined.board, change);
  const viewer = { organiser: true, facilitator: true, interested: new Set<string>() };
  const ctx = cardContext({ board, viewer, marks: joined.suggestions, clashes: joined.clashes, mode: 'board', live: true });
  return cardModel(
    board.sessions.find((s) => s.id === sessionId)!,
    ctx,
  );
}

describe('moving a session into a clash', () => {
  test('succeeds, and another organiser’s board draws the warning and the next free slot at once', async () => {
    const { ev, priya, sam } = await twoOnTheGrid();
    const mover = await k.join(live, ev.eventId, { token: ev.adminToken });
    const other = await k.join(live, ev.eventId, { token: ev.adminToken });
    const attendee = await k.join(live, ev.eventId);
    expect(pairIds(other.joined.clashes)).toEqual([sorted(priya, sam)]);
    expect(other.joined.clashes[0]?.why).toMatch(/^both about .*cod/);
    expect(attendee.joined.clashes).toEqual([]);

    const heard = once(other.socket, 'session:changed');
    const version = live.services.sessions.get(ev.eventId, priya).version;
    const moved = okData(
      await send<SessionsChanged>(mover.socket, 'session:move', {
        commandId: commandId('clash'),
        sessionId: priya,
        roomId: ev.rooms[0],
        slotId: ev.slots[0],
        expectedVersion: version,
      }),
    );
    expect(moved.sessions[0]).toMatchObject({ id: priya, roomId: ev.rooms[0], slotId: ev.slots[0] });

    const card = organiserCard(other.joined, await heard, priya);
    expect(card.classes).toContain('clashing');
    expect(card.lines.filter((l) => l.kind.startsWith('clash')).map((l) => l.text)).toEqual([
      `Clashes with “Sharing code between councils” (Library): ${other.joined.clashes[0]?.why}`,
      'Next free slot without a clash: Main Hall at 11:00',
    ]);
    expect(card.controls?.nextFree).toEqual({ roomId: ev.rooms[0], slotId: ev.slots[1], place: 'Main Hall at 11:00' });
  });

  test('without scripts, the organiser’s board and the session page show the warning, and the form moves it to the next free slot', async () => {
    const { ev, priya } = await twoOnTheGrid();
    live.services.sessions.place(ev.eventId, priya, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    pitch(live.services, ev.eventId, 'Gardening at lunch', 'Kim');
    const organiser = await organiserAgent(live.server.app, ev);

    const board = dom((await organiser.get(`/e/${ev.eventId}`).expect(200)).text);
    const card = board(`#session-${priya}`);
    expect(card.hasClass('clashing')).toBe(true);
    expect(card.find('.marker.clash').text()).toContain('Clashes with “Sharing code between councils” (Library)');
    const page = dom((await organiser.get(`/e/${ev.eventId}/s/${priya}`).expect(200)).text);
    expect(page('.clash-note .marker.clash').text()).toContain('Clashes with “Sharing code between councils” (Library)');
    expect(page('.clash-note input[name="cell"]').val()).toBe(`${ev.rooms[0]}:${ev.slots[1]}`);

    const form = card.find('.next-free-button').closest('form');
    const fields: Record<string, string> = {};
    form.find('input[type="hidden"]').each((_i, el) => {
      fields[el.attribs.name ?? ''] = el.attribs.value ?? '';
    });
    const forms = await formsOf(organiser, `/e/${ev.eventId}`);
    await forms.post(form.attr('action')!, fields).expect(303);
    expect(live.services.sessions.get(ev.eventId, priya)).toMatchObject({ roomId: ev.rooms[0], slotId: ev.slots[1] });
    const after = dom((await organiser.get(`/e/${ev.eventId}`).expect(200)).text);
    expect(after(`#session-${priya}`).hasClass('clashing')).toBe(false);
    expect(after('.next-free-button').length).toBe(0);
  });

  test('the form skips rooms too small for the hands counted at the pitch, and moves it to one that seats them', async () => {
    const { ev, priya } = await twoOnTheGrid();
    live.services.sessions.place(ev.eventId, priya, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    live.services.grid.updateRoom(ev.eventId, ev.rooms[0], { name: 'Main Hall', capacity: 20 });
    live.services.grid.updateRoom(ev.eventId, ev.rooms[1], { name: 'Library', capacity: 10 });
    live.services.schedule.setHands(ev.eventId, priya, 25);
    const organiser = await organiserAgent(live.server.app, ev);

    const board = dom((await organiser.get(`/e/${ev.eventId}`).expect(200)).text);
    const card = board(`#session-${priya}`);
    expect(card.find('.marker.clash-fix').text()).toBe('Next free slot without a clash: Room 3 at 11:00');
    const form = card.find('.next-free-button').closest('form');
    expect(form.find('input[name="cell"]').val()).toBe(`${ev.rooms[2]}:${ev.slots[1]}`);
    const forms = await formsOf(organiser, `/e/${ev.eventId}`);
    await forms
      .post(form.attr('action')!, {
        cell: String(form.find('input[name="cell"]').val()),
        expectedVersion: String(form.find('input[name="expectedVersion"]').val()),
        from: 'board',
      })
      .expect(303);
    expect(live.services.sessions.get(ev.eventId, priya)).toMatchObject({ roomId: ev.rooms[2], slotId: ev.slots[1] });
  });

  test('a pinned session is not offered the move: its card and its page say why', async () => {
    const { ev, priya } = await twoOnTheGrid();
    live.services.sessions.place(ev.eventId, priya, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    live.services.schedule.pin(ev.eventId, priya, true);
    const organiser = await organiserAgent(live.server.app, ev);

    const board = dom((await organiser.get(`/e/${ev.eventId}`).expect(200)).text);
    const card = board(`#session-${priya}`);
    expect(card.hasClass('clashing')).toBe(true);
    expect(card.find('.marker.clash-fix').text()).toBe('Pinned where it is: unpin it to move it.');
    expect(card.find('.next-free-button').length).toBe(0);
    const page = dom((await organiser.get(`/e/${ev.eventId}/s/${priya}`).expect(200)).text);
    expect(page('.clash-note .marker.clash-fix').text()).toBe('Pinned where it is: unpin it to move it.');
    expect(page('.clash-note .next-free-button').length).toBe(0);
  });

  test('a session in the slot about to start is not offered the move, on a facilitator’s board too', async () => {
    const { ev, priya } = await twoOnTheGrid(TODAY);
    live.services.sessions.place(ev.eventId, priya, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    const facilitator = request.agent(live.server.app);
    await facilitator.get(`/e/${ev.eventId}/facilitate`).query({ key: ev.facilitatorToken }).expect(303);

    const board = dom((await facilitator.get(`/e/${ev.eventId}`).expect(200)).text);
    const card = board(`#session-${priya}`);
    expect(card.hasClass('clashing')).toBe(true);
    expect(card.find('.marker.clash-fix').text()).toBe('Its slot is running, over or next to start: it stays where it is.');
    expect(card.find('.next-free-button').length).toBe(0);
  });

  test('the public board shows no clash, whatever the grid', async () => {
    const { ev, priya } = await twoOnTheGrid();
    live.services.sessions.place(ev.eventId, priya, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    const board = dom((await request(live.server.app).get(`/e/${ev.eventId}`).expect(200)).text);
    expect(board('.clashing, .marker.clash, .next-free-button').length).toBe(0);
  });
});

describe('what warns', () => {
  test('pairs people want both of reach organisers when they change, and never attendees', async () => {
    const { ev } = await twoOnTheGrid();
    const maps = pitch(live.services, ev.eventId, 'Mapping the town’s trees', 'Kim');
    const knit = pitch(live.services, ev.eventId, 'Knitting for beginners', 'Lou');
    await live.services.suggestions.refresh(ev.eventId);
    const organiser = await k.join(live, ev.eventId, { token: ev.adminToken });
    const attendee = await k.join(live, ev.eventId);
    const seen = record(attendee.socket);

    const changed = once(organiser.socket, 'clashes:changed');
    for (const n of [1, 2, 3]) {
      live.services.sessions.showInterest(ev.eventId, maps, browserCookie(n));
      live.services.sessions.showInterest(ev.eventId, knit, browserCookie(n));
    }
    const pairs = await changed;
    expect(pairs.find((p) => p.sessions.join('+') === sorted(maps, knit))?.why).toBe('3 people want both');
    expect(seen.filter((e) => e.event === 'clashes:changed')).toEqual([]);
  });

  test('a dismissed pair stops warning, and attendees’ flags never make one', async () => {
    const { ev, priya, sam } = await twoOnTheGrid();
    const maps = pitch(live.services, ev.eventId, 'Mapping the town’s trees', 'Kim');
    const knit = pitch(live.services, ev.eventId, 'Knitting for beginners', 'Lou');
    live.services.flags.flag(ev.eventId, maps, knit, browserCookie(1));
    live.services.flags.flag(ev.eventId, maps, knit, browserCookie(2));
    const organiser = await k.join(live, ev.eventId, { token: ev.adminToken });
    expect(pairIds(organiser.joined.clashes)).toEqual([sorted(priya, sam)]);

    const changed = once(organiser.socket, 'clashes:changed');
    live.services.facilitation.dismiss(ev.eventId, { sessionIds: [priya, sam] });
    expect(await changed).toEqual([]);
    expect(live.services.suggestions.clashes(ev.eventId)).toEqual([]);
  });
});
