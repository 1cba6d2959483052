/**
 * Link and dismiss: a link shows on both cards until undone; a dismissed pair is never suggested
 * again, across new pitches, edits and a restart on the same database file, until it is undone.
 */
import { join } from 'node:path';
import request from 'supertest';
import type { Board } from '../../server/domain/types';
import type { HistoryItem, Suggestion } from '../../server/protocol/events';
import { bearer } from '../helpers/app';
import { camp, kit, pitch, type Camp, type Kit, type Live } from './facilitation.helpers';

let k: Kit;
let servers: Live[];

beforeEach(() => {
  k = kit();
  servers = [];
});

afterEach(async () => {
  await k.close();
  for (const live of servers) expect(live.loggedErrors).toEqual([]);
});

async function start(file?: string): Promise<Live> {
  const live = await k.start(file ? { file } : {});
  servers.push(live);
  return live;
}

const client = (live: Live, ev: Camp) => ({
  board: async (): Promise<Board> => (await request(live.server.app).get(`/api/events/${ev.eventId}/board`).expect(200)).body as Board,
  suggestions: async (): Promise<Suggestion[]> =>
    (await request(live.server.app).get(`/api/events/${ev.eventId}/suggestions`).expect(200)).body as Suggestion[],
  history: async (): Promise<HistoryItem[]> =>
    (await request(live.server.app).get(`/api/events/${ev.eventId}/history`).set(bearer(ev.facilitatorToken)).expect(200))
      .body as HistoryItem[],
  act: (what: 'links' | 'dismissals', sessionIds: string[]) =>
    request(live.server.app).post(`/api/events/${ev.eventId}/${what}`).set(bearer(ev.facilitatorToken)).send({ sessionIds }),
  undo: (entryId: number) =>
    request(live.server.app).post(`/api/events/${ev.eventId}/history/${entryId}/undo`).set(bearer(ev.facilitatorToken)),
});

const pairOf = (a: string, b: string) => [a, b].sort().join('+');
const ids = (suggestions: readonly Suggestion[]) => suggestions.map((s) => s.id);

describe('linking two sessions', () => {
  test('both cards point to each other through board.links, the history records it, and undo removes it', async () => {
    const live = await start();
    const ev = camp(live.services);
    const api = client(live, ev);
    const a = pitch(live.services, ev.eventId, 'Sharing code between councils', 'Priya');
    const b = pitch(live.services, ev.eventId, 'Open source licences for councils', 'Sam');
    live.services.sessions.place(ev.eventId, a, { roomId: ev.rooms[0], slotId: ev.slots[0] });
    live.services.sessions.place(ev.eventId, b, { roomId: ev.rooms[2], slotId: ev.slots[2] });
    const before = await api.board();

    const res = await api.act('links', [b, a]).expect(201);
    expect(res.body.value).toEqual([a, b].sort());
    const linked = await api.board();
    expect(linked.links).toEqual([[a, b].sort()]);
    expect(linked.sessions).toEqual(before.sessions);
    const [entry] = await api.history();
    expect(entry).toMatchObject({
      action: 'link',
      summary: 'Linked “Open source licences for councils” and “Sharing code between councils”.',
      undoable: true,
    });
    expect(ids(await api.suggestions())).not.toContain(pairOf(a, b));

    await api.undo(entry!.id).expect(201);
    const after = await api.board();
    expect(after.links).toEqual([]);
    expect({ ...after, event: before.event }).toEqual(before);
  });

  test('a link to a session that was later merged away is not shown on the board, and comes back when the merge is undone', async () => {
    const live = await start();
    const ev = camp(live.services);
    const api = client(live, ev);
    const a = pitch(live.services, ev.eventId, 'Sharing code between councils');
    const b = pitch(live.services, ev.eventId, 'Open source licences for councils');
    const c = pitch(live.services, ev.eventId, "Why can't councils share code?");
    await api.act('links', [a, b]).expect(201);
    live.services.facilitation.merge(ev.eventId, { sessionIds: [c, a], primaryId: c });

    const merged = await api.board();
    const onBoard = new Set(merged.sessions.map((s) => s.id));
    expect(merged.links.flat().every((id) => onBoard.has(id))).toBe(true);

    const [mergeEntry] = await api.history();
    await api.undo(mergeEntry!.id).expect(201);
    expect((await api.board()).links).toEqual([[a, b].sort()]);
  });
});

