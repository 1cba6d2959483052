/**
 * The Socket.IO contract, shared by server and browser (the client imports it with `import type`).
 * Commands are imperative `entity:verb` and always acknowledged; notifications are past tense.
 */
import type { ErrorCode } from '../domain/errors';
import type { NoteEntry } from '../domain/notes';
import type { Board, Session } from '../domain/types';
import type {
  AddNote,
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
  /** Facilitators only: recent merges, links, dismissals and undos, newest first. */
  history: HistoryItem[];
}

export interface HistoryItem {
  id: number;
  action: 'merge' | 'link' | 'dismiss' | 'undo';
  summary: string;
  createdAt: string;
  undoable: boolean;
}

/** A change to sessions: apply it only if `version` is exactly one more than yours, else re-join. */
export interface SessionsChanged {
  version: number;
  sessions: Session[];
}

/** An overlap the detector found and no facilitator has decided on yet, ranked by score. */
export interface Suggestion {
  /** The session ids joined with "+", in order: stable while the same sessions overlap. */
  id: string;
  sessions: string[];
  score: number;
  /** "same": likely the same conversation; "related": possibly related (see analysis/README.md). */
  tier: 'same' | 'related';
  relation: 'same-slot' | 'different-slots' | 'unscheduled';
  suggestion: 'merge' | 'link' | 'keep-apart';
  reason: string;
  sharedTerms: string[];
  /** What it means on the grid, e.g. "Same 11:00 slot, Room 2 and Library: people must choose." */
  where: string;
}

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
  /** Facilitators only: the history after another facilitator acted. */
  'history:changed': (history: HistoryItem[]) => void;
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
