/**
 * The Socket.IO contract, shared by server and browser (the client imports it with `import type`).
 * Commands are imperative `entity:verb` and always acknowledged; notifications are past tense.
 */
import type { ErrorCode } from '../domain/errors';
import type { NoteEntry } from '../domain/notes';
import type { ClashPair } from '../domain/clashes';
import type { Board, Session } from '../domain/types';
import type { HostFlag, Suggestion } from '../domain/evidence';
import type { Proposal, SessionPlanning, StoredPairRule } from '../domain/schedule/types';
import type {
  AddNote,
  ClearFlags,
  AddPairRule,
  ApplySchedule,
  DiscardSchedule,
  GetPlanning,
  PinSession,
  ProposeSchedule,
  RemovePairRule,
  SetAvailability,
  SetHands,
  DismissSuggestion,
  HideNote,
  JoinBoard,
  LinkSessions,
  MergeSessions,
  MoveSession,
  PitchSession,
  SetInterest,
  SwapSessions,
  UndoDecision,
  UnscheduleSession,
  WatchNotes,
} from './schemas';

export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
export type AckFn<T> = (response: Ack<T>) => void;

/** Joining a board answers with everything needed to draw it, and who you are on it. */
export interface Joined {
  board: Board;
  organiser: boolean;
  /** Organisers are facilitators too. */
  facilitator: boolean;
  viewers: number;
  /** Sessions this browser said it would go to. */
  interested: string[];
  /**
   * The detector's current suggestions (empty until the first analysis of the event): whole for
   * facilitators, marks (which sessions overlap) for everyone else.
   */
  suggestions: Suggestion[] | OverlapMark[];
  /**
   * The event's first analysis is under way (no result yet): facilitators' panels say "Analysing…"
   * until the first `suggestions:changed`. False for everyone else.
   */
  analysing: boolean;
  /** Facilitators only: recent merges, links, dismissals and undos, newest first. */
  history: HistoryItem[];
  /** "Same conversation as…" flags about the sessions this browser pitched (it hosts them). */
  hostFlags: HostFlag[];
  /** Facilitators only (they move sessions): pairs whose cards warn when they share a slot (server/domain/clashes.ts). */
  clashes: ClashPair[];
}

export interface HistoryItem {
  id: number;
  action: 'merge' | 'link' | 'dismiss' | 'undo' | 'schedule';
  summary: string;
  createdAt: string;
  undoable: boolean;
}

/** A change to sessions: apply it only if `version` is exactly one more than yours, else re-join. */
export interface SessionsChanged {
  version: number;
  sessions: Session[];
}

/**
 * What facilitators get: one list from all evidence (the detector's, people's flags, the pitcher's
 * and hosts' words, shared interest), ranked, each with its provenance (server/domain/evidence.ts).
 */
export type { HostFlag, Provenance, Suggestion } from '../domain/evidence';
export type { ClashPair } from '../domain/clashes';

/**
 * What a viewer who is not a facilitator gets of a suggestion: which sessions overlap. Their board
 * flags those in separate rooms from where the sessions sit, so a move changes no mark (the grid
 * wording and relation, which follow every move, are for facilitators).
 */
export type OverlapMark = Pick<Suggestion, 'id' | 'sessions'>;

export const overlapMarks = (suggestions: readonly Suggestion[]): OverlapMark[] =>
  suggestions.map(({ id, sessions }) => ({ id, sessions }));

