import { proposeSchedule } from '../../../../server/domain/schedule/assistant';
import { describeAvailability, parseAvailability } from '../../../../server/domain/schedule/availability';
import { frozenSlots } from '../../../../server/domain/schedule/frozen';
import { findThemes, trackName } from '../../../../server/domain/schedule/themes';
import { randomBoard } from '../../../../scripts/bench/schedule-optimum';
import { board, session } from './helpers';

const slotOf = (proposal: ReturnType<typeof proposeSchedule>, id: string) =>
  proposal.placements.find((p) => p.sessionId === id)?.to?.slotId;

describe('proposeSchedule', () => {
  test('the same board gives the same proposal, whatever the order of its sessions', () => {
    const input = randomBoard(11, { rooms: 4, slots: 6, sessions: 20 });
    const first = proposeSchedule(input);
    expect(proposeSchedule(structuredClone(input))).toEqual(first);
    expect(proposeSchedule({ ...input, sessions: [...input.sessions].reverse() })).toEqual(first);
  });

  test('pinned sessions never move, and sessions now, past or next are pinned by the clock', () => {
    const input = randomBoard(5, { rooms: 3, slots: 5, sessions: 14 });
    input.sessions[0] = {
      ...(input.sessions[0] as (typeof input.sessions)[0]),
      cell: { roomId: 'r0', slotId: 't4' },
      pinned: true,
      interest: 99,
    };
    input.now = { date: input.eventDate, minutes: 11 * 60 + 10 };
    const proposal = proposeSchedule(input);
    expect(proposal.frozenSlotIds).toEqual(['t0', 't1', 't2']);
    for (const placement of proposal.placements) {
      const was = input.sessions.find((s) => s.id === placement.sessionId);
      if (was?.pinned || (was?.cell && proposal.frozenSlotIds.includes(was.cell.slotId))) expect(placement.to).toEqual(was.cell);
      if (!was?.cell || !proposal.frozenSlotIds.includes(was.cell.slotId))
        expect(proposal.frozenSlotIds).not.toContain(placement.to?.slotId);
    }
  });

  test('frozenSlots: nothing before the day, everything after it, started and next slots on the day', () => {
    const { slots } = board(1, 3);
    expect(frozenSlots(slots, '2026-11-29', { date: '2026-11-28', minutes: 700 })).toEqual(new Set());
    expect(frozenSlots(slots, '2026-11-29', { date: '2026-11-30', minutes: 0 })).toEqual(new Set(['t0', 't1', 't2']));
    expect(frozenSlots(slots, '2026-11-29', { date: '2026-11-29', minutes: 9 * 60 })).toEqual(new Set(['t0']));
  });

  test('hard rules hold: one host per slot, availability, never together, back to back in one room', () => {
    const input = board(3, 3, {
      sessions: [
        session('a', { hosts: ['Ana'] }),
        session('b', { hosts: ['ana '], interest: 5 }),
        session('c', { availability: { notBefore: 12 * 60, notAfter: null } }),
        session('d'),
        session('e'),
        session('p1'),
        session('p2'),
      ],
      rules: [
        { kind: 'apart', a: 'd', b: 'e' },
        { kind: 'back-to-back', a: 'p1', b: 'p2' },
      ],
      interests: [['d', 'e', 'a', 'b', 'c', 'p1', 'p2']],
    });
    const proposal = proposeSchedule(input);
    expect(proposal.feasible).toBe(true);
    expect(slotOf(proposal, 'a')).not.toBe(slotOf(proposal, 'b'));
    expect(slotOf(proposal, 'c')).toBe('t2');
    expect(slotOf(proposal, 'd')).not.toBe(slotOf(proposal, 'e'));
    const [first, second] = ['p1', 'p2'].map((id) => proposal.placements.find((p) => p.sessionId === id)?.to);
    expect(second?.roomId).toBe(first?.roomId);
    expect(Number(second?.slotId.slice(1))).toBe(Number(first?.slotId.slice(1)) + 1);
    expect(proposal.after.hardViolations).toBe(0);
  });

  test('more sessions than cells: a clear message, and the best partial grid with what could not be placed', () => {
    const input = board([30, 10], 2, { sessions: ['a', 'b', 'c', 'd', 'e'].map((id, k) => session(id, { interest: 10 * k })) });
    const proposal = proposeSchedule(input);
    expect(proposal.feasible).toBe(false);
    expect(proposal.message).toBe(
      '5 sessions to place but only 4 free cells: 1 could not be placed. Add a room or a time slot, or leave some unscheduled.',
    );
    expect(proposal.unplaced).toEqual([{ sessionId: 'a', title: 'Session a', why: 'No free cell is left in the slots it can go in.' }]);
    expect(proposal.after.unplaced).toBe(1);
  });

  test('slots that have started or are next are not counted as free cells, and when every slot is, the message says so', () => {
    const later = board([30, 10], 3, { sessions: ['a', 'b', 'c', 'd', 'e'].map((id) => session(id)) });
    later.now = { date: later.eventDate, minutes: 10 * 60 };
    expect(proposeSchedule(later).message).toBe(
      '5 sessions to place but only 2 free cells in the slots still to come: 3 could not be placed. Add a room or a time slot, or leave some unscheduled.',
    );
    const over = board([30, 10], 2, { sessions: ['a', 'b'].map((id) => session(id)) });
    over.now = { date: over.eventDate, minutes: 23 * 60 };
    const proposal = proposeSchedule(over);
    expect(proposal.placements.filter((p) => p.to)).toEqual([]);
    expect(proposal.message).toBe(
      'Every time slot has started or is next, so the assistant places nothing: add a later time slot, or move sessions by hand.',
    );
  });

  test('a rule pinned sessions break is named, and nothing is added to it', () => {
    const input = board(2, 2, {
      sessions: [
        session('a', { pinned: true, cell: { roomId: 'r0', slotId: 't0' } }),
        session('b', { pinned: true, cell: { roomId: 'r1', slotId: 't0' } }),
      ],
      rules: [{ kind: 'apart', a: 'a', b: 'b' }],
    });
    const proposal = proposeSchedule(input);
    expect(proposal.message).toBe(
      'Pinned or started sessions break a rule: “Session a” and “Session b” must not run at the same time, but both run at 10:00.',
    );
    expect(proposal.feasible).toBe(false);
  });

  test('a host whose availability no slot meets is left out, with why', () => {
    const input = board(1, 2, { sessions: [session('late', { availability: { notBefore: 17 * 60, notAfter: null } })] });
    const proposal = proposeSchedule(input);
    expect(proposal.unplaced[0]?.why).toBe('Its host’s availability leaves no slot that has not started or is not next.');
    expect(proposal.message).toBe('1 session could not be placed within the rules (listed below).');
  });

  test('a moved card says which clash it leaves and how many people want both', () => {
    const input = board([20, 20], 2, {
      sessions: [
        session('low', { title: 'Low-code platforms', cell: { roomId: 'r0', slotId: 't0' }, interest: 14 }),
        session('nocode', { title: 'No-code tools', cell: { roomId: 'r1', slotId: 't0' }, interest: 14 }),
      ],
      interests: Array.from({ length: 14 }, () => ['low', 'nocode']),
    });
    const proposal = proposeSchedule(input);
    const moved = proposal.placements.filter((p) => p.changed);
    expect(moved).toHaveLength(1);
    expect(moved[0]?.explanation).toMatch(
      /^Moved away from “(Low-code platforms|No-code tools)” at 10:00, which 14 of the same people want\.$/,
    );
    expect(moved[0]?.reasons[0]).toMatchObject({ kind: 'wanted-both', people: 14 });
    expect(proposal.before.wantedBothClashes).toBe(14);
    expect(proposal.after).toMatchObject({ wantedBothClashes: 0, moved: 1 });
  });

  test('an evidence clash is explained with its provenance', () => {
    const input = board(2, 2, {
      sessions: [
        session('a', { title: 'Open data', cell: { roomId: 'r0', slotId: 't0' } }),
        session('b', { title: 'Data portals', cell: { roomId: 'r1', slotId: 't0' } }),
      ],
      evidence: [{ a: 'a', b: 'b', weight: 1, source: 'link', reason: 'linked by a facilitator' }],
    });
    const moved = proposeSchedule(input).placements.find((p) => p.changed);
    expect(moved?.reasons[0]?.kind).toBe('evidence');
    expect(moved?.explanation).toMatch(/the same conversation \(linked by a facilitator\)\./);
  });

  test('themes become tracks in one room, named from their words', () => {
    const words = (w: string) => ({ [w]: 1, [`${w}x`]: 0.4 });
    const input = board(2, 3, {
      sessions: ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => session(id, { terms: words(id[0] === 'a' ? 'housing' : 'data') })),
      surface: { housing: 'housing', data: 'data' },
    });
    const proposal = proposeSchedule(input);
    expect(proposal.after.trackSplits).toBe(0);
    expect(proposal.tracks.map((t) => t.name).sort()).toEqual(['Data · datax', 'Housing · housingx']);
    for (const track of proposal.tracks) {
      const rooms = new Set(track.sessionIds.map((id) => proposal.placements.find((p) => p.sessionId === id)?.to?.roomId));
      expect([...rooms]).toEqual([track.roomId]);
    }
  });
});

