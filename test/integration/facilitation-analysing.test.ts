/**
 * "Analysing…": while an event's first analysis runs (after a start, before any result), the
 * facilitator's panel must not say "no overlaps", which nobody knows yet. The join says so, and the
 * first `suggestions:changed` ends it. The detector is held here until the test lets it go.
 */
import { HeldAnalysis } from '../helpers/held-analysis';
import type { Joined } from '../../server/protocol/events';
import { dom } from '../helpers/html';
import { connected, harnessPerTest, okData, once, send, type Harness } from './realtime.helpers';
import { camp, twoAboutCode } from './facilitation.helpers';
import request from 'supertest';

let h: Harness;
harnessPerTest((made) => (h = made));

test('a facilitator who joins before the first analysis is told it is under way, and the first result ends it', async () => {
  const analysis = new HeldAnalysis();
  const live = await h.start({ analysis });
  const ev = camp(live.services);
  twoAboutCode(live.services, ev.eventId);

  const socket = h.connect(live, { token: ev.facilitatorToken });
  await connected(socket);
  const first = once(socket, 'suggestions:changed');
  const joined = okData(await send<Joined>(socket, 'board:join', { eventId: ev.eventId }));
  expect([joined.analysing, joined.suggestions]).toEqual([true, []]);
  // The first paint says so too, instead of "No overlaps found so far".
  const facilitatorPages = request.agent(live.url);
  await facilitatorPages.get(`/e/${ev.eventId}/facilitate`).query({ key: ev.facilitatorToken }).expect(303);
  const page = dom((await facilitatorPages.get(`/e/${ev.eventId}`).expect(200)).text);
  expect(page('[data-suggestions] [data-analysing]').text()).toMatch(/^Analysing the sessions for overlaps…/);
  expect(page('[data-suggestions] h2').first().text()).toBe('Overlap suggestions');

  // Attendees have no panel: their join never says "analysing".
  const attendee = h.connect(live);
  await connected(attendee);
  expect(okData(await send<Joined>(attendee, 'board:join', { eventId: ev.eventId })).analysing).toBe(false);

  analysis.release();
  expect(await first).toEqual([expect.objectContaining({ tier: 'same' })]);
  expect(okData(await send<Joined>(socket, 'board:join', { eventId: ev.eventId })).analysing).toBe(false);
});
