/**
 * The schedule assistant over sockets, with a real server and its worker thread: a proposal
 * changes nothing, apply is one change every board sees, one undo restores the grid exactly, pinned
 * sessions stay, the same board gives the same proposal, and refusals say why.
 */
import type { Ack, ScheduleProposed } from '../../server/protocol/events';
import type { Services } from '../../server/services';
import {
  commandId,
  harness,
  joinBoard,
  once,
  send,
  type ClientSocket,
  type Harness,
  type LiveServer,
  type RawSocket,
} from './realtime.helpers';

/** A proposal runs in a worker that starts on first use (tsx compiles it): longer than a command's usual ack. */
const PROPOSE_MS = 60_000;

async function propose(socket: ClientSocket, moveExisting: boolean): Promise<Ack<ScheduleProposed>> {
  return (await (socket as unknown as RawSocket)
    .timeout(PROPOSE_MS)
    .emitWithAck('schedule:propose', { moveExisting })) as Ack<ScheduleProposed>;
}

const data = <T>(ack: Ack<T>): T => {
  if (!ack.ok) throw new Error(`refused: ${ack.error.message}`);
  return ack.data;
};

const grid = (services: Services, eventId: string) =>
  services.events
    .board(eventId)
    .sessions.map((s) => [s.id, s.roomId, s.slotId])
    .sort();

/** Two rooms (Hall 60 seats, Room B 10), three slots; "Data ethics" (30 want it) is squeezed into Room B next to "Open data", which the same people want. */
function seed(live: LiveServer) {
  const s = live.services;
  const { event, adminToken } = s.events.create({ name: 'Camp', date: '2026-12-05', venue: '', timeZone: 'UTC' });
  const hall = s.grid.addRoom(event.id, { name: 'Hall', capacity: 60 }).value.id;
  const small = s.grid.addRoom(event.id, { name: 'Room B', capacity: 10 }).value.id;
  const slots = ['10:00', '11:00', '12:00'].map(
    (at) => s.grid.addSlot(event.id, { label: '', startsAt: at, endsAt: `${at.slice(0, 2)}:45` }).value.id,
  );
  const pitch = (title: string, pitcher: string) => s.sessions.pitch(event.id, { title, notes: '', pitcher }).value.id;
  const ethics = pitch('Data ethics', 'Priya');
  const open = pitch('Open data portals', 'Sam');
  const garden = pitch('Gardening at work', 'Tom');
  const knit = pitch('Knitting circle', 'Ada');
  s.sessions.place(event.id, ethics, { roomId: small, slotId: slots[0] as string });
  s.sessions.place(event.id, open, { roomId: hall, slotId: slots[0] as string });
  for (let i = 0; i < 30; i++) {
    const browser = `browser-${String(i).padStart(10, '0')}`;
    s.sessions.showInterest(event.id, ethics, browser);
    if (i < 20) s.sessions.showInterest(event.id, open, browser);
  }
  return { eventId: event.id, adminToken, hall, small, slots, ethics, open, garden, knit };
}

