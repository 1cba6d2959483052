/**
 * One renderer: every piece of views/shared/ drawn by the server (EJS including the template from a
 * page, as app.ts renders) and by the browser (the same template compiled into the bundle by
 * scripts/ejs-module.mjs) is the same HTML, for every kind of viewer and page.
 */
import ejs from 'ejs';
import { join } from 'node:path';
import type { Board, Session } from '../../../server/domain/types';
import type { HistoryItem, OverlapMark, Suggestion } from '../../../server/protocol/events';
import type { NoteEntry } from '../../../server/domain/notes';
import { agendaModel, noticesModel } from '../../../views/shared/agenda';
import agendaHtml from '../../../views/shared/agenda-list.ejs';
import noticesHtml from '../../../views/shared/agenda-notices.ejs';
import { boardModel, wallModel } from '../../../views/shared/board';
import gridHtml from '../../../views/shared/board-grid.ejs';
import { cardContext, cardModel, type CardView, type Viewer } from '../../../views/shared/card';
import choicesHtml from '../../../views/shared/merge-choices.ejs';
import { hostFlagsModel } from '../../../views/shared/host-flags';
import hostFlagsHtml from '../../../views/shared/host-flags.ejs';
import { noteModel } from '../../../views/shared/note';
import noteHtml from '../../../views/shared/note-entry.ejs';
import timesHtml from '../../../views/shared/now-next.ejs';
import { mergeChoices, panelModel } from '../../../views/shared/panel';
import cardHtml from '../../../views/shared/session-card.ejs';
import panelHtml from '../../../views/shared/suggestions-panel.ejs';
import scheduleHtml from '../../../views/shared/schedule-panel.ejs';
import { previewMarks, schedulePanelModel } from '../../../views/shared/schedule';
import { proposalOf } from '../../helpers/proposals';
import unscheduledHtml from '../../../views/shared/unscheduled.ejs';
import wallHtml from '../../../views/shared/wall-rooms.ejs';
import { fragment, normalisedHtml } from '../../helpers/html';
import { sessionOf } from '../../helpers/sessions';
import { similarListModel } from '../../../views/shared/similar';
import similarHtml from '../../../views/shared/similar-list.ejs';

const VIEWS = join(__dirname, '../../../views');

/** What a server page writes for `<%- include('/shared/NAME', data) %>`. */
const drawnByServer = (name: string, data: object): string =>
  ejs.render(`<%- include('/shared/${name}', data) %>`, { data }, { root: VIEWS, filename: join(VIEWS, 'page.ejs') });

const session = (id: string, fields: Partial<Session> = {}): Session => sessionOf(id, { title: `Talk <${id}> & “more”`, ...fields });

