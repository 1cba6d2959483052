/**
 * Merge and undo: a merge makes several sessions one without losing anything, and an undo puts
 * every stored row back exactly as it was, or refuses and changes nothing.
 */
import request from 'supertest';
import type { Board, Session } from '../../server/domain/types';
import type { FacilitationDone, HistoryItem } from '../../server/protocol/events';
import { LIMITS } from '../../server/protocol/schemas';
import { bearer } from '../helpers/app';
import { browserCookie, commandId, okData, send } from './realtime.helpers';
import {
  camp,
  pitch,
  restoredRows,
  rowsOf,
  versionsOf,
  withoutVersion,
  type Camp,
  type Kit,
  type Live,
  kitPerTest,
} from './facilitation.helpers';

let k: Kit;
let live: Live;
let ev: Camp;

kitPerTest((started) => ({ k, live } = started));
beforeEach(() => {
  ev = camp(live.services);
});

const api = () => request(live.server.app);
const board = async (): Promise<Board> => (await api().get(`/api/events/${ev.eventId}/board`).expect(200)).body as Board;
const card = (b: Board, id: string): Session | undefined => b.sessions.find((s) => s.id === id);
const interest = (sessionId: string, ...browsers: number[]) => {
  for (const n of browsers) live.services.sessions.showInterest(ev.eventId, sessionId, browserCookie(n));
};
const history = async (): Promise<HistoryItem[]> =>
  (await api().get(`/api/events/${ev.eventId}/history`).set(bearer(ev.facilitatorToken)).expect(200)).body as HistoryItem[];
const undo = (entryId: number) => api().post(`/api/events/${ev.eventId}/history/${entryId}/undo`).set(bearer(ev.facilitatorToken));
const merge = (body: object) => api().post(`/api/events/${ev.eventId}/merges`).set(bearer(ev.facilitatorToken)).send(body);

/**
 * Three pitches about sharing code: one scheduled in Main Hall at 10:00, one unscheduled that
 * already has a co-host (an earlier merge), one in the Library at 11:00. Browsers 2 and 3 each
 * said "I'd go" to two of them. A and C were dismissed as a pair earlier.
 */
async function threeAboutCode() {
  const s = live.services;
  const a = pitch(s, ev.eventId, 'Sharing code between councils', 'Priya', 'Why build the same thing 300 times?');
  const b = pitch(s, ev.eventId, "Why can't councils share code?", 'Sam', 'Open source in local government.');
  const c = pitch(s, ev.eventId, 'Reusing code across councils', 'Tom');
  const d = pitch(s, ev.eventId, 'Publishing council code on GitHub', 'Dee', 'Licences and repos.');
  s.sessions.place(ev.eventId, a, { roomId: ev.rooms[0], slotId: ev.slots[0] });
  s.sessions.place(ev.eventId, c, { roomId: ev.rooms[1], slotId: ev.slots[1] });
  interest(a, 1, 2);
  interest(b, 2, 3);
  interest(c, 3, 4);
  interest(d, 5);
  live.clock.advance(60_000);
  s.facilitation.merge(ev.eventId, { sessionIds: [b, d], primaryId: b });
  s.facilitation.dismiss(ev.eventId, { sessionIds: [a, c] });
  live.clock.advance(60_000);
  return { a, b, c, d };
}

