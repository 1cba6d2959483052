import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { EventExport } from '../../server/protocol/schemas';
import type { CollaborationReport } from '../../server/services/report.types';
import { InlineAnalysis } from '../../server/services/analysis.thread';
import { buildApp, organiserAgent, type TestApp } from '../helpers/app';

const fixture = (path: string) => EventExport.parse(JSON.parse(readFileSync(join(__dirname, '../..', path), 'utf8')));

describe('the collaboration report', () => {
  let t: TestApp;
  let demoId: string;
  let realId: string;
  let demoToken: string;

  beforeAll(() => {
    // Themes are grouped by meaning: these checks need the bundled sentence encoder's vectors.
    t = buildApp({ analysis: new InlineAnalysis({ encoder: 'use-lite' }) });
    const demo = t.services.transfer.import(fixture('data/demo-event.json'));
    [demoId, demoToken] = [demo.event.id, demo.adminToken];
    realId = t.services.transfer.import(fixture('test/fixtures/report/real-style-event.json')).event.id;
  });

  afterAll(async () => {
    expect(t.loggedErrors).toEqual([]);
    await t.close();
  });

  const report = async (eventId: string): Promise<CollaborationReport> =>
    (await request(t.app).get(`/api/events/${eventId}/report`).expect(200)).body as CollaborationReport;

  test('GET /api/events/:eventId/report groups the demo event into themes with rooms, times, interest and pitchers', async () => {
    const body = await report(demoId);
    expect(body.event).toMatchObject({ id: demoId, name: 'LocalGovCamp Demo' });
    expect(body.counts).toEqual({ sessions: 14, themed: expect.any(Number), embedded: 14 });
    expect(body.note).toBeNull();
    expect(body.themes.length).toBeGreaterThan(0);
    const themed = body.themes.flatMap((theme) => theme.sessions);
    expect(themed.length + body.unthemed.length).toBe(14);
    expect(themed[0]).toEqual(
      expect.objectContaining({ title: expect.any(String), pitcher: expect.any(String), interest: expect.any(Number) }),
    );
    expect(body.themes[0]?.label).not.toBe('');
    expect(body.map.points).toHaveLength(14);
  });

  test('an imported real-style event has themes that span rooms, open overlaps and people who should talk', async () => {
    const body = await report(realId);
    const themeOf = (id: string) => body.themes.find((theme) => theme.sessions.some((s) => s.id === id))?.id;
    expect(themeOf('rs-01')).toBeDefined();
    expect(themeOf('rs-02')).toBe(themeOf('rs-01'));
    expect(themeOf('rs-04')).toBe(themeOf('rs-05'));
    expect(body.themes.find((theme) => theme.id === themeOf('rs-01'))?.rooms.length).toBeGreaterThan(1);
    expect(body.overlaps.open.length).toBeGreaterThan(0);
    expect(body.people.map((p) => p.people)).toContainEqual(['Chris Lee', 'Jo Evans']);
    expect(body.recurring.earlierEvents.map((e) => e.id)).toEqual([]);
  });

  test('the same report is built twice for the same board', async () => {
    const { generatedAt: _first, ...one } = await report(realId);
    const { generatedAt: _second, ...two } = await report(realId);
    expect(two).toEqual(one);
  });

  test('answers not_found for an event that does not exist', async () => {
    const res = await request(t.app).get('/api/events/no-such-event/report').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('the report page draws a labelled SVG theme map with a legend', async () => {
    const res = await request(t.app).get(`/e/${demoId}/report`).expect(200);
    expect(res.text).toContain('<svg id="theme-map" role="img" aria-labelledby="theme-map-title theme-map-desc"');
    expect(res.text).toMatch(/<title id="theme-map-title">Theme map of LocalGovCamp Demo<\/title>/);
    expect(res.text.match(/<circle class="map-point"/g)).toHaveLength(14);
    expect(res.text).toContain('aria-label="Legend"');
    expect(res.text).toContain(`href="/e/${demoId}/report.html"`);
  });

  test('the HTML download is a standalone attachment: inline styles, no scripts, nothing fetched', async () => {
    const res = await request(t.app).get(`/e/${demoId}/report.html`).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=unsilo-report-localgovcamp-demo-2026-06-20.html');
    expect(res.text).toContain('<style>');
    expect(res.text).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(res.text).toContain('<svg id="theme-map"');
  });

  test('the JSON download is an attachment holding the report', async () => {
    const res = await request(t.app).get(`/e/${realId}/report.json`).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=unsilo-report-govcamp-north-2026-2026-05-16.json');
    expect(JSON.parse(res.text).event.id).toBe(realId);
  });

  test('the board and the organiser page link to the report', async () => {
    const board = await request(t.app).get(`/e/${demoId}`).expect(200);
    expect(board.text).toContain(`href="/e/${demoId}/report"`);
    const organiser = await organiserAgent(t.app, { eventId: demoId, adminToken: demoToken });
    expect((await organiser.get(`/e/${demoId}/admin`).expect(200)).text).toContain(`href="/e/${demoId}/report"`);
  });
});