export interface ClientToServerEvents {
  'board:join': (payload: JoinBoard, ack: AckFn<Joined>) => void;
  'session:pitch': (payload: PitchSession, ack: AckFn<SessionsChanged>) => void;
  'session:move': (payload: MoveSession, ack: AckFn<SessionsChanged>) => void;
  'session:unschedule': (payload: UnscheduleSession, ack: AckFn<SessionsChanged>) => void;
  /** Organisers and facilitators: two placed sessions trade cells in one step (room sizing). */
  'session:swap': (payload: SwapSessions, ack: AckFn<SessionsChanged>) => void;
  /** The session page: join one session's notes (acks them all), then get each added or hidden one. */
  'notes:join': (payload: WatchNotes, ack: AckFn<NotesJoined>) => void;
  'note:add': (payload: AddNote, ack: AckFn<NoteAdded>) => void;
  /** Organisers only. */
  'note:hide': (payload: HideNote, ack: AckFn<NoteHidden>) => void;
  'session:interest': (payload: SetInterest, ack: AckFn<{ sessionId: string; interest: number }>) => void;
  'suggestion:merge': (payload: MergeSessions, ack: AckFn<FacilitationDone>) => void;
  'suggestion:link': (payload: LinkSessions, ack: AckFn<FacilitationDone>) => void;
  'suggestion:dismiss': (payload: DismissSuggestion, ack: AckFn<FacilitationDone>) => void;
  'history:undo': (payload: UndoDecision, ack: AckFn<FacilitationDone>) => void;
  /** Organisers only: attendees' "same conversation as…" flags on these sessions no longer count (kept). */
  'flags:clear': (payload: ClearFlags, ack: AckFn<{ cleared: number }>) => void;
  /**
   * Organisers only (docs/schedule.md). A proposal for the board as it is: computed in a worker,
   * kept by the server under `proposalId`; nothing on the board changes. An organiser's other sockets
   * and every other viewer are told nothing.
   */
  'schedule:propose': (payload: ProposeSchedule, ack: AckFn<ScheduleProposed>) => void;
  /** Makes a kept proposal the grid: one change, one broadcast, one history entry (undo: `history:undo`). Refused if the board changed since. */
  'schedule:apply': (payload: ApplySchedule, ack: AckFn<FacilitationDone>) => void;
  /** Forgets a kept proposal; the board is untouched. */
  'schedule:discard': (payload: DiscardSchedule, ack: AckFn<{ discarded: boolean }>) => void;
  'schedule:planning': (payload: GetPlanning, ack: AckFn<PlanningState>) => void;
  'session:pin': (payload: PinSession, ack: AckFn<PlanningChanged>) => void;
  'session:hands': (payload: SetHands, ack: AckFn<PlanningChanged>) => void;
  /** Organisers set a pitcher's availability for them (the pitcher sets it with the pitch). */
  'session:availability': (payload: SetAvailability, ack: AckFn<PlanningChanged>) => void;
  'schedule:rule-add': (payload: AddPairRule, ack: AckFn<RulesChanged>) => void;
  'schedule:rule-remove': (payload: RemovePairRule, ack: AckFn<RulesChanged>) => void;
}

/** A proposal and the event version it was computed on (the board the organiser sees). */
export interface ScheduleProposed {
  proposalId: string;
  version: number;
  proposal: Proposal;
}

export interface PlanningState {
  sessions: (SessionPlanning & { availabilityError: string | null })[];
  rules: StoredPairRule[];
}

export interface PlanningChanged {
  version: number;
  session: SessionPlanning;
}

export interface RulesChanged {
  version: number;
  rules: StoredPairRule[];
}

/** A facilitator's action succeeded: the new board version and the history as it now stands. */
export interface FacilitationDone {
  version: number;
  history: HistoryItem[];
}

/** Joining a session's notes: every visible note so far, and whether this viewer may hide them. */
export interface NotesJoined {
  sessionId: string;
  notes: NoteEntry[];
  organiser: boolean;
}

/** A note added; `version` is the event's version after it. */
export interface NoteAdded {
  version: number;
  note: NoteEntry;
}

export interface NoteHidden {
  version: number;
  sessionId: string;
  noteId: number;
}

export interface ServerToClientEvents {
  /** Rooms, slots or event details changed: replace the whole board. */
  'board:state': (board: Board) => void;
  'session:changed': (change: SessionsChanged) => void;
  /** Batched interest counts, by session id. Not versioned. */
  'interest:counted': (counts: Record<string, number>) => void;
  /**
   * The detector's current suggestions, sent to every viewer: facilitators get them whole and act
   * on them; everyone else gets marks, enough for their board to flag sessions that overlap in
   * separate rooms (a tenth of the bytes, sent to every phone and projector), and only when they changed.
   */
  'suggestions:changed': (suggestions: Suggestion[] | OverlapMark[]) => void;
  /** Batched count of open board views for this event. */
  'presence:changed': (presence: { viewers: number }) => void;
  /** To viewers of that session's page. */
  'note:added': (change: NoteAdded) => void;
  'note:hidden': (change: NoteHidden) => void;
  /** Facilitators only: the pairs whose cards warn when they share a slot, when they changed. */
  'clashes:changed': (clashes: ClashPair[]) => void;
  /** Facilitators only: the history after another facilitator acted. */
  'history:changed': (history: HistoryItem[]) => void;
  /** To the host of a session people flagged as the same conversation as another: every such flag about their sessions. */
  'flags:changed': (flags: HostFlag[]) => void;
}

export interface SocketData {
  eventId: string | null;
  organiser: boolean;
  facilitator: boolean;
  browserId: string | null;
  /** Which organiser link (or 'Facilitator') the socket joined with, for the activity log; null for attendees. */
  actor: { name: string; linkId: string | null } | null;
  /** The organiser token it joined with (server memory only), checked again when links change. */
  organiserToken: string | null;
}

/** Largest inbound message: a pitch or a note (2,000 characters, up to 4 bytes each) plus framing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