describe('schedule assistant over sockets', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  test('a proposal changes nothing; apply changes the grid for every board at once; one undo restores it exactly', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    const viewer = await joinBoard(h, live, x.eventId);
    const before = grid(live.services, x.eventId);
    const version = live.services.events.get(x.eventId).version;

    const proposed = data(await propose(organiser.socket, true));
    expect(proposed.version).toBe(version);
    expect(live.services.events.get(x.eventId).version).toBe(version);
    expect(grid(live.services, x.eventId)).toEqual(before);
    const { proposal } = proposed;
    expect(proposal.feasible).toBe(true);
    expect(proposal.before).toMatchObject({ wantedBothClashes: 20, overCapacity: 20, unplaced: 2 });
    expect(proposal.after).toMatchObject({ wantedBothClashes: 0, overCapacity: 0, unplaced: 0, hardViolations: 0 });
    const moved = proposal.placements.find((p) => p.sessionId === x.ethics);
    expect(moved?.changed).toBe(true);
    expect(moved?.explanation).toContain('Moved away from “Open data portals” at 10:00, which 20 of the same people want.');

    const seen = [once(viewer.socket, 'board:state'), once(organiser.socket, 'board:state')];
    const applied = data(
      await send<{ version: number; history: { id: number; action: string }[] }>(organiser.socket, 'schedule:apply', {
        commandId: commandId('apply'),
        proposalId: proposed.proposalId,
      }),
    );
    expect(applied.version).toBe(version + 1);
    expect(applied.history[0]).toMatchObject({ action: 'schedule', undoable: true });
    const expected = proposal.placements.map((p) => [p.sessionId, p.to?.roomId ?? null, p.to?.slotId ?? null]).sort();
    expect(grid(live.services, x.eventId)).toEqual(expected);
    for (const board of await Promise.all(seen)) {
      expect(board.event.version).toBe(version + 1);
      expect(board.sessions.map((s) => [s.id, s.roomId, s.slotId]).sort()).toEqual(expected);
    }

    const undone = once(viewer.socket, 'board:state');
    const undo = await send(organiser.socket, 'history:undo', { commandId: commandId('undo'), entryId: applied.history[0]?.id });
    expect(undo.ok).toBe(true);
    expect((await undone).event.version).toBe(version + 2);
    expect(grid(live.services, x.eventId)).toEqual(before);
    // The organiser page's history says who applied it.
    expect(live.services.activity.latest(x.eventId).map((a) => [a.actor, a.summary])).toContainEqual([
      'Organiser',
      expect.stringMatching(/^Applied a schedule proposal: \d+ sessions? moved or placed\.$/),
    ]);

    const again = await send(organiser.socket, 'schedule:apply', { commandId: commandId('apply-again'), proposalId: proposed.proposalId });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('undo after a room was deleted: the session that was there goes back unscheduled, the rest back where they were', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    // Pinned while unscheduled, they stay off the grid, so nothing is proposed into Room B.
    for (const sessionId of [x.garden, x.knit]) {
      expect(
        await send(organiser.socket, 'session:pin', { commandId: commandId(`pin-${sessionId}`), sessionId, pinned: true }),
      ).toMatchObject({
        ok: true,
      });
    }
    const proposed = data(await propose(organiser.socket, true));
    const applied = data(
      await send<{ history: { id: number }[] }>(organiser.socket, 'schedule:apply', {
        commandId: commandId('apply'),
        proposalId: proposed.proposalId,
      }),
    );
    const ethics = () => live.services.events.board(x.eventId).sessions.find((s) => s.id === x.ethics);
    expect(ethics()?.roomId).toBe(x.hall);
    expect(live.services.grid.deleteRoom(x.eventId, x.small).value.unscheduled).toEqual([]);

    const undo = await send(organiser.socket, 'history:undo', { commandId: commandId('undo'), entryId: applied.history[0]?.id });
    expect(undo.ok).toBe(true);
    expect(ethics()).toMatchObject({ roomId: null, slotId: null });
    expect(live.services.events.board(x.eventId).sessions.find((s) => s.id === x.open)).toMatchObject({
      roomId: x.hall,
      slotId: x.slots[0],
    });
  });

  test('pinned sessions never move, and the same board gives the same proposal', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    const pinned = await send(organiser.socket, 'session:pin', { commandId: commandId('pin'), sessionId: x.ethics, pinned: true });
    expect(pinned).toMatchObject({ ok: true, data: { session: { sessionId: x.ethics, pinned: true } } });
    const first = data(await propose(organiser.socket, true)).proposal;
    const second = data(await propose(organiser.socket, true)).proposal;
    expect(second).toEqual(first);
    const placement = first.placements.find((p) => p.sessionId === x.ethics);
    expect(placement).toMatchObject({ fixed: true, changed: false, to: { roomId: x.small, slotId: x.slots[0] } });
  });

  test('apply is refused when the board changed since the proposal; discard changes nothing', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    const stale = data(await propose(organiser.socket, true));
    live.services.sessions.place(x.eventId, x.knit, { roomId: x.small, slotId: x.slots[2] as string });
    const before = grid(live.services, x.eventId);
    const refused = await send(organiser.socket, 'schedule:apply', { commandId: commandId('stale'), proposalId: stale.proposalId });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'The board changed since this proposal was made, so it was not applied. Ask for a new proposal.',
      },
    });
    expect(grid(live.services, x.eventId)).toEqual(before);

    const fresh = data(await propose(organiser.socket, true));
    const version = live.services.events.get(x.eventId).version;
    expect(await send(organiser.socket, 'schedule:discard', { proposalId: fresh.proposalId })).toEqual({
      ok: true,
      data: { discarded: true },
    });
    expect(live.services.events.get(x.eventId).version).toBe(version);
    expect(await send(organiser.socket, 'schedule:apply', { commandId: commandId('gone'), proposalId: fresh.proposalId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('apply is refused once a slot it moves people in or out of has started, and the grid stays as it was', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    const proposed = data(await propose(organiser.socket, true));
    expect(proposed.proposal.placements.find((p) => p.sessionId === x.ethics)).toMatchObject({
      changed: true,
      from: { slotId: x.slots[0] },
    });
    const before = grid(live.services, x.eventId);
    // From the proposal's morning (2026-11-29 09:00 UTC) to the event's day at 10:30, into the 10:00 slot.
    live.clock.advance(Date.parse('2026-12-05T10:30:00Z') - live.clock.now().getTime());
    const refused = await send(organiser.socket, 'schedule:apply', { commandId: commandId('late'), proposalId: proposed.proposalId });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'The 10:00 slot has started or is about to since this proposal was made, so it was not applied. Ask for a new proposal.',
      },
    });
    expect(grid(live.services, x.eventId)).toEqual(before);
  });

  test('more sessions than free cells: the proposal says so and lists what could not be placed', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    for (const title of ['Extra one', 'Extra two', 'Extra three'])
      live.services.sessions.pitch(x.eventId, { title, notes: '', pitcher: title });
    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    const { proposal } = data(await propose(organiser.socket, true));
    expect(proposal.feasible).toBe(false);
    expect(proposal.message).toBe(
      '7 sessions to place but only 6 free cells: 1 could not be placed. Add a room or a time slot, or leave some unscheduled.',
    );
    expect(proposal.unplaced).toHaveLength(1);
  });

  test('only the organiser may ask; rules, hands and availability are checked and kept', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const x = seed(live);
    const viewer = await joinBoard(h, live, x.eventId);
    expect(await propose(viewer.socket, true)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(viewer.socket, 'session:pin', { commandId: commandId('pin'), sessionId: x.ethics, pinned: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const organiser = await joinBoard(h, live, x.eventId, { token: x.adminToken });
    const badTime = await send(organiser.socket, 'session:availability', {
      commandId: commandId('avail'),
      sessionId: x.garden,
      availability: 'after lunch-ish',
    });
    expect(badTime).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('Could not read availability “after lunch-ish”') as unknown },
    });
    const pitched = await send(viewer.socket, 'session:pitch', {
      commandId: commandId('pitch'),
      title: 'Late one',
      notes: '',
      pitcher: 'Lee',
      availability: 'not before 12:00',
    });
    expect(pitched.ok).toBe(true);
    expect(await send(organiser.socket, 'session:hands', { commandId: commandId('hands'), sessionId: x.garden, hands: 45 })).toMatchObject({
      ok: true,
    });
    const rule = await send<{ rules: { id: number; kind: string }[] }>(organiser.socket, 'schedule:rule-add', {
      commandId: commandId('rule'),
      kind: 'apart',
      a: x.garden,
      b: x.knit,
    });
    expect(data(rule).rules).toMatchObject([{ kind: 'apart' }]);
    const available = await send(organiser.socket, 'session:availability', {
      commandId: commandId('avail-ethics'),
      sessionId: x.ethics,
      availability: 'not before 10:00',
    });
    expect(available.ok).toBe(true);
    const pinned = await send(organiser.socket, 'session:pin', { commandId: commandId('pin-ethics'), sessionId: x.ethics, pinned: true });
    expect(pinned.ok).toBe(true);
    const logged = live.services.activity.latest(x.eventId).map((a) => a.summary);
    expect(logged).toContain('Pinned “Data ethics” where it is.');
    expect(logged).toContain('Counted 45 hands for “Gardening at work”.');
    expect(logged).toContain('Set when “Data ethics” can run: not before 10:00.');
    expect(logged).toContainEqual(
      expect.stringMatching(
        /^Added a pair rule: (“Gardening at work” and “Knitting circle”|“Knitting circle” and “Gardening at work”) never at the same time\.$/,
      ),
    );

    const { proposal } = data(await propose(organiser.socket, false));
    const to = (id: string) => proposal.placements.find((p) => p.sessionId === id)?.to;
    expect(to(x.garden)?.slotId).not.toBe(to(x.knit)?.slotId);
    expect(to(x.garden)?.roomId).toBe(x.hall);
    const late = live.services.events.board(x.eventId).sessions.find((s) => s.title === 'Late one');
    expect(to(late?.id as string)?.slotId).toBe(x.slots[2]);
    expect(proposal.placements.find((p) => p.sessionId === x.ethics)?.changed).toBe(false);
    const planning = data(
      await send<{ sessions: { sessionId: string; availability: string }[] }>(organiser.socket, 'schedule:planning', {}),
    );
    expect(planning.sessions.find((p) => p.sessionId === late?.id)?.availability).toBe('not before 12:00');
  });
});