describe('findThemes', () => {
  test('is seeded: the same vectors and seed give the same themes; empty vectors get none', () => {
    const vectors: (Record<string, number> | undefined)[] = [{ a: 1 }, { a: 1, b: 0.1 }, { c: 1 }, { c: 1, d: 0.2 }, undefined, {}];
    const themes = findThemes(vectors, 2, 7);
    expect(findThemes(vectors, 2, 7)).toEqual(themes);
    expect(themes.assignment[0]).toBe(themes.assignment[1]);
    expect(themes.assignment[2]).toBe(themes.assignment[3]);
    expect(themes.assignment[0]).not.toBe(themes.assignment[2]);
    expect(themes.assignment.slice(4)).toEqual([-1, -1]);
  });

  test('trackName uses the words people wrote', () => {
    expect(trackName(['council', 'open', 'data', 'extra'], { council: 'councils' })).toBe('Councils · open · data');
    expect(trackName([])).toBe('Mixed topics');
  });

  test('a theme is named by the words its sessions share, not by one session’s strongest word', () => {
    const vectors: Record<string, number>[] = [
      { council: 1, shoestr: 0.5 },
      { council: 1, research: 0.5 },
      { housing: 1, repair: 0.8 },
      { housing: 0.6, repair: 0.5 },
      { tenant: 1 },
    ];
    const themes = findThemes(vectors, 3, 7);
    const termsOf = (i: number) => themes.terms[themes.assignment[i] as number];
    expect(themes.assignment[0]).toBe(themes.assignment[1]);
    expect(termsOf(0)).toEqual(['council']);
    expect(termsOf(2)).toEqual(['housing', 'repair']);
    expect(termsOf(4)).toEqual(['tenant']);
  });

  test('a theme whose sessions share no word has no terms, and its track is named "Mixed topics"', () => {
    // Three sessions with nothing in common, two themes: one theme holds two of them.
    const themes = findThemes([{ x: 1 }, { y: 1 }, { z: 1 }], 2, 3);
    const sizes = [0, 1].map((theme) => themes.assignment.filter((t) => t === theme).length);
    const mixed = sizes.indexOf(2);
    expect(themes.terms[mixed]).toEqual([]);
    expect(trackName(themes.terms[mixed] ?? [])).toBe('Mixed topics');
    expect(themes.terms[1 - mixed]).toHaveLength(1);
  });
});

