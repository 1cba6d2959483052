/**
 * The Socket.IO contract, shared by server and browser (the client imports it with `import type`).
 * Commands are imperative `entity:verb` and always acknowledged; notifications are past tense.
 */
import type { ErrorCode } from '../domain/errors';
import type { Board, Session } from '../domain/types';
import type {
  DismissSuggestion,
  JoinBoard,
  LinkSessions,
  MergeSessions,
  MoveSession,
  PitchSession,
  SetInterest,
  UndoDecision,
  UnscheduleSession,
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
  /** The detector's current suggestions (empty until the first analysis of the event). */
  suggestions: Suggestion[];
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
  relation: 'same-slot' | 'different-slots' | 'unscheduled';
  suggestion: 'merge' | 'link' | 'keep-apart';
  reason: string;
  sharedTerms: string[];
  /** What it means on the grid, e.g. "Same 11:00 slot, Room 2 and Library: people must choose." */
  where: string;
}

export interface ClientToServerEvents {
  'board:join': (payload: JoinBoard, ack: AckFn<Joined>) => void;
  'session:pitch': (payload: PitchSession, ack: AckFn<SessionsChanged>) => void;
  'session:move': (payload: MoveSession, ack: AckFn<SessionsChanged>) => void;
  'session:unschedule': (payload: UnscheduleSession, ack: AckFn<SessionsChanged>) => void;
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

export interface ServerToClientEvents {
  /** Rooms, slots or event details changed: replace the whole board. */
  'board:state': (board: Board) => void;
  'session:changed': (change: SessionsChanged) => void;
  /** Batched interest counts, by session id. Not versioned. */
  'interest:counted': (counts: Record<string, number>) => void;
  /**
   * The detector's current suggestions, sent to every viewer: facilitators act on them, and
   * everyone's board marks sessions that overlap in separate rooms.
   */
  'suggestions:changed': (suggestions: Suggestion[]) => void;
  /** Batched count of open board views for this event. */
  'presence:changed': (presence: { viewers: number }) => void;
  /** Facilitators only: the history after another facilitator acted. */
  'history:changed': (history: HistoryItem[]) => void;
}

export interface SocketData {
  eventId: string | null;
  organiser: boolean;
  facilitator: boolean;
  browserId: string | null;
}

/** Largest inbound message: a pitch (2,000 characters of notes, up to 4 bytes each) plus framing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
