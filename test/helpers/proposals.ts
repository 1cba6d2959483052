import type { Proposal, ScheduleFigures } from '../../server/domain/schedule/types';
import type { Board } from '../../server/domain/types';

const figures = (over: Partial<ScheduleFigures>): ScheduleFigures => ({
  hardViolations: 0,
  unplaced: 0,
  evidenceClashes: 0,
  wantedBothClashes: 0,
  overCapacity: 0,
  moved: 0,
  trackSplits: 0,
  ...over,
});

/** A proposal for `board` that places its session "waiting" in the Attic at 10:00 and leaves the rest where they are. */
export function proposalOf(board: Board): Proposal {
  return {
    feasible: true,
    message: null,
    warnings: ['“Talk <crowded> & “more”” and “Talk <waiting> & “more”” are related and still share a slot.'],
    placements: board.sessions.map((s) => {
      const from = s.roomId && s.slotId ? { roomId: s.roomId, slotId: s.slotId } : null;
      const changed = s.id === 'waiting';
      return {
        sessionId: s.id,
        title: s.title,
        from,
        to: changed ? { roomId: 'attic', slotId: 's10' } : from,
        fixed: false,
        changed,
        reasons: changed ? [{ kind: 'placed' as const, text: 'Scheduled in Attic at 10:00 (80 seats, 0 expected).' }] : [],
        explanation: changed ? 'Scheduled in Attic at 10:00 (80 seats, 0 expected).' : '',
        trackId: null,
      };
    }),
    unplaced: [],
    before: figures({ unplaced: 1, overCapacity: 20 }),
    after: figures({ overCapacity: 20, wantedBothClashes: 1 }),
    tracks: [{ id: 0, name: 'Talk · more', terms: ['talk', 'more'], roomId: 'attic', sessionIds: ['waiting', 'linked'] }],
    frozenSlotIds: [],
  };
}
