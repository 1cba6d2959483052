/**
 * Notes during a session: added by anyone over the API, the page's form or a socket, shown live to
 * everyone on the session's page, hidden by organisers, and fed to the detector, report and export.
 */
import request from 'supertest';
import type { Embedder } from '../../analysis';
import { DEFAULT_RATE_LIMITS } from '../../server/shared/rate-limits';
import type { NoteEntry } from '../../server/domain/notes';
import { InlineAnalysis } from '../../server/services/analysis.thread';
import { bearer, buildApp, formsOf, organiserAgent, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';
import { commandId, dump, joinBoard, once, okData, record, send, seed, type Harness, connected, harnessPerTest } from './realtime.helpers';
import type { NotesJoined } from '../../server/protocol/events';
import { dom, textsOf } from '../helpers/html';

const notesOf = (t: TestApp, eventId: string, sessionId: string) =>
  t.db
    .prepare('SELECT author, body, hidden_at FROM session_notes WHERE event_id = ? AND session_id = ? ORDER BY id')
    .all(eventId, sessionId);

describe('session notes over HTTP', () => {
  let t: TestApp;
  let b: SeededBoard;
  let url: string;

  beforeEach(async () => {
    t = buildApp({ rateLimits: 'off' });
    b = await seedBoard(t.app);
    url = `/api/events/${b.eventId}/sessions/${b.sessions[0]}/notes`;
  });
  afterEach(() => t.close());

  test('anyone adds a note; it is listed, oldest first, with its author', async () => {
    const added = await request(t.app).post(url).send({ author: ' Sam ', body: 'Councils could share one repo.' }).expect(201);
    expect(added.body.value).toMatchObject({ author: 'Sam', body: 'Councils could share one repo.', sessionId: b.sessions[0] });
    await request(t.app).post(url).send({ author: 'Kim', body: 'Second' }).expect(201);
    const list = await request(t.app).get(url).expect(200);
    expect(list.body.notes.map((n: NoteEntry) => [n.author, n.body])).toEqual([
      ['Sam', 'Councils could share one repo.'],
      ['Kim', 'Second'],
    ]);
  });

  test.each([
    ['no author', { body: 'x' }, 'Your name'],
    ['an empty note', { author: 'Sam', body: '   ' }, 'Note is required'],
    ['a note over 2,000 characters', { author: 'Sam', body: 'x'.repeat(2001) }, 'at most 2000 characters'],
    ['a note that is not text', { author: 'Sam', body: ['x'] }, 'Note must be text'],
  ])('refuses %s with a clear message and stores nothing', async (_name, body, message) => {
    const res = await request(t.app).post(url).send(body).expect(400);
    expect(res.body.error.code).toBe('invalid_payload');
    expect(JSON.stringify(res.body.error)).toContain(message);
    expect(notesOf(t, b.eventId, b.sessions[0])).toEqual([]);
  });

  test('a note on an unknown session is not found', async () => {
    const res = await request(t.app)
      .post(`/api/events/${b.eventId}/sessions/nope-nope/notes`)
      .send({ author: 'Sam', body: 'x' })
      .expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('the session page shows notes escaped, with only http(s) addresses as nofollow links', async () => {
    const body = '<script>alert(1)</script> slides https://example.org/deck?a=1&b=2 and javascript:alert(2)';
    await request(t.app).post(url).send({ author: '<b>Sam</b>', body }).expect(201);
    const page = (await request(t.app).get(`/e/${b.eventId}/s/${b.sessions[0]}`).expect(200)).text;
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;b&gt;Sam&lt;/b&gt;');
    expect(page).toContain(
      '<a href="https://example.org/deck?a=1&amp;b=2" rel="nofollow ugc noopener">https://example.org/deck?a=1&amp;b=2</a>',
    );
    expect(page).not.toContain('href="javascript:');
    expect(dom(page)('script').text()).not.toContain('alert');
    expect(dom(page)('script[src="/static/build/session.js"]').attr('type')).toBe('module');
  });

  test('the page’s form adds a note without scripts and returns to the notes', async () => {
    const forms = await formsOf(t.app, `/e/${b.eventId}/s/${b.sessions[0]}`);
    await forms
      .post(`/e/${b.eventId}/s/${b.sessions[0]}/notes`, { author: 'Sam', body: 'Typed in the room' })
      .expect(303)
      .expect('Location', `/e/${b.eventId}/s/${b.sessions[0]}?notice=note-added#session-notes`);
    expect(notesOf(t, b.eventId, b.sessions[0])).toEqual([{ author: 'Sam', body: 'Typed in the room', hidden_at: null }]);
  });

  test('a refused form shows the page again, keeping what was typed', async () => {
    const forms = await formsOf(t.app, `/e/${b.eventId}/s/${b.sessions[0]}`);
    const res = await forms.post(`/e/${b.eventId}/s/${b.sessions[0]}/notes`, { author: '', body: 'Keep me' }).expect(400);
    expect(res.text).toContain('Your name is required.');
    expect(res.text).toContain('>Keep me</textarea>');
    expect(notesOf(t, b.eventId, b.sessions[0])).toEqual([]);
  });

  test('the organiser hides a note: it leaves the page, stays stored, and is in the moderation history', async () => {
    const { body } = await request(t.app).post(url).send({ author: 'Spammer', body: 'Buy now' }).expect(201);
    const noteId = body.value.id as number;
    await request(t.app).delete(`/api/events/${b.eventId}/notes/${noteId}`).expect(403);
    const hidden = await request(t.app).delete(`/api/events/${b.eventId}/notes/${noteId}`).set(bearer(b.adminToken)).expect(200);
    expect(hidden.body.value).toEqual({ noteId, sessionId: b.sessions[0] });
    expect((await request(t.app).get(url).expect(200)).body.notes).toEqual([]);
    expect(notesOf(t, b.eventId, b.sessions[0])).toEqual([{ author: 'Spammer', body: 'Buy now', hidden_at: expect.any(String) }]);
    const moderation = (await request(t.app).get(`/api/events/${b.eventId}/hidden`).set(bearer(b.adminToken)).expect(200)).body.moderation;
    expect(moderation).toEqual([
      expect.objectContaining({ action: 'hide-note', noteAuthor: 'Spammer', title: 'Sharing code between councils' }),
    ]);
    const admin = await organiserAgent(t.app, b);
    // The organiser page's history says which link did it.
    expect((await admin.get(`/e/${b.eventId}/admin`).expect(200)).text).toMatch(
      /<span class="actor">Organiser<\/span>\s*<span class="what">Hid a note by Spammer on “Sharing code between councils”.<\/span>/,
    );
  });

  test('the organiser restores a hidden note to its place, from the API or the organiser page', async () => {
    const first = (await request(t.app).post(url).send({ author: 'Sam', body: 'First' }).expect(201)).body.value.id as number;
    await request(t.app).post(url).send({ author: 'Kim', body: 'Second' }).expect(201);
    t.services.notes.hide(b.eventId, first);
    await request(t.app).post(`/api/events/${b.eventId}/notes/${first}/restore`).expect(403);
    const hidden = (await request(t.app).get(`/api/events/${b.eventId}/hidden`).set(bearer(b.adminToken)).expect(200)).body;
    expect(hidden.notes).toEqual([
      expect.objectContaining({ id: first, author: 'Sam', sessionId: b.sessions[0], hiddenAt: expect.any(String) }),
    ]);
    const admin = await organiserAgent(t.app, b);
    const forms = await formsOf(admin, `/e/${b.eventId}/admin`);
    await forms
      .post(`/e/${b.eventId}/admin/notes/${first}/restore`)
      .expect(303)
      .expect('Location', `/e/${b.eventId}/admin?notice=note-restored`);
    expect((await request(t.app).get(url).expect(200)).body.notes.map((n: NoteEntry) => n.body)).toEqual(['First', 'Second']);
    const again = await request(t.app).post(`/api/events/${b.eventId}/notes/${first}/restore`).set(bearer(b.adminToken)).expect(404);
    expect(again.body.error.message).toBe('That hidden note was not found.');
    const moderation = (await request(t.app).get(`/api/events/${b.eventId}/hidden`).set(bearer(b.adminToken)).expect(200)).body.moderation;
    expect(moderation.map((m: { action: string }) => m.action)).toEqual(['hide-note', 'restore-note']);
  });

  test.each([
    ['a note id that is not a number', 'abc', 400],
    ['an unknown note', '999', 404],
  ])('hiding %s is refused', async (_name, noteId, status) => {
    await request(t.app).delete(`/api/events/${b.eventId}/notes/${noteId}`).set(bearer(b.adminToken)).expect(status);
  });

  test('the organiser’s hide button (a form) hides and returns to the session page; attendees may not', async () => {
    const { body } = await request(t.app).post(url).send({ author: 'Sam', body: 'Oops' }).expect(201);
    const attendee = await formsOf(t.app, `/e/${b.eventId}/s/${b.sessions[0]}`);
    await attendee.post(`/e/${b.eventId}/notes/${body.value.id}/hide`).expect(403);
    const organiser = await organiserAgent(t.app, b);
    const page = (await organiser.get(`/e/${b.eventId}/s/${b.sessions[0]}`).expect(200)).text;
    expect(page).toContain(`action="/e/${b.eventId}/notes/${body.value.id}/hide"`);
    const forms = await formsOf(organiser, `/e/${b.eventId}/s/${b.sessions[0]}`);
    await forms
      .post(`/e/${b.eventId}/notes/${body.value.id}/hide`)
      .expect(303)
      .expect('Location', `/e/${b.eventId}/s/${b.sessions[0]}?notice=note-hidden#session-notes`);
    expect((await request(t.app).get(`/e/${b.eventId}/s/${b.sessions[0]}`).expect(200)).text).not.toContain('Oops');
  });

  test('notes of a session merged into another show on the session it joined', async () => {
    await request(t.app).post(url).send({ author: 'Sam', body: 'From the first pitch' }).expect(201);
    t.services.facilitation.merge(b.eventId, { sessionIds: [b.sessions[0], b.sessions[1]], primaryId: b.sessions[1] });
    const list = await request(t.app).get(`/api/events/${b.eventId}/sessions/${b.sessions[1]}/notes`).expect(200);
    expect(list.body.notes.map((n: NoteEntry) => [n.body, n.sessionId])).toEqual([['From the first pitch', b.sessions[1]]]);
  });

  test('export carries every note, hidden ones marked, and import restores them', async () => {
    await request(t.app).post(url).send({ author: 'Sam', body: 'Keep' }).expect(201);
    const { body } = await request(t.app).post(url).send({ author: 'Kim', body: 'Hidden' }).expect(201);
    t.services.notes.hide(b.eventId, body.value.id as number);
    const file = t.services.transfer.export(b.eventId);
    const exported = file.sessions.find((s) => s.id === b.sessions[0]);
    expect(exported?.noteEntries).toEqual([
      { id: 1, author: 'Sam', body: 'Keep', createdAt: expect.any(String), hiddenAt: null },
      { id: 2, author: 'Kim', body: 'Hidden', createdAt: expect.any(String), hiddenAt: expect.any(String) },
    ]);
    expect(file.sessions.find((s) => s.id === b.sessions[1])).not.toHaveProperty('noteEntries');
    const res = await request(t.app).post('/api/events/import').send(file).expect(201);
    const copy = t.services.transfer.export(res.body.event.id as string);
    expect(copy.sessions.flatMap((s) => s.noteEntries ?? [])).toEqual(exported?.noteEntries);
  });
});

describe('session notes rate limit', () => {
  test('a browser adding notes too fast is slowed down, like pitches', async () => {
    const t = buildApp({ rateLimits: { ...DEFAULT_RATE_LIMITS, notes: 2 } });
    try {
      const b = await seedBoard(t.app);
      const agent = request.agent(t.app);
      const url = `/api/events/${b.eventId}/sessions/${b.sessions[0]}/notes`;
      await agent.get('/').expect(200);
      await agent.post(url).send({ author: 'Sam', body: 'one' }).expect(201);
      await agent.post(url).send({ author: 'Sam', body: 'two' }).expect(201);
      const res = await agent.post(url).send({ author: 'Sam', body: 'three' }).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(notesOf(t, b.eventId, b.sessions[0])).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});

describe('session notes over sockets', () => {
  let h: Harness;
  harnessPerTest((started) => (h = started));

  async function onPage(live: Awaited<ReturnType<Harness['start']>>, eventId: string, sessionId: string, token?: string) {
    const socket = h.connect(live, token ? { token } : {});
    await connected(socket);
    const joined = okData(await send<NotesJoined>(socket, 'notes:join', { eventId, sessionId }));
    return { socket, joined };
  }

  test('a note added on one page appears on another; hidden, it disappears from both', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const s = seed(live.services);
    const writer = await onPage(live, s.eventId, s.sessions[0]);
    const reader = await onPage(live, s.eventId, s.sessions[0]);
    const organiser = await onPage(live, s.eventId, s.sessions[0], s.adminToken);
    const elsewhere = await onPage(live, s.eventId, s.sessions[1]);
    expect(reader.joined).toEqual({ sessionId: s.sessions[0], notes: [], organiser: false });
    expect(organiser.joined.organiser).toBe(true);
    const board = await joinBoard(h, live, s.eventId);
    const othersSaw = record(elsewhere.socket);

    const arrived = once(reader.socket, 'note:added');
    const boardStep = once(board.socket, 'session:changed');
    const added = okData(
      await send<{ version: number; note: NoteEntry }>(writer.socket, 'note:add', {
        commandId: commandId('note'),
        sessionId: s.sessions[0],
        author: 'Sam',
        body: 'Live from the room https://example.org',
      }),
    );
    expect((await arrived).note).toEqual(added.note);
    // Board viewers show no notes, but their version moves on with the event's.
    expect(await boardStep).toEqual({ version: added.version, sessions: [] });

    const forbidden = await send(writer.socket, 'note:hide', { commandId: commandId('nope'), noteId: added.note.id });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const gone = once(reader.socket, 'note:hidden');
    okData(await send(organiser.socket, 'note:hide', { commandId: commandId('hide'), noteId: added.note.id }));
    expect(await gone).toMatchObject({ sessionId: s.sessions[0], noteId: added.note.id });
    expect(othersSaw.filter((e) => e.event.startsWith('note:'))).toEqual([]);
    const back = once(reader.socket, 'note:added');
    live.services.notes.restore(s.eventId, added.note.id);
    expect((await back).note).toEqual(added.note);
    live.services.notes.hide(s.eventId, added.note.id);
    const rejoined = okData(await send<NotesJoined>(reader.socket, 'notes:join', { eventId: s.eventId, sessionId: s.sessions[0] }));
    expect(rejoined.notes).toEqual([]);
  });

  test('bad note payloads are refused and change nothing; a retried note is stored once', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: 'off' });
    const s = seed(live.services);
    const page = await onPage(live, s.eventId, s.sessions[0]);
    const before = dump(live.db);
    for (const payload of [
      { commandId: commandId('a'), sessionId: s.sessions[0], author: 'Sam', body: '' },
      { commandId: commandId('b'), sessionId: s.sessions[0], author: '', body: 'x' },
      { commandId: 'short', sessionId: s.sessions[0], author: 'Sam', body: 'x' },
      { commandId: commandId('c'), sessionId: s.sessions[0], author: 'Sam', body: 'x'.repeat(2001) },
    ]) {
      expect(await send(page.socket, 'note:add', payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await send(page.socket, 'notes:join', { eventId: s.eventId, sessionId: 'nope-nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(dump(live.db)).toEqual(before);
    const note = { commandId: commandId('retry'), sessionId: s.sessions[0], author: 'Sam', body: 'Once' };
    const first = await send(page.socket, 'note:add', note);
    expect(await send(page.socket, 'note:add', note)).toEqual(first);
    expect(live.services.notes.list(s.eventId, s.sessions[0])).toHaveLength(1);
  });

  test('adding notes over a socket is rate-limited per browser, apart from other commands', async () => {
    const live = await h.start({ encoder: 'none', rateLimits: { ...DEFAULT_RATE_LIMITS, notes: 1 } });
    const s = seed(live.services);
    const page = await onPage(live, s.eventId, s.sessions[0]);
    const note = (label: string) => ({ commandId: commandId(label), sessionId: s.sessions[0], author: 'Sam', body: label });
    expect(await send(page.socket, 'note:add', note('first'))).toMatchObject({ ok: true });
    expect(await send(page.socket, 'note:add', note('second'))).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(live.services.notes.list(s.eventId, s.sessions[0]).map((n) => n.body)).toEqual(['first']);
  });

  test('notes feed the detector: a note re-embeds its session once, with the note in the text', async () => {
    const embedded: string[] = [];
    const embedder: Embedder = {
      embed: async (texts) => {
        embedded.push(...texts);
        return texts.map((text) => Float32Array.from({ length: 8 }, (_, i) => ((text.length + i) % 7) / 7 + 0.1));
      },
    };
    const live = await h.start({ analysis: new InlineAnalysis({ loadEmbedder: async () => embedder }), rateLimits: 'off' });
    const s = seed(live.services);
    await live.services.suggestions.refresh(s.eventId);
    await live.services.suggestions.refresh(s.eventId);
    expect(embedded).toHaveLength(6);
    live.services.notes.add(s.eventId, s.sessions[0], { author: 'Sam', body: 'We talked about procurement frameworks' });
    await live.services.suggestions.refresh(s.eventId);
    expect(embedded.slice(6)).toEqual([
      'Sharing code between councils. We talked about procurement frameworks',
      'Sharing code between councils',
    ]);
    await live.services.suggestions.refresh(s.eventId);
    expect(embedded).toHaveLength(8);
    const report = await live.services.report.build(s.eventId);
    const listed = [...report.themes.flatMap((theme) => theme.sessions), ...report.unthemed].find((x) => x.id === s.sessions[0]);
    expect(listed?.notes).toEqual([{ author: 'Sam', body: 'We talked about procurement frameworks', createdAt: expect.any(String) }]);
    const page = await (await fetch(`${live.url}/e/${s.eventId}/report`)).text();
    expect(page).toContain('1 note from the session');
    expect(textsOf(page, 'li:has(> strong)')).toContain('Sam: We talked about procurement frameworks');
  });
});