/** Hall (10 seats) and Attic (80) at 10:00 and 11:00: "crowded" overflows the Hall with a free Attic next door. */
const board: Board = {
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    timeZone: 'Europe/London',
    listed: false,
    version: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
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

const variants: [string, Omit<CardView, 'board' | 'marks'>][] = [
  ['an attendee’s first paint', { viewer: attendee, mode: 'board', live: false, csrf: 'token<&>' }],
  ['an organiser’s first paint', { viewer: organiser, mode: 'board', live: false, csrf: 'token' }],
  ['a facilitator’s first paint', { viewer: facilitator, mode: 'board', live: false, csrf: 'token' }],
  ['an attendee’s live board, some starred', { viewer: attendee, mode: 'board', live: true, starred: new Set(['merged']) }],
  ['an organiser’s live board', { viewer: organiser, mode: 'board', live: true, starred: new Set(['crowded', 'waiting']) }],
  ['a facilitator’s live board', { viewer: facilitator, mode: 'board', live: true, starred: new Set() }],
  [
    'an organiser’s live board with pins and planning (10:00 running, 11:00 next)',
    {
      viewer: organiser,
      mode: 'board',
      live: true,
      starred: new Set(),
      frozenSlotIds: new Set(['s10', 's11']),
      plan: {
        planning: new Map([['waiting', { sessionId: 'waiting', pinned: true, hands: 12, availability: 'not before 11:00' }]]),
        preview: null,
      },
    },
  ],
  [
    'an organiser’s live board previewing a proposal',
    {
      viewer: organiser,
      mode: 'board',
      live: true,
      starred: new Set(),
      plan: { planning: new Map(), preview: previewMarks(board, proposalOf(board)) },
    },
  ],
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
        expect(normalisedHtml(cardHtml({ card }))).toBe(normalisedHtml(server));
        expect(fragment(server)('article.session-card').length).toBe(1);
      }
    }
  });

  test('the cards compared carry co-hosts, links, overlaps, sizing, stars and every control', () => {
    const html = (view: Omit<CardView, 'board' | 'marks'>) => {
      const ctx = cardContext({ board, marks, ...view });
      return board.sessions.map((s) => cardHtml({ card: cardModel(s, ctx) })).join('');
    };
    const first = fragment(html(variants[1]![1]));
    expect(first('#session-merged .meta').text()).toBe('by Ann, Bo, Cy <3> · 2 would go');
    expect(first('#session-merged .marker.linked').text()).toBe('↔ Linked: “Talk <linked> & “more””, Attic at 11:00');
    expect(first('#session-waiting .marker.overlap').length).toBe(3);
    expect(first('#session-crowded .marker.sizing.overflow').text()).toContain('Likely full');
    expect(first('form[action="/e/e/s/crowded/place"] input[name="cell"]').val()).toBe('attic:s10');
    expect(first('form[action="/e/e/s/merged/unschedule"]').length).toBe(1);
    expect(first('a.place-link[href="/e/e/s/waiting?from=board#schedule"]').text()).toBe('Place…');
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
    const pinned = fragment(html(variants[6]![1]));
    expect(pinned('.pin-state').length).toBe(3);
    expect(pinned('.pin-toggle').attr('aria-pressed')).toBe('true');
    // The pin is drawn, not an emoji: the same on every system; the words stay for everyone.
    expect(pinned('.pin-toggle[aria-pressed="true"]').text().trim()).toBe('Pinned');
    expect(pinned('.pin-toggle[aria-pressed="true"] svg.icon[aria-hidden="true"]').length).toBe(1);
    expect(pinned('.pin-state svg.icon[aria-hidden="true"]').length).toBe(3);
    expect(pinned.html()).not.toContain('📌');
    expect(pinned('.plan-button').length).toBe(4);
    expect(pinned('[data-session-id="waiting"] .marker.planning').text()).toBe('12 hands at the pitch · Host: not before 11:00');
    const preview = fragment(html(variants[7]![1]));
    expect(preview('.proposed-move').attr('data-session-id')).toBe('waiting');
    expect(preview('.proposed-move .marker.proposal').text()).toContain('Proposed: unscheduled → Attic at 10:00');
    expect(preview('button').length).toBe(0);
    const wall = fragment(html(variants[9]![1]));
    expect(wall('button, form, a').length).toBe(0);
    expect(wall('[data-session-id="waiting"] .marker').length).toBe(3);
  });
});

