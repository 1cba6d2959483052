/**
 * The organiser's schedule assistant as the board shows it (docs/schedule.md): pins and planning
 * lines on cards, a proposal drawn as a preview on the grid, and the panel below the grid
 * (views/shared/schedule-panel.ejs) with the figures before and after, Apply and Discard, and the
 * pair rules. Pure: the caller brings the board, the proposal and the clock.
 */
import { frozenSlots } from '../../server/domain/schedule/frozen';
import type { Cell, PairRuleKind, Proposal, ScheduleFigures, SessionPlanning, StoredPairRule } from '../../server/domain/schedule/types';
import type { Board } from '../../server/domain/types';
import type { WallTime } from '../../server/domain/now-next';

/** What the organiser has said about each session, for its card. */
export interface CardPlan {
  planning: ReadonlyMap<string, SessionPlanning>;
  /** A proposal shown as a preview: per session it changes, what the card says. */
  preview: ReadonlyMap<string, PreviewMark> | null;
}

export interface PreviewMark {
  /** "Room B at 10:00 → Hall at 11:00". */
  change: string;
  explanation: string;
}

export const frozenOf = (board: Board, at: WallTime): Set<string> => frozenSlots(board.slots, board.event.date, at);

/** "Hall at 11:00", or "unscheduled". */
function cellName(cell: Cell | null, board: Board): string {
  const room = cell && board.rooms.find((r) => r.id === cell.roomId);
  const slot = cell && board.slots.find((s) => s.id === cell.slotId);
  return room && slot ? `${room.name} at ${slot.startsAt}` : 'unscheduled';
}

/** The board as the proposal would make it: every session in its proposed cell. */
export function previewBoard(board: Board, proposal: Proposal): Board {
  const to = new Map(proposal.placements.map((p) => [p.sessionId, p.to]));
  return {
    ...board,
    sessions: board.sessions.map((s) => {
      if (!to.has(s.id)) return s;
      const cell = to.get(s.id) ?? null;
      return { ...s, roomId: cell?.roomId ?? null, slotId: cell?.slotId ?? null };
    }),
  };
}

/** What each changed card says in the preview. */
export function previewMarks(board: Board, proposal: Proposal): Map<string, PreviewMark> {
  return new Map(
    proposal.placements
      .filter((p) => p.changed)
      .map((p) => [p.sessionId, { change: `${cellName(p.from, board)} → ${cellName(p.to, board)}`, explanation: p.explanation }]),
  );
}

export interface FigureRow {
  label: string;
  before: number;
  after: number;
  /** "better", "worse" or "same": a word, not only a colour. */
  trend: 'better' | 'worse' | 'same';
}

export interface ProposalModel {
  heading: string;
  message: string | null;
  warnings: string[];
  changes: { sessionId: string; title: string; change: string; explanation: string }[];
  unplaced: { title: string; why: string }[];
  tracks: string[];
  figures: FigureRow[];
}

export interface RuleOption {
  value: string;
  label: string;
  selected: boolean;
}

export interface SchedulePanelModel {
  /** The page's script is running: the server's first paint says the assistant needs it. */
  live: boolean;
  moveExisting: boolean;
  /** A proposal is being worked out. */
  busy: boolean;
  proposal: ProposalModel | null;
  rules: { id: number; text: string }[];
  draft: { kinds: RuleOption[]; a: RuleOption[]; b: RuleOption[] };
}

export interface RuleDraft {
  kind: PairRuleKind;
  a: string;
  b: string;
}

const FIGURES: [keyof ScheduleFigures, string][] = [
  ['hardViolations', 'Hard rules broken'],
  ['unplaced', 'Sessions without a room and time'],
  ['evidenceClashes', 'Related sessions at the same time'],
  ['wantedBothClashes', 'Sessions people lose to a clash'],
  ['overCapacity', 'People over room capacity'],
  ['moved', 'Placed sessions moved'],
  ['trackSplits', 'Sessions outside their track’s room'],
];

const RULE_WORDS: Record<PairRuleKind, string> = {
  apart: 'never at the same time',
  'back-to-back': 'back to back in the same room',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function proposalModel(board: Board, proposal: Proposal): ProposalModel {
  const marks = previewMarks(board, proposal);
  const changes = proposal.placements.flatMap((p) => {
    const mark = marks.get(p.sessionId);
    return mark ? [{ sessionId: p.sessionId, title: p.title, ...mark }] : [];
  });
  const rooms = new Map(board.rooms.map((r) => [r.id, r.name]));
  return {
    heading: changes.length ? `Proposal: ${plural(changes.length, 'change')} (preview)` : 'Proposal: no change needed',
    message: proposal.message,
    warnings: proposal.warnings,
    changes,
    unplaced: proposal.unplaced.map(({ title, why }) => ({ title, why })),
    tracks: proposal.tracks
      .filter((t) => t.sessionIds.length > 1)
      .map((t) => `${t.name}${t.roomId ? ` (${rooms.get(t.roomId) ?? ''})` : ''}: ${plural(t.sessionIds.length, 'session')}`),
    figures: FIGURES.map(([key, label]) => {
      const before = proposal.before[key];
      const after = proposal.after[key];
      return { label, before, after, trend: after < before ? 'better' : after > before ? 'worse' : 'same' };
    }),
  };
}

export interface PanelInput {
  board: Board;
  live: boolean;
  moveExisting: boolean;
  busy: boolean;
  proposal: Proposal | null;
  rules: readonly StoredPairRule[];
  draft: RuleDraft;
}

export function schedulePanelModel({ board, live, moveExisting, busy, proposal, rules, draft }: PanelInput): SchedulePanelModel {
  const titles = new Map(board.sessions.map((s) => [s.id, s.title]));
  const sessions = [...board.sessions].sort((x, y) => x.title.localeCompare(y.title));
  const choices = (chosen: string): RuleOption[] => [
    { value: '', label: 'Choose a session…', selected: chosen === '' },
    ...sessions.map((s) => ({ value: s.id, label: s.title, selected: s.id === chosen })),
  ];
  return {
    live,
    moveExisting,
    busy,
    proposal: proposal ? proposalModel(board, proposal) : null,
    rules: rules.flatMap((r) => {
      const a = titles.get(r.a);
      const b = titles.get(r.b);
      if (a === undefined || b === undefined) return [];
      return [
        { id: r.id, text: r.kind === 'apart' ? `“${a}” and “${b}”: ${RULE_WORDS.apart}` : `“${b}” right after “${a}”, in the same room` },
      ];
    }),
    draft: {
      kinds: (Object.keys(RULE_WORDS) as PairRuleKind[]).map((kind) => ({
        value: kind,
        label: RULE_WORDS[kind],
        selected: kind === draft.kind,
      })),
      a: choices(draft.a),
      b: choices(draft.b),
    },
  };
}
