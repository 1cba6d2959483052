/**
 * Broken uploads to the two import forms (an event's JSON export on the start page, a grid CSV on
 * the organiser page): a body cut off mid-file, one without its boundary, a malformed part header,
 * an empty body. Each is a bad request, answered 400 with the form and a message saying what to do;
 * never a 500, and nothing is imported.
 */
import request from 'supertest';
import { buildApp, dumpTables, formsOf, organiserAgent, seedBoard, type SeededBoard, type TestApp } from '../helpers/app';

let t: TestApp;
let ev: SeededBoard;

beforeEach(async () => {
  t = buildApp({ rateLimits: 'off' });
  ev = await seedBoard(t.app);
});

afterEach(async () => {
  expect(t.loggedErrors).toEqual([]);
  await t.close();
});

const BOUNDARY = 'unsilo-test-boundary';
const part = (fileName: string, type: string, body: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n${body}`;

/** Bodies a browser sends when a connection drops, or a broken client sends: [what, Content-Type, body]. */
function brokenUploads(fileName: string, type: string, content: string): [string, string, string][] {
  const multipart = `multipart/form-data; boundary=${BOUNDARY}`;
  const whole = `${part(fileName, type, content)}\r\n--${BOUNDARY}--\r\n`;
  return [
    ['cut off in the middle of the file', multipart, part(fileName, type, content).slice(0, -Math.ceil(content.length / 2))],
    ['cut off before its closing boundary', multipart, `${part(fileName, type, content)}\r\n`],
    ['without a boundary', 'multipart/form-data', whole],
    ['with a malformed part header', multipart, `--${BOUNDARY}\r\nContent-Disposition form-data name=file\r\n\r\n${content}`],
    ['empty', multipart, ''],
  ];
}

describe('the event import on the start page', () => {
  test.each(brokenUploads('camp.json', 'application/json', '{"format":"unsilo.event","version":1,"event":{"id":"x"}}'))(
    'a body %s is answered 400 with the form again, and nothing is imported',
    async (_, type, body) => {
      const forms = await formsOf(t.app);
      const before = dumpTables(t.db);

      const res = await forms.upload('/events/import').set('Content-Type', type).send(body);

      expect(res.status).toBe(400);
      expect(res.text).toMatch(/Nothing was imported: the upload could not be read|Choose an Unsilo export file/);
      expect(res.text).toContain('action="/events/import');
      expect(dumpTables(t.db)).toBe(before);
    },
  );

  test('the same file whole is imported', async () => {
    const exported = (await request(t.app).get(`/api/events/${ev.eventId}/export`).set('Authorization', `Bearer ${ev.adminToken}`)).body;
    const forms = await formsOf(t.app);
    const res = await forms
      .upload('/events/import')
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(`${part('camp.json', 'application/json', JSON.stringify(exported))}\r\n--${BOUNDARY}--\r\n`);
    expect(res.status).toBe(201);
  });
});

describe('the grid CSV import on the organiser page', () => {
  const csv = 'Room,Start,End,Title\r\nMain Hall,12:00,12:45,Open data for councils\r\n';

  test.each(brokenUploads('grid.csv', 'text/csv', csv))(
    'a body %s is answered 400 with the admin page again, and nothing is imported',
    async (_, type, body) => {
      const organiser = await organiserAgent(t.app, ev);
      const forms = await formsOf(organiser, `/e/${ev.eventId}/admin`);
      const before = dumpTables(t.db);

      const res = await forms.upload(`/e/${ev.eventId}/admin/import.csv`).set('Content-Type', type).send(body);

      expect(res.status).toBe(400);
      expect(res.text).toMatch(/Nothing was imported: (the upload could not be read|choose a \.csv file first)/);
      expect(dumpTables(t.db)).toBe(before);
    },
  );
});