describe('a card that clashes (issue 16.5)', () => {
  /**
   * "waiting" placed in the Attic at 10:00, beside "crowded" it clashes with; 12:00 has free rooms,
   * and only the Attic seats the 30 who want to go to "crowded".
   */
  const clashing: Board = {
    ...board,
    slots: [...board.slots, { id: 's12', eventId: 'e', label: '', startsAt: '12:00', endsAt: '12:45', position: 2 }],
    sessions: board.sessions.map((s) => (s.id === 'waiting' ? { ...s, roomId: 'attic', slotId: 's10' } : s)),
  };
  const clashes = [{ sessions: ['crowded', 'waiting'] as [string, string], why: 'both about <maps> & “more”' }];

  test.each([
    ['an organiser’s first paint', { viewer: organiser, live: false, csrf: 'token' }],
    ['an organiser’s live board', { viewer: organiser, live: true }],
    ['a facilitator’s live board', { viewer: facilitator, live: true }],
  ] as const)('is drawn the same on the server and in the browser, with its way out: %s', (_label, view) => {
    const ctx = cardContext({ board: clashing, marks, mode: 'board', clashes, ...view });
    const card = cardModel(
      clashing.sessions.find((s) => s.id === 'crowded')!,
      ctx,
    );
    const $ = fragment(expectSame('session-card', cardHtml, { card }));
    expect($('.session-card.clashing .marker.clash').text()).toBe(
      '⚠ Clashes with “Talk <waiting> & “more”” (Attic): both about <maps> & “more”',
    );
    expect($('.marker.clash-fix').text()).toBe('Next free slot without a clash: Attic at 12:00');
    const button = $('.next-free-button');
    expect(button.text()).toBe('Move to the next free slot');
    expect(button.attr('aria-label')).toBe('Move “Talk <crowded> & “more”” to the next free slot, Attic at 12:00');
    if (view.live) expect([button.attr('data-room-id'), button.attr('data-slot-id')]).toEqual(['attic', 's12']);
    else expect(button.closest('form').find('input[name="cell"]').val()).toBe('attic:s12');
  });

  test('is not drawn for attendees, on the wall or in “My agenda”, whatever pairs are given', () => {
    for (const view of [
      { viewer: attendee, mode: 'board', live: true },
      { viewer: organiser, mode: 'wall', live: true },
      { viewer: organiser, mode: 'agenda', live: true },
    ] as const) {
      const ctx = cardContext({ board: clashing, marks, clashes, ...view });
      const $ = fragment(clashing.sessions.map((s) => cardHtml({ card: cardModel(s, ctx) })).join(''));
      expect($('.clashing, .marker.clash, .next-free-button').length).toBe(0);
    }
  });
});

/** Both renderers of one piece, parsed: they must be the same HTML. */
function expectSame(name: string, browser: (data: never) => string, data: object): string {
  const server = drawnByServer(name, data);
  expect(normalisedHtml(browser(data as never))).toBe(normalisedHtml(server));
  return server;
}

/** 10:30 on the day: the 10:00 slot is on now, 11:00 is next. */
const during = { date: '2026-06-20', minutes: 10 * 60 + 30 };
const times = [
  ['before the day', { date: '2026-06-19', minutes: 9 * 60 }],
  ['during a slot', during],
  ['in the break', { date: '2026-06-20', minutes: 10 * 60 + 50 }],
  ['after the last slot', { date: '2026-06-20', minutes: 13 * 60 }],
] as const;

describe('the board’s pieces', () => {
  test.each(variants.filter(([, v]) => v.mode === 'board'))('grid, unscheduled list and Now / Next / Later: %s', (_label, view) => {
    const ctx = cardContext({ board, marks, ...view });
    for (const [, at] of times) {
      const drawn = boardModel(ctx, at);
      expectSame('now-next', timesHtml, { times: drawn.times });
      expect(fragment(expectSame('board-grid', gridHtml, { grid: drawn.grid }))('td .session-card').length).toBe(3);
      expect(fragment(expectSame('unscheduled', unscheduledHtml, { cards: drawn.unscheduled }))('.session-card').length).toBe(1);
    }
  });

  test('a slot without a label is named by its times once, in its row header and in its cells’ accessible names', () => {
    const drawn = boardModel(cardContext({ board, marks, viewer: organiser, mode: 'board', live: true }), during);
    const grid = fragment(expectSame('board-grid', gridHtml, { grid: drawn.grid }));
    const headers = grid('tbody th[scope="row"]')
      .map((_i, th) => grid(th).text())
      .get();
    expect(headers).toEqual(['10:00–10:45', 'After coffee11:00–11:45']);
    expect(grid('tbody tr').first().find('td').attr('aria-label')).toBe('Hall, 10:00–10:45');
    expect(grid('tbody tr').last().find('td').attr('aria-label')).toBe('Hall, After coffee');
  });

  test('an empty grid and an empty list say so, to the organiser with a way to set it up', () => {
    const empty: Board = { ...board, rooms: [], slots: [], sessions: [], links: [] };
    for (const viewer of [attendee, organiser]) {
      const drawn = boardModel(cardContext({ board: empty, marks: [], viewer, mode: 'board', live: true }), during);
      const grid = fragment(expectSame('board-grid', gridHtml, { grid: drawn.grid }));
      expect(grid('p.empty a').length).toBe(viewer.organiser ? 1 : 0);
      expect(fragment(expectSame('unscheduled', unscheduledHtml, { cards: drawn.unscheduled }))('p.empty').text()).toBe(
        'No pitches waiting.',
      );
      expect(
        fragment(expectSame('now-next', timesHtml, { times: drawn.times }))('.phase-note')
          .first()
          .text(),
      ).toBe('The organisers have not set the times yet.');
    }
  });

  test.each(times)('the wall display %s', (_label, at) => {
    const wall = wallModel(cardContext({ board, marks, viewer: attendee, mode: 'wall', live: true }), at);
    const $ = fragment(expectSame('wall-rooms', wallHtml, { wall }));
    expect($('tr[data-room-id]').length).toBe(2);
  });
});

