/**
 * One renderer: every piece of views/shared/ drawn by the server (EJS including the template from a
 * page, as app.ts renders) and by the browser (the same template compiled into the bundle by
 * scripts/ejs-module.mjs) is the same HTML, for every kind of viewer and page.
 */
import ejs from 'ejs';
import { join } from 'node:path';
import type { Board, Session } from '../../../server/domain/types';
import type { OverlapMark } from '../../../server/protocol/events';
import { cardContext, cardModel, type CardView, type Viewer } from '../../../views/shared/card';
import { renderCard } from '../../../client/templates';
import { fragment, normalisedHtml } from '../../helpers/html';
import { sessionOf } from '../../helpers/sessions';

const VIEWS = join(__dirname, '../../../views');

/** What a server page writes for `<%- include('/shared/NAME', data) %>`. */
const drawnByServer = (name: string, data: object): string =>
  ejs.render(`<%- include('/shared/${name}', data) %>`, { data }, { root: VIEWS, filename: join(VIEWS, 'page.ejs') });

const session = (id: string, fields: Partial<Session> = {}): Session => sessionOf(id, { title: `Talk <${id}> & “more”`, ...fields });

/** Hall (10 seats) and Attic (80) at 10:00 and 11:00: "crowded" overflows the Hall with a free Attic next door. */
const board: Board = {
  event: { id: 'e', name: 'Camp', date: '2026-06-20', venue: '', version: 3, createdAt: '2026-01-01T00:00:00.000Z' },
  rooms: [
    { id: 'hall', eventId: 'e', name: 'Hall', capacity: 10, position: 0 },
    { id: 'attic', eventId: 'e', name: 'Attic', capacity: 80, position: 1 },
  ],
  slots: [
    { id: 's10', eventId: 'e', label: '', startsAt: '10:00', endsAt: '10:45', position: 0 },
    { id: 's11', eventId: 'e', label: 'After coffee', startsAt: '11:00', endsAt: '11:45', position: 1 },
  ],
  sessions: [
    session('merged', { roomId: 'hall', slotId: 's11', cohosts: ['Bo', 'Cy <3>'], interest: 2 }),
    session('crowded', { roomId: 'hall', slotId: 's10', interest: 30, pitcher: 'Dee' }),
    session('linked', { roomId: 'attic', slotId: 's11' }),
    session('waiting', { createdAt: '2026-01-01T09:30:00.000Z' }),
  ],
  links: [['merged', 'linked']],
};
const marks: OverlapMark[] = [
  { id: 'crowded+merged+waiting', sessions: ['crowded', 'merged', 'waiting'] },
  { id: 'linked+waiting', sessions: ['linked', 'waiting'] },
];

const attendee: Viewer = { organiser: false, facilitator: false, interested: new Set(['crowded']) };
const organiser: Viewer = { organiser: true, facilitator: true, interested: new Set() };
const facilitator: Viewer = { organiser: false, facilitator: true, interested: new Set(['merged']) };
const freeCells = [{ value: 'attic:s10', label: '10:00 · Attic' }];

const variants: [string, Omit<CardView, 'board' | 'marks'>][] = [
  ['an attendee’s first paint', { viewer: attendee, mode: 'board', live: false, csrf: 'token<&>', freeCells }],
  ['an organiser’s first paint', { viewer: organiser, mode: 'board', live: false, csrf: 'token', freeCells }],
  ['a facilitator’s first paint', { viewer: facilitator, mode: 'board', live: false, csrf: 'token', freeCells }],
  ['an attendee’s live board, some starred', { viewer: attendee, mode: 'board', live: true, starred: new Set(['merged']) }],
  ['an organiser’s live board', { viewer: organiser, mode: 'board', live: true, starred: new Set(['crowded', 'waiting']) }],
  ['a facilitator’s live board', { viewer: facilitator, mode: 'board', live: true, starred: new Set() }],
  ['“My agenda”', { viewer: attendee, mode: 'agenda', live: true, starred: new Set(['linked']) }],
  ['the wall display', { viewer: attendee, mode: 'wall', live: true }],
  ['the wall display’s first paint', { viewer: attendee, mode: 'wall', live: false }],
];

describe('views/shared/session-card.ejs', () => {
  test.each(variants)('draws the same card on the server and in the browser: %s', (_label, view) => {
    const ctx = cardContext({ board, marks, ...view });
    for (const s of board.sessions) {
      for (const anchor of [true, false]) {
        const card = cardModel(s, ctx, anchor);
        const server = drawnByServer('session-card', { card });
        expect(normalisedHtml(renderCard(card))).toBe(normalisedHtml(server));
        expect(fragment(server)('article.session-card').length).toBe(1);
      }
    }
  });

  test('the cards compared carry co-hosts, links, overlaps, sizing, stars and every control', () => {
    const html = (view: Omit<CardView, 'board' | 'marks'>) => {
      const ctx = cardContext({ board, marks, ...view });
      return board.sessions.map((s) => renderCard(cardModel(s, ctx))).join('');
    };
    const first = fragment(html(variants[1]![1]));
    expect(first('#session-merged .meta').text()).toBe('by Ann, Bo, Cy <3> · 2 would go');
    expect(first('#session-merged .marker.linked').text()).toBe('↔ Linked: “Talk <linked> & “more””, Attic at 11:00');
    expect(first('#session-waiting .marker.overlap').length).toBe(3);
    expect(first('#session-crowded .marker.sizing.overflow').text()).toContain('Likely full');
    expect(first('form[action="/e/e/s/crowded/place"] input[name="cell"]').val()).toBe('attic:s10');
    expect(first('form[action="/e/e/s/merged/unschedule"]').length).toBe(1);
    expect(first('#cell-waiting option').length).toBe(2);
    expect(first('input[name="_csrf"]').first().val()).toBe('token');
    const live = fragment(html(variants[4]![1]));
    expect(live('form').length).toBe(0);
    expect(
      live('.star-toggle.pressed')
        .map((_i, b) => b.attribs['data-session-id'])
        .get(),
    ).toEqual(['crowded', 'waiting']);
    expect(live('.move-button').length).toBe(4);
    expect(live('.move-here-button').attr('data-room-id')).toBe('attic');
    const wall = fragment(html(variants[7]![1]));
    expect(wall('button, form, a').length).toBe(0);
    expect(wall('[data-session-id="waiting"] .marker').length).toBe(3);
  });
});
