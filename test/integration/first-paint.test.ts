/**
 * A board with scripts blocked shows what the live board shows: the server's first paint of the
 * board, the phone's Now / Next / Later, the facilitator's panel and the wall display, compared
 * with what the browser draws from the snapshot its socket joins with (the same templates and
 * models, drawn live). Only the controls differ: forms that post, or buttons that send commands.
 */
import request from 'supertest';
import { wallTimeOf } from '../../server/domain/now-next';
import type { Joined } from '../../server/protocol/events';
import { boardModel, wallModel } from '../../views/shared/board';
import gridHtml from '../../views/shared/board-grid.ejs';
import { frozenOf } from '../../views/shared/schedule';
import { cardContext } from '../../views/shared/card';
import timesHtml from '../../views/shared/now-next.ejs';
import { panelModel } from '../../views/shared/panel';
import panelHtml from '../../views/shared/suggestions-panel.ejs';
import unscheduledHtml from '../../views/shared/unscheduled.ejs';
import wallHtml from '../../views/shared/wall-rooms.ejs';
import { fragment, normalisedHtml } from '../helpers/html';
import { camp, pitch, twoAboutCode, type Camp, type Kit, type Live, kitPerTest } from './facilitation.helpers';

let k: Kit;
let live: Live;
let ev: Camp;

kitPerTest((started) => ({ k, live } = started), {}, 'file');
beforeAll(async () => {
  ev = camp(live.services);
  const { services } = live;
  const [priya, sam] = twoAboutCode(services, ev.eventId);
  services.sessions.place(ev.eventId, priya, { roomId: ev.rooms[0], slotId: ev.slots[0] });
  services.sessions.place(ev.eventId, sam, { roomId: ev.rooms[1], slotId: ev.slots[1] });
  const gardens = pitch(services, ev.eventId, 'Community gardens on council land', 'Ola');
  const allotments = pitch(services, ev.eventId, 'Allotment waiting lists', 'Kim');
  services.sessions.place(ev.eventId, gardens, { roomId: ev.rooms[2], slotId: ev.slots[0] });
  services.facilitation.merge(ev.eventId, { sessionIds: [gardens, allotments], primaryId: gardens });
  const ethics = pitch(services, ev.eventId, 'Data ethics boards', 'Lee');
  services.facilitation.link(ev.eventId, { sessionIds: [ethics, gardens] });
  pitch(services, ev.eventId, 'Open standards for planning data', 'Mo');
  await services.suggestions.refresh(ev.eventId);
});

type Role = 'attendee' | 'organiser' | 'facilitator';

/** The board page as this role's browser gets it, and the snapshot its socket joins with. */
async function both(role: Role): Promise<{ page: string; joined: Joined }> {
  const browser = request.agent(live.server.app);
  const token = role === 'organiser' ? ev.adminToken : role === 'facilitator' ? ev.facilitatorToken : undefined;
  if (role === 'organiser') await browser.get(`/e/${ev.eventId}/admin`).query({ key: token }).expect(303);
  if (role === 'facilitator') await browser.get(`/e/${ev.eventId}/facilitate`).query({ key: token }).expect(303);
  const page = (await browser.get(`/e/${ev.eventId}`).expect(200)).text;
  const { joined } = await k.join(live, ev.eventId, token ? { token } : {});
  return { page, joined };
}

/** What a piece says, without its controls (forms on the first paint, buttons live) and the spaces beside them. */
function withoutControls(html: string): string {
  const $ = fragment(html);
  $('form, button, .place-link, .suggestion-actions').remove();
  return normalisedHtml($.html()).replace(/\s+</g, '<');
}

/** What the live board draws into each part of the page, from its join. */
function drawnLive(joined: Joined) {
  const viewer = { organiser: joined.organiser, facilitator: joined.facilitator, interested: new Set(joined.interested) };
  const at = wallTimeOf(live.clock.now());
  // The organiser's live board draws the schedule assistant's planning (client/board/schedule.ts).
  const planning = new Map(live.services.schedule.planning(ev.eventId).sessions.map((p) => [p.sessionId, p]));
  const plan = joined.organiser ? { plan: { planning, preview: null } } : {};
  const cards = cardContext({
    board: joined.board,
    viewer,
    marks: joined.suggestions,
    mode: 'board',
    live: true,
    frozenSlotIds: frozenOf(joined.board, at),
    starred: new Set(),
    ...plan,
  });
  const drawn = boardModel(cards, at);
  return {
    '[data-grid]': gridHtml({ grid: drawn.grid }),
    '[data-unscheduled]': unscheduledHtml({ cards: drawn.unscheduled }),
    '[data-now-next]': timesHtml({ times: drawn.times }),
  };
}

describe.each<Role>(['attendee', 'organiser', 'facilitator'])('the board as the %s sees it', (role) => {
  test('the first paint shows every card as the live board draws it: co-hosts, links, overlaps', async () => {
    const { page, joined } = await both(role);
    const $ = fragment(page);
    for (const [part, html] of Object.entries(drawnLive(joined))) {
      expect(withoutControls($(part).html() ?? '')).toBe(withoutControls(html));
    }
    expect($('[data-grid] .session-card.merged .meta').text()).toBe('by Ola, Kim · 0 would go');
    expect($('[data-grid] .marker.linked').length).toBe(1);
    expect($('[data-grid] .session-card.overlapping').length).toBe(2);
  });
});

test('the facilitator’s panel lists the suggestions on the first paint, as the live panel does (without its buttons)', async () => {
  const { page, joined } = await both('facilitator');
  const panel = fragment(page)('[data-suggestions]').html() ?? '';
  const history = live.services.facilitation.history(ev.eventId);
  const suggestions = live.services.suggestions.current(ev.eventId);
  expect(suggestions.length).toBeGreaterThan(0);
  expect(withoutControls(panel)).toBe(withoutControls(panelHtml({ panel: panelModel(joined.board, suggestions, history, true) })));
  expect(fragment(panel)('li.suggestion').length).toBe(suggestions.length);
  expect(fragment(panel)('button').length).toBe(0);
});

test('the wall display’s first paint is what the live wall draws, overlap marks included', async () => {
  // 10:30 on the day of the event (camp() makes it 2026-06-20), in this machine's zone.
  live.clock.advance(new Date(2026, 5, 20, 10, 30).getTime() - live.clock.now().getTime());
  const page = (await request(live.server.app).get(`/e/${ev.eventId}/wall`).expect(200)).text;
  const { joined } = await k.join(live, ev.eventId);
  const nobody = { organiser: false, facilitator: false, interested: new Set<string>() };
  const cards = cardContext({ board: joined.board, viewer: nobody, marks: joined.suggestions, mode: 'wall', live: true });
  const drawn = wallHtml({ wall: wallModel(cards, wallTimeOf(live.clock.now())) });
  const $ = fragment(page);
  expect(normalisedHtml($('[data-wall-rooms]').html() ?? '')).toBe(normalisedHtml(drawn));
  expect($('[data-wall-rooms] .session-card.overlapping').length).toBeGreaterThan(0);
});
