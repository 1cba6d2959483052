/**
 * The links Unsilo hands out (invite panel, wall QR code, poster, calendar, facilitator links) are
 * the address visitors' browsers use. Behind a trusted reverse proxy that is the forwarded scheme
 * and host, never the proxy's internal address; a client that is not a trusted proxy cannot choose it.
 */
import request from 'supertest';
import { bearer, buildApp, organiserAgent, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';

const PROXIED = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'board.camp.example', Host: '127.0.0.1:3000' };
const PUBLIC = 'https://board.camp.example';

describe('links behind a trusted reverse proxy', () => {
  let t: TestApp;
  let ev: SeededBoard;
  beforeAll(async () => {
    t = buildApp({ rateLimits: 'off' });
    ev = await seedBoard(t.app);
  });
  afterAll(() => t.close());

  test('the poster, the wall and the board’s invite panel show the public address and encode it in the QR code', async () => {
    const organiser = await organiserAgent(t.app, ev);
    for (const path of [`/e/${ev.eventId}/poster`, `/e/${ev.eventId}/wall`, `/e/${ev.eventId}/admin`]) {
      const page = await organiser.get(path).set(PROXIED).expect(200);
      expect(page.text).toContain(`QR code for ${PUBLIC}/e/${ev.eventId}`);
      expect(page.text).not.toContain('127.0.0.1:3000');
    }
  });

  test('the calendar links each session to its public page', async () => {
    const ics = await request(t.app).get(`/e/${ev.eventId}/event.ics`).set(PROXIED).expect(200);
    expect(ics.text).toContain(`${PUBLIC}/e/${ev.eventId}/s/${ev.sessions[0]}`);
    expect(ics.text).not.toContain('127.0.0.1:3000');
  });

  test('a new facilitator link opens on the public address', async () => {
    const made = await request(t.app)
      .post(`/api/events/${ev.eventId}/facilitator-link`)
      .set({ ...PROXIED, ...bearer(ev.adminToken) })
      .expect(201);
    expect(made.body.link).toMatch(new RegExp(`^${PUBLIC}/e/${ev.eventId}/facilitate\\?key=`));
  });
});

describe('links when no proxy is trusted', () => {
  test('a client’s X-Forwarded-Host is ignored: links use the Host it connected to', async () => {
    const t = buildApp({ rateLimits: 'off', trustProxy: 'off' });
    try {
      const ev = await seedBoard(t.app);
      const poster = await request(t.app).get(`/e/${ev.eventId}/poster`).set(PROXIED).expect(200);
      expect(poster.text).toContain(`QR code for http://127.0.0.1:3000/e/${ev.eventId}`);
      expect(poster.text).not.toContain('board.camp.example');
    } finally {
      await t.close();
    }
  });
});