const note = (id: number, body: string, author = 'Ann <b>'): NoteEntry => ({
  id,
  eventId: 'e',
  sessionId: 'merged',
  author,
  body,
  createdAt: '2026-06-20T10:05:00.000Z',
});

describe('views/shared/note-entry.ejs', () => {
  const notes = [note(1, 'See https://example.org/a?b=1&c=2. And <script>alert(1)</script>'), note(2, 'javascript:alert(1) stays text')];
  test.each([
    ['an attendee', { organiser: false, live: true, timeZone: 'Europe/London' }],
    ['an organiser, live', { organiser: true, live: true, timeZone: 'Europe/London' }],
    ['an organiser’s first paint', { organiser: true, live: false, csrf: 'token', timeZone: 'Europe/London' }],
  ])('draws the same note on the server and in the browser for %s', (_label, view) => {
    for (const entry of notes) {
      const $ = fragment(expectSame('note-entry', noteHtml, { note: noteModel(entry, view) }));
      expect($('script').length).toBe(0);
      expect($('button').length).toBe(view.organiser ? 1 : 0);
    }
  });

  test('links only http(s) addresses, with the visitor-link rel', () => {
    const $ = fragment(noteHtml({ note: noteModel(notes[0]!, { organiser: false, live: true, timeZone: 'UTC' }) }));
    expect($('a').attr('href')).toBe('https://example.org/a?b=1&c=2');
    expect($('a').attr('rel')).toBe('nofollow ugc noopener');
    expect(fragment(noteHtml({ note: noteModel(notes[1]!, { organiser: false, live: true, timeZone: 'UTC' }) }))('a').length).toBe(0);
  });

  test('the time is the venue’s clock, whatever the zone of the machine that draws it', () => {
    const at = (timeZone: string) => noteModel(notes[0]!, { organiser: false, live: true, timeZone }).time;
    expect([at('Europe/London'), at('Asia/Tokyo'), at('America/New_York')]).toEqual(['11:05', '19:05', '06:05']);
  });
});