describe('parseAvailability', () => {
  test.each([
    ['', null],
    ['any time', null],
    ['not before 11:00', { notBefore: 660, notAfter: null }],
    ['Not before 2pm.', { notBefore: 840, notAfter: null }],
    ['after 11.30', { notBefore: 690, notAfter: null }],
    ['only the morning', { notBefore: null, notAfter: 780 }],
    ['afternoon only', { notBefore: 720, notAfter: null }],
    ['until 3', { notBefore: null, notAfter: 900 }],
    ['not after 15:00', { notBefore: null, notAfter: 900 }],
    ['11:00–15:00', { notBefore: 660, notAfter: 900 }],
    ['between 10am and noon', { notBefore: 600, notAfter: 720 }],
  ])('reads %j', (text, value) => {
    expect(parseAvailability(text)).toEqual({ ok: true, value });
  });

  test('says what it cannot read, and how to write it', () => {
    expect(parseAvailability('when the kids are asleep')).toEqual({
      ok: false,
      error:
        'Could not read availability “when the kids are asleep”. Write it like “not before 11:00”, “not after 15:00”, “11:00–15:00”, “only the morning” or “only the afternoon”, or leave it empty.',
    });
    expect(parseAvailability('15:00-11:00')).toMatchObject({
      ok: false,
      error: expect.stringContaining('ends before it starts') as unknown,
    });
    expect(parseAvailability('not before 25:00')).toMatchObject({ ok: false });
  });

  test('reads back in words', () => {
    expect(describeAvailability({ notBefore: 660, notAfter: null })).toBe('Not before 11:00');
    expect(describeAvailability({ notBefore: null, notAfter: 780 })).toBe('Only the morning (ends by 13:00)');
    expect(describeAvailability(null)).toBe('Any time');
  });
});