describe('dismissing a suggestion', () => {
  test('the pair is never suggested again across new pitches, edits and a restart, until the dismissal is undone', async () => {
    const file = join(k.tempDir(), 'unsilo.db');
    let live = await start(file);
    const ev = camp(live.services);
    let api = client(live, ev);
    const a = pitch(live.services, ev.eventId, "Why can't councils share code?", 'Priya');
    const b = pitch(live.services, ev.eventId, 'Sharing code between councils', 'Sam');
    expect(ids(await api.suggestions())).toEqual([pairOf(a, b)]);

    await api.act('dismissals', [a, b]).expect(201);
    expect(ids(await api.suggestions())).toEqual([]);

    // A third pitch on the same topic forms a group with both: the dismissed pair stays apart.
    pitch(live.services, ev.eventId, 'Councils publishing their code as open source', 'Tom', 'Share code, save money.');
    live.services.sessions.edit(ev.eventId, a, { title: 'Why do councils not share their code?', pitcher: 'Priya' });
    live.services.sessions.edit(ev.eventId, b, {
      title: 'Sharing code between councils',
      notes: 'Code, councils, sharing.',
      pitcher: 'Sam',
    });
    const afterEdits = await api.suggestions();
    expect(ids(afterEdits)).not.toContain(pairOf(a, b));
    expect(afterEdits.every((s) => !(s.sessions.includes(a) && s.sessions.includes(b)))).toBe(true);

    // A restart on the same file keeps the dismissal.
    await live.stop();
    live = await start(file);
    api = client(live, ev);
    const afterRestart = await api.suggestions();
    expect(afterRestart.every((s) => !(s.sessions.includes(a) && s.sessions.includes(b)))).toBe(true);

    // Undoing the dismissal brings the pair back.
    const entry = (await api.history()).find((h) => h.action === 'dismiss');
    await api.undo(entry!.id).expect(201);
    const restored = await api.suggestions();
    expect(restored.some((s) => s.sessions.includes(a) && s.sessions.includes(b))).toBe(true);
  });

  test('a merged pair is not suggested again, and undoing the merge brings the suggestion back', async () => {
    const live = await start();
    const ev = camp(live.services);
    const api = client(live, ev);
    const a = pitch(live.services, ev.eventId, "Why can't councils share code?");
    const b = pitch(live.services, ev.eventId, 'Sharing code between councils');
    const before = await api.suggestions();
    expect(ids(before)).toEqual([pairOf(a, b)]);

    live.services.facilitation.merge(ev.eventId, { sessionIds: [a, b], primaryId: a });
    expect(await api.suggestions()).toEqual([]);
    const [entry] = await api.history();
    await api.undo(entry!.id).expect(201);
    expect(await api.suggestions()).toEqual(before);
  });

  test('a dismissal is recorded in the history with the sessions’ titles', async () => {
    const live = await start();
    const ev = camp(live.services);
    const api = client(live, ev);
    const a = pitch(live.services, ev.eventId, "Why can't councils share code?");
    const b = pitch(live.services, ev.eventId, 'Sharing code between councils');
    await api.act('dismissals', [a, b]).expect(201);
    expect((await api.history())[0]).toMatchObject({
      action: 'dismiss',
      summary: "Dismissed the suggestion for “Why can't councils share code?” and “Sharing code between councils”.",
    });
    expect((await api.board()).links).toEqual([]);
  });
});