describe('the facilitator’s panel, the merge dialog and “My agenda”', () => {
  const suggestion: Suggestion = {
    id: 'crowded+merged',
    sessions: ['crowded', 'merged'],
    score: 0.8123,
    relation: 'different-slots',
    suggestion: 'link',
    tier: 'same',
    reason: 'Both ask about <code> & councils',
    sharedTerms: ['code', 'councils'],
    where: '10:00 (Hall) and 11:00 (Hall): link them.',
    evidence: [
      { kind: 'attendees', text: '2 people say so: “same conversation”.' },
      { kind: 'words', text: 'Shared words: “<code>”.' },
    ],
    flags: 2,
    reopened: false,
  };
  const related: Suggestion = {
    ...suggestion,
    id: 'crowded+waiting',
    sessions: ['crowded', 'waiting'],
    tier: 'related',
    flags: 0,
    evidence: [],
  };
  const history: HistoryItem[] = [
    { id: 2, action: 'link', summary: 'Linked “A” and “B”', createdAt: '2026-06-20T10:00:00.000Z', undoable: true },
    { id: 1, action: 'dismiss', summary: 'Dismissed <x>', createdAt: '2026-06-20T09:00:00.000Z', undoable: false },
  ];

  test.each([true, false])('the panel is the same on the server and in the browser (live: %s)', (live) => {
    for (const [list, done] of [
      [[suggestion, related], history],
      [[], []],
    ] as const) {
      const $ = fragment(expectSame('suggestions-panel', panelHtml, { panel: panelModel(board, list, done, live, { organiser: true }) }));
      expect($('li.suggestion').length).toBe(list.length);
      // Merge, link and dismiss each; an organiser also clears the flags of the one people flagged.
      const flagged = list.filter((s) => s.flags > 0).length;
      expect($('button[data-action]').length).toBe(live ? list.length * 3 + flagged + done.filter((h) => h.undoable).length : 0);
    }
  });

  test('the panel lists two tiers in plain words: likely the same first, possibly related collapsed', () => {
    const $ = fragment(panelHtml({ panel: panelModel(board, [related, suggestion], history, true) }));
    expect($('#tier-same').text()).toBe('Likely the same conversation (1)');
    expect($('details[data-related]').attr('open')).toBeUndefined();
    expect($('details[data-related] li.suggestion').attr('data-suggestion-id')).toBe('crowded+waiting');
    expect($('li.suggestion').first().find('.people').text()).toBe('2 people say so');
    expect($('li.suggestion').first().find('.where').text()).toBe(
      'Both ask about <code> & councils 10:00 (Hall) and 11:00 (Hall): link them.',
    );
    expect($.root().text()).not.toMatch(/score|terms|relation/i);
    // Nothing likely the same: the related tier is open, as there is nothing else to read.
    expect(fragment(panelHtml({ panel: panelModel(board, [related], [], true) }))('details[data-related]').attr('open')).toBe('open');
  });

  test('while the first analysis runs, the panel says so on the server and in the browser, not "no overlaps"', () => {
    const $ = fragment(expectSame('suggestions-panel', panelHtml, { panel: panelModel(board, [], [], true, { analysing: true }) }));
    expect($('[data-analysing]').text()).toMatch(/^Analysing the sessions for overlaps…/);
    expect($('h2').first().text()).toBe('Overlap suggestions');
    expect($.root().text()).not.toContain('No overlaps found so far');
    const done = fragment(panelHtml({ panel: panelModel(board, [], [], true) }));
    expect([done('[data-analysing]').length, done('h2').first().text()]).toEqual([0, 'Overlap suggestions (0)']);
  });

  test('hosts’ flags are the same on the server and in the browser', () => {
    const flags = hostFlagsModel('e', [
      { sessionId: 'crowded', title: 'A <b>', otherId: 'merged', otherTitle: 'B', flags: 2, answer: null },
    ]);
    const $ = fragment(expectSame('host-flags', hostFlagsHtml, { flags }));
    expect($('li').text()).toBe('2 people say your session “A <b>” is the same conversation as “B”. Answer');
    expect($('a').attr('href')).toBe('/e/e/s/crowded#same-as');
    expect(expectSame('host-flags', hostFlagsHtml, { flags: hostFlagsModel('e', []) }).trim()).toBe('');
  });

  test('the merge dialog’s choices and the agenda are the same on the server and in the browser', () => {
    const sessions = board.sessions.slice(0, 2);
    expect(fragment(expectSame('merge-choices', choicesHtml, { choices: mergeChoices(sessions) }))('input:checked').val()).toBe('merged');
    const ctx = cardContext({ board, marks, viewer: attendee, mode: 'agenda', live: true, starred: new Set(['crowded', 'waiting']) });
    const agenda = fragment(expectSame('agenda-list', agendaHtml, { agenda: agendaModel(ctx, [board.sessions[1]!, board.sessions[3]!]) }));
    expect(
      agenda('.room-name')
        .map((_i, p) => agenda(p).text())
        .get(),
    ).toEqual(['10:00–10:45 · Hall', 'Not scheduled yet']);
    const one = { id: 'n1', sessionId: 'merged', text: '“A” moved to <Hall>', kind: 'moved', title: 'A <b>' };
    const single = fragment(expectSame('agenda-notices', noticesHtml, { notices: noticesModel('e', [one]) }));
    expect([single('li').length, single('details').length]).toEqual([1, 0]);
    const notices = noticesModel('e', [one, { id: 'n2', sessionId: null, text: '“B” is gone', kind: 'gone', title: 'B' }], true);
    const $ = fragment(expectSame('agenda-notices', noticesHtml, { notices }));
    expect($('li').length).toBe(2);
    expect($('[data-notice-summary]').text()).toBe('2 sessions you starred changed: “A <b>” and “B”.');
    expect($('details[data-notice-details]').attr('open')).toBe('open');
    expect(expectSame('agenda-notices', noticesHtml, { notices: noticesModel('e', []) }).trim()).toBe('');
  });

  test('the pitch form’s sessions like yours are the same on the server and in the browser, user text escaped', () => {
    const items = [
      {
        id: 's1',
        title: 'Low-code <b>now</b>',
        pitcher: 'Hana & co',
        where: 'Library, Morning (10:45–11:30)',
        reason: 'Both about "low-code".',
      },
      {
        id: 's2',
        title: 'Citizen developers',
        pitcher: 'Sam',
        where: 'Not scheduled yet',
        reason: 'Worded differently, but close in meaning.',
      },
    ];
    const list = fragment(expectSame('similar-list', similarHtml, { list: similarListModel('e', 'Low-code', items) }));
    expect(list('li').length).toBe(2);
    expect(list('b').length).toBe(0);
    expect(
      list('.similar-where')
        .map((_i, p) => list(p).text())
        .get(),
    ).toEqual(['In Library, Morning (10:45–11:30).', 'Not scheduled yet.']);
    expect(list('button[value="join:s1"]').attr('aria-describedby')).toBe('similar-s1');
    const none = fragment(expectSame('similar-list', similarHtml, { list: similarListModel('e', 'Knitting', []) }));
    expect(none('li').length).toBe(0);
    expect(none('input[name="checkedTitle"]').val()).toBe('Knitting');
  });
});

