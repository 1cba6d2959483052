/** The schedule assistant on the server's pages: availability on the pitch form, and the assistant's first paint for organisers only. */
import request from 'supertest';
import { fragment } from '../helpers/html';
import { buildApp, createEvent, formsOf, organiserAgent, type TestApp } from '../helpers/app';

let t: TestApp;
beforeEach(() => {
  t = buildApp();
});
afterEach(async () => {
  await t.close();
  expect(t.loggedErrors).toEqual([]);
});

test('a pitch keeps the pitcher’s availability for the schedule assistant', async () => {
  const ev = await createEvent(t.app);
  const form = fragment((await request(t.app).get(`/e/${ev.eventId}/pitch`).expect(200)).text);
  expect(form('label[for="availability"]').text()).toContain('When can you run it?');
  await (
    await formsOf(t.app)
  )
    .post(`/e/${ev.eventId}/pitch`, { title: 'Open data', notes: '', pitcher: 'Sam', availability: 'only the morning' })
    .expect(303);
  const [session] = t.services.events.board(ev.eventId).sessions;
  expect(t.services.schedule.planning(ev.eventId).sessions).toEqual([
    expect.objectContaining({ sessionId: session!.id, availability: 'only the morning', availabilityError: null }),
  ]);
});

test('availability the assistant cannot read re-renders the pitch form with how to write it, saving nothing', async () => {
  const ev = await createEvent(t.app);
  const res = await (
    await formsOf(t.app)
  )
    .post(`/e/${ev.eventId}/pitch`, { title: 'Open data', notes: '', pitcher: 'Sam', availability: 'whenever the moon is full' })
    .expect(400);
  const page = fragment(res.text);
  expect(page('#availability').attr('aria-invalid')).toBe('true');
  expect(page('#availability-error').text().length).toBeGreaterThan(10);
  expect(page('#availability').val()).toBe('whenever the moon is full');
  expect(t.services.events.board(ev.eventId).sessions).toEqual([]);
});

test('the board’s first paint has the schedule assistant and the Hands & time dialog for the organiser only', async () => {
  const ev = await createEvent(t.app);
  const organiser = fragment((await (await organiserAgent(t.app, ev)).get(`/e/${ev.eventId}`).expect(200)).text);
  expect(organiser('[data-schedule] #assistant-heading').text()).toBe('Schedule assistant');
  expect(organiser('#plan-dialog').length).toBe(1);
  const attendee = fragment((await request(t.app).get(`/e/${ev.eventId}`).expect(200)).text);
  expect(attendee('[data-schedule]').length).toBe(0);
  expect(attendee('#plan-dialog').length).toBe(0);
});
