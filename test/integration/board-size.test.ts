import { buildApp, organiserAgent, type TestApp } from '../helpers/app';

/**
 * The organiser's board without scripts at 1,000 sessions: each unscheduled card carries one
 * "Place…" link, not a menu of every free cell (which made the page 5.4 MB).
 */
let t: TestApp;
afterEach(async () => {
  await t.close();
});

test('1,000 unscheduled sessions on a 10 × 10 grid: the organiser’s board stays small, with one “Place…” link per card', async () => {
  t = buildApp({ rateLimits: 'off' });
  const { event, adminToken } = t.services.events.create({ name: 'Big Camp', date: '2026-12-05', venue: '' });
  for (let r = 0; r < 10; r++) t.services.grid.addRoom(event.id, { name: `Room ${r + 1}`, capacity: null });
  for (let s = 0; s < 10; s++)
    t.services.grid.addSlot(event.id, {
      label: '',
      startsAt: `${String(8 + s).padStart(2, '0')}:00`,
      endsAt: `${String(8 + s).padStart(2, '0')}:45`,
    });
  for (let i = 0; i < 1000; i++) t.services.sessions.pitch(event.id, { title: `Session number ${i + 1}`, notes: '', pitcher: 'Priya' });
  const agent = await organiserAgent(t.app, { eventId: event.id, adminToken });
  const page = await agent.get(`/e/${event.id}`).expect(200);
  expect((page.text.match(/>Place…<\/a>/g) ?? []).length).toBe(1000);
  // No menu of cells: the page's one select is the script's empty "Move…" dialog.
  expect(page.text).not.toMatch(/<option value="[\w-]+:[\w-]+"/);
  expect(Buffer.byteLength(page.text)).toBeLessThan(1_500_000);
});