describe('merging three sessions', () => {
  test('the primary takes the chosen title, every note, every pitcher as co-host, one cell, and each browser once', async () => {
    const { a, b, c, d } = await threeAboutCode();
    const res = await merge({ sessionIds: [b, a, c], primaryId: b, title: 'Councils sharing code' }).expect(201);
    const merged = res.body.value as Session;

    expect(merged).toMatchObject({ id: b, title: 'Councils sharing code', pitcher: 'Sam', cohosts: ['Dee', 'Priya', 'Tom'] });
    expect(merged.notes).toContain('Open source in local government.');
    expect(merged.notes).toContain('Licences and repos.');
    expect(merged.notes).toContain('From “Sharing code between councils” by Priya:\nWhy build the same thing 300 times?');
    expect(merged.notes).toContain('From “Reusing code across councils” by Tom');
    // Browsers 1–4 (and 5 from the earlier merge), browsers 2 and 3 counted once each.
    expect(merged.interest).toBe(5);

    const after = await board();
    expect(after.sessions.map((s) => s.id)).toEqual([b]);
    // The unscheduled primary took the first cell among the others; the Library at 11:00 is free.
    expect(card(after, b)).toMatchObject({ roomId: ev.rooms[0], slotId: ev.slots[0] });
    expect(live.db.prepare('SELECT count(*) AS n FROM sessions WHERE room_id IS NOT NULL').get()).toEqual({ n: 1 });
    expect(live.db.prepare('SELECT id, merged_into FROM sessions WHERE id IN (?, ?, ?) ORDER BY id').all(a, c, d)).toEqual([
      { id: a, merged_into: b },
      { id: c, merged_into: b },
      { id: d, merged_into: b },
    ]);
    expect((await history())[0]).toMatchObject({ action: 'merge', undoable: true });
  });

  test('a merged-away session’s page redirects to the session it became part of, and its API says not found', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [b, a, c], primaryId: b }).expect(201);
    await api().get(`/e/${ev.eventId}/s/${c}`).expect(302).expect('Location', `/e/${ev.eventId}/s/${b}`);
    await api().get(`/api/events/${ev.eventId}/sessions/${c}`).expect(404);
  });

  test('a scheduled primary keeps its own cell and the other’s cell is freed', async () => {
    const { a, c } = await threeAboutCode();
    await merge({ sessionIds: [c, a], primaryId: c }).expect(201);
    const after = await board();
    expect(card(after, c)).toMatchObject({ roomId: ev.rooms[1], slotId: ev.slots[1] });
    expect(card(after, a)).toBeUndefined();
  });

  test('merging a session that is not on the board is refused and changes nothing', async () => {
    const { a, b, d } = await threeAboutCode();
    const before = rowsOf(live.db, ev.eventId, [a, b, d]);
    const res = await merge({ sessionIds: [a, d], primaryId: a }).expect(409);
    expect(res.body.error.message).toContain('merged into another');
    await merge({ sessionIds: [a, 'nope'], primaryId: a }).expect(404);
    await merge({ sessionIds: [a, b], primaryId: 'other' }).expect(400);
    expect(rowsOf(live.db, ev.eventId, [a, b, d])).toEqual(before);
  });

  test('a merge that would give one session more co-hosts than it may have is refused and changes nothing', async () => {
    const { a, c } = await threeAboutCode();
    const many = Array.from({ length: LIMITS.cohosts }, (_, i) => `Co-host ${i + 1}`);
    live.db.prepare('UPDATE sessions SET cohosts = ? WHERE id = ?').run(JSON.stringify(many), c);
    const before = rowsOf(live.db, ev.eventId, [a, c]);
    const res = await merge({ sessionIds: [a, c], primaryId: a }).expect(409);
    expect(res.body.error.message).toBe(
      `Merged, these sessions would have ${LIMITS.cohosts + 1} co-hosts; a session can have at most ${LIMITS.cohosts}. Nothing was changed.`,
    );
    expect(rowsOf(live.db, ev.eventId, [a, c])).toEqual(before);
  });
});