describe('views/shared/schedule-panel.ejs', () => {
  test.each([
    ['the first paint', false, null],
    ['the live panel', true, null],
    ['the live panel with a proposal', true, proposalOf(board)],
  ] as const)('draws the same on the server and in the browser: %s', (_label, live, proposal) => {
    const rules = [{ id: 1, kind: 'apart' as const, a: 'crowded', b: 'merged', createdAt: 't' }];
    const model = schedulePanelModel({
      board,
      live,
      moveExisting: true,
      busy: false,
      proposal,
      rules,
      draft: { kind: 'apart', a: 'linked', b: '' },
    });
    const $ = fragment(expectSame('schedule-panel', scheduleHtml, { schedule: model }));
    expect($('[data-action="schedule-propose"]').length).toBe(live ? 1 : 0);
    expect($('.schedule-figures tbody tr').length).toBe(proposal ? 7 : 0);
    if (live) expect($('#rule-a option:selected').val()).toBe('linked');
  });

  test('a proposal that changes nothing offers no Apply (it would only add an empty entry to the history), only Close', () => {
    const proposal = proposalOf(board);
    const unchanged = { ...proposal, placements: proposal.placements.map((p) => ({ ...p, changed: false, to: p.from })) };
    const model = schedulePanelModel({
      board,
      live: true,
      moveExisting: true,
      busy: false,
      proposal: unchanged,
      rules: [],
      draft: { kind: 'apart', a: '', b: '' },
    });
    const $ = fragment(expectSame('schedule-panel', scheduleHtml, { schedule: model }));
    expect($('[data-action="schedule-apply"]').length).toBe(0);
    expect($('[data-action="schedule-discard"]').text()).toBe('Close');
  });
});
