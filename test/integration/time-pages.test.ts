/**
 * The first paint of the phone board and the wall display is grouped by the server's (injected)
 * clock, so both read right before any script runs.
 */
import request from 'supertest';
import { buildApp, fixedClock, type TestApp } from '../helpers/app';
import { dom, textsOf } from '../helpers/html';

let t: TestApp;
let eventId: string;

/** 10:20 on the event's day, in the zone the server runs in. */
const tenTwenty = new Date(2026, 10, 29, 10, 20).toISOString();

beforeEach(() => {
  t = buildApp({ clock: fixedClock(tenTwenty) });
  const s = t.services;
  eventId = s.events.create({ name: 'Time Camp', date: '2026-11-29', venue: '' }).event.id;
  const hall = s.grid.addRoom(eventId, { name: 'Hall', capacity: null }).value.id;
  const attic = s.grid.addRoom(eventId, { name: 'Attic <b>', capacity: null }).value.id;
  const ten = s.grid.addSlot(eventId, { label: 'Morning', startsAt: '10:00', endsAt: '10:45' }).value.id;
  const eleven = s.grid.addSlot(eventId, { label: '', startsAt: '11:00', endsAt: '11:45' }).value.id;
  const pitch = (title: string, roomId: string, slotId: string) => {
    const id = s.sessions.pitch(eventId, { title, notes: '', pitcher: 'Ann' }).value.id;
    s.sessions.place(eventId, id, { roomId, slotId });
  };
  pitch('Now in the hall', hall, ten);
  pitch('Next in the attic', attic, eleven);
});

afterEach(async () => {
  await t.close();
  expect(t.loggedErrors).toEqual([]);
});

const between = (html: string, from: string, to: string): string => html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));

describe('the board’s first paint', () => {
  test('groups sessions into Now and Next by the server’s clock, each under its room', async () => {
    const html = (await request(t.app).get(`/e/${eventId}`).expect(200)).text;
    const now = between(html, 'id="when-now"', 'id="when-next"');
    expect(now).toContain('10:00–10:45 · Morning');
    expect(now).toMatch(/class="room-name">Hall<\/p>[\s\S]*Now in the hall/);
    expect(now).not.toContain('Next in the attic');
    const next = between(html, 'id="when-next"', '</section>');
    expect(next).toMatch(/class="room-name">Attic &lt;b&gt;<\/p>[\s\S]*Next in the attic/);
    // The grid keeps the cards' anchors; the phone list does not repeat them.
    expect(html.match(/id="session-/g)).toHaveLength(2);
    expect(html).toContain(`href="/e/${eventId}/agenda"`);
    // The wall display is set up by organisers and facilitators: only their board links it.
    expect(html).not.toContain(`href="/e/${eventId}/wall"`);
  });

  test('after the last slot says the day is over and keeps every session under Earlier', async () => {
    t.clock.advance(3 * 60 * 60 * 1000);
    const html = (await request(t.app).get(`/e/${eventId}`).expect(200)).text;
    expect(html).toContain('That’s all for today');
    expect(html).not.toContain('id="when-next"');
    expect(between(html, '<details class="time-group earlier" open>', '</details>')).toMatch(
      /Earlier \(2 slots\)[\s\S]*Now in the hall[\s\S]*Next in the attic/,
    );
  });
});

describe('the wall display', () => {
  test('shows each room’s now and next with no controls, and loads only its own small script', async () => {
    const html = (await request(t.app).get(`/e/${eventId}/wall`).expect(200)).text;
    expect(html).toMatch(
      /<th scope="row">Hall<\/th>\s*<td class="wall-now">\s*<p class="wall-time">Until 10:45<\/p>[\s\S]*Now in the hall/,
    );
    expect(html).toMatch(
      /<th scope="row">Attic &lt;b&gt;<\/th>\s*<td class="wall-now">\s*<p class="empty">Free<\/p>[\s\S]*11:00–11:45[\s\S]*Next in the attic/,
    );
    expect(textsOf(html, 'time[data-wall-clock]')).toEqual(['10:20']);
    expect(dom(html)('button, form, input, select, a')).toHaveLength(0);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/static/build/wall.js" type="module">']);
  });

  test('an unknown event is a 404 page', async () => {
    await request(t.app).get('/e/nope/wall').expect(404);
    await request(t.app).get('/e/nope/agenda').expect(404);
  });
});

describe('My agenda', () => {
  test('is a page for the script to fill from this browser’s stars, saying so when scripts are off', async () => {
    const html = (await request(t.app).get(`/e/${eventId}/agenda`).expect(200)).text;
    expect(textsOf(html, 'h1')).toEqual(['My agenda']);
    expect(html).toMatch(/appear here once the page has loaded, which needs JavaScript/);
    expect(html).toContain(`href="/e/${eventId}/agenda.ics"`);
  });
});