describe('undoing a merge', () => {
  test('puts back every row of sessions, interests and decisions as it was, under newer versions, and the board as it was', async () => {
    const { a, b, c, d } = await threeAboutCode();
    const ids = [a, b, c, d];
    const rowsBefore = rowsOf(live.db, ev.eventId, ids);
    const boardBefore = await board();

    await merge({ sessionIds: [b, a, c], primaryId: b, title: 'Councils sharing code' }).expect(201);
    expect(rowsOf(live.db, ev.eventId, ids)).not.toEqual(rowsBefore);
    const merged = versionsOf(rowsOf(live.db, ev.eventId, ids));
    live.clock.advance(60_000);
    const [entry] = await history();
    const res = await undo(entry!.id).expect(201);

    expect(res.body.value).toMatchObject({ action: 'undo', summary: `Undid: ${entry!.summary}`, undoable: false });
    const rowsAfter = rowsOf(live.db, ev.eventId, ids);
    expect(restoredRows(rowsAfter)).toEqual(restoredRows(rowsBefore));
    // Versions never go back: a command made on the merged board is refused as stale.
    const after = versionsOf(rowsAfter);
    for (const id of [a, b, c]) expect(after[id]).toBeGreaterThan(merged[id]!);
    expect(after[d]).toBe(merged[d]);
    const withoutSessionVersions = (x: Board) =>
      withoutVersion({ ...x, sessions: x.sessions.map((s) => ({ ...s, version: 0, updatedAt: '' })) });
    const boardAfter = await board();
    expect(withoutSessionVersions(boardAfter)).toEqual(withoutSessionVersions(boardBefore));
    expect(boardAfter.event.version).toBeGreaterThan(boardBefore.event.version);
    expect((await history()).slice(0, 2).map((h) => [h.action, h.undoable])).toEqual([
      ['undo', false],
      ['merge', false],
    ]);
  });

  test('undoing the same merge twice is a conflict, and an undo cannot itself be undone', async () => {
    const { a, b } = await threeAboutCode();
    await merge({ sessionIds: [a, b], primaryId: a }).expect(201);
    const [entry] = await history();
    const first = await undo(entry!.id).expect(201);
    const rows = rowsOf(live.db, ev.eventId, [a, b]);

    const again = await undo(entry!.id).expect(409);
    expect(again.body.error).toEqual({ code: 'conflict', message: 'That was already undone.' });
    const ofUndo = await undo(first.body.value.id as number).expect(409);
    expect(ofUndo.body.error.code).toBe('conflict');
    await undo(99_999).expect(404);
    expect(rowsOf(live.db, ev.eventId, [a, b])).toEqual(rows);
  });

  test('is refused with a clear message, changing nothing, when another session took a freed cell meanwhile', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, c], primaryId: a }).expect(201);
    const [entry] = await history();
    // The Library at 11:00, freed by the merge, is taken by a new pitch.
    const e = pitch(live.services, ev.eventId, 'Gardening for beginners', 'Eve');
    live.services.sessions.place(ev.eventId, e, { roomId: ev.rooms[1], slotId: ev.slots[1] });
    const rows = rowsOf(live.db, ev.eventId, [a, b, c, e]);
    const boardBefore = await board();

    const res = await undo(entry!.id).expect(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toBe(
      '“Reusing code across councils” cannot go back to its old room and time: “Gardening for beginners” is there now. Move it first, then undo.',
    );
    expect(rowsOf(live.db, ev.eventId, [a, b, c, e])).toEqual(rows);
    expect(await board()).toEqual(boardBefore);
    expect((await history())[0]).toMatchObject({ id: entry!.id, undoable: true });

    // Once the cell is free again the undo goes through.
    live.services.sessions.unschedule(ev.eventId, e, {});
    await undo(entry!.id).expect(201);
    expect(card(await board(), c)).toMatchObject({ roomId: ev.rooms[1], slotId: ev.slots[1] });
  });
});

describe('undoing a merge keeps what happened to the merged session since', () => {
  test('interest shown in it after the merge stays with it; everything else is put back exactly', async () => {
    const { a, b, c, d } = await threeAboutCode();
    const ids = [a, b, c, d];
    const before = rowsOf(live.db, ev.eventId, ids);
    await merge({ sessionIds: [b, a, c], primaryId: b }).expect(201);
    interest(b, 7);
    const [entry] = await history();

    await undo(entry!.id).expect(201);

    const after = rowsOf(live.db, ev.eventId, ids);
    expect(restoredRows(after).sessions).toEqual(restoredRows(before).sessions);
    const interestsOf = (rows: typeof after, id: string) => (rows.interests as { session_id: string }[]).filter((i) => i.session_id === id);
    for (const other of [a, c, d]) expect(interestsOf(after, other)).toEqual(interestsOf(before, other));
    expect(interestsOf(after, b)).toHaveLength(interestsOf(before, b).length + 1);
    expect(card(await board(), b)?.interest).toBe(interestsOf(before, b).length + 1);
  });

  test('a move after the merge is kept: the merged session stays in its new room and time, under a newer version', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, c], primaryId: a }).expect(201);
    const merged = card(await board(), a)!;
    live.services.sessions.place(ev.eventId, a, { roomId: ev.rooms[1], slotId: ev.slots[2], expectedVersion: merged.version });
    const moved = card(await board(), a)!;
    const [entry] = await history();

    await undo(entry!.id).expect(201);

    const now = await board();
    expect(card(now, a)).toMatchObject({ roomId: ev.rooms[1], slotId: ev.slots[2], title: 'Sharing code between councils' });
    expect(card(now, a)!.version).toBeGreaterThan(moved.version);
    expect(card(now, c)).toMatchObject({ roomId: ev.rooms[1], slotId: ev.slots[1], title: 'Reusing code across councils' });
    expect(card(now, b)).toBeDefined();
  });

  test('interest withdrawn from it after the merge is not given back to the session it came from', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, c], primaryId: a }).expect(201);
    // Browser 4 had said "I'd go" to c only; after the merge it no longer wants to go.
    live.services.sessions.withdrawInterest(ev.eventId, a, browserCookie(4));
    const [entry] = await history();

    await undo(entry!.id).expect(201);

    const now = await board();
    expect(card(now, c)?.interest).toBe(1);
    expect(card(now, a)?.interest).toBe(2);
    expect(card(now, b)).toBeDefined();
  });

  test('is refused with a clear message, changing nothing, when the merged session moved into the cell another had before', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, c], primaryId: a }).expect(201);
    const merged = card(await board(), a)!;
    // a (Main Hall, 10:00) moves into the Library at 11:00, which c had before the merge.
    live.services.sessions.place(ev.eventId, a, { roomId: ev.rooms[1], slotId: ev.slots[1], expectedVersion: merged.version });
    const [entry] = await history();
    const rows = rowsOf(live.db, ev.eventId, [a, b, c]);

    const res = await undo(entry!.id).expect(409);

    expect(res.body.error).toEqual({
      code: 'conflict',
      message:
        '“Sharing code between councils” is now in the room and time “Reusing code across councils” had before the merge. Move it first, then undo.',
    });
    expect(rowsOf(live.db, ev.eventId, [a, b, c])).toEqual(rows);
    expect(live.loggedErrors).toEqual([]);
  });

  test('an edit after the merge refuses the undo with a clear message, changing nothing', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, c], primaryId: a }).expect(201);
    live.services.sessions.edit(ev.eventId, a, { title: 'Sharing and reusing council code', pitcher: 'Priya' });
    const [entry] = await history();
    const rows = rowsOf(live.db, ev.eventId, [a, b, c]);

    const res = await undo(entry!.id).expect(409);

    expect(res.body.error).toEqual({
      code: 'conflict',
      message:
        '“Sharing and reusing council code” was edited after the merge, and undoing the merge would lose that edit. Nothing was changed.',
    });
    expect(rowsOf(live.db, ev.eventId, [a, b, c])).toEqual(rows);
    expect((await history())[0]).toMatchObject({ id: entry!.id, undoable: true });
  });
});

describe('undoing a merge that a later merge built on', () => {
  test('is refused while its primary has since been merged into another session, and allowed once that is undone', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, b], primaryId: b }).expect(201);
    const [first] = await history();
    await merge({ sessionIds: [c, b], primaryId: c }).expect(201);
    const [second] = await history();
    const rows = rowsOf(live.db, ev.eventId, [a, b, c]);

    const res = await undo(first!.id).expect(409);
    expect(res.body.error.message).toBe("“Why can't councils share code?” was merged again since. Undo the later merge first.");
    expect(rowsOf(live.db, ev.eventId, [a, b, c])).toEqual(rows);

    await undo(second!.id).expect(201);
    await undo(first!.id).expect(201);
    expect((await board()).sessions.map((s) => s.id).sort()).toEqual([a, b, c].sort());
  });

  test('is refused while another session has since been merged into its primary', async () => {
    const { a, b, c } = await threeAboutCode();
    await merge({ sessionIds: [a, b], primaryId: a }).expect(201);
    const [first] = await history();
    await merge({ sessionIds: [a, c], primaryId: a }).expect(201);
    const rows = rowsOf(live.db, ev.eventId, [a, b, c]);

    const res = await undo(first!.id).expect(409);
    expect(res.body.error.message).toBe('“Sharing code between councils” was merged again since. Undo the later merge first.');
    expect(rowsOf(live.db, ev.eventId, [a, b, c])).toEqual(rows);
  });
});

describe('suggestion:merge over a socket', () => {
  test('a retried command (same commandId) is applied once and acknowledged with the same outcome', async () => {
    const { a, b } = await threeAboutCode();
    const { socket, joined } = await k.join(live, ev.eventId, { token: ev.facilitatorToken });
    expect(joined.facilitator).toBe(true);
    const payload = { commandId: commandId('merge-once'), sessionIds: [a, b], primaryId: a };

    const first = okData(await send<FacilitationDone>(socket, 'suggestion:merge', payload));
    const second = okData(await send<FacilitationDone>(socket, 'suggestion:merge', payload));

    expect(second.version).toBe(first.version);
    expect(second.version).toBe(joined.board.event.version + 1);
    expect(second.history.filter((h) => h.action === 'merge')).toHaveLength(first.history.filter((h) => h.action === 'merge').length);
    expect((await board()).event.version).toBe(first.version);
  });
});
