/**
 * The Socket.IO contract, shared by server and browser (the client imports it with `import type`).
 * Commands are imperative `entity:verb` and always acknowledged; notifications are past tense.
 */
import type { ErrorCode } from '../domain/errors';
import type { Board, Session } from '../domain/types';
import type { JoinBoard, MoveSession, PitchSession, SetInterest, UnscheduleSession } from './schemas';

export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
export type AckFn<T> = (response: Ack<T>) => void;

/** Joining a board answers with everything needed to draw it, and who you are on it. */
export interface Joined {
  board: Board;
  organiser: boolean;
  viewers: number;
  /** Sessions this browser said it would go to. */
  interested: string[];
}

/** A change to sessions: apply it only if `version` is exactly one more than yours, else re-join. */
export interface SessionsChanged {
  version: number;
  sessions: Session[];
}

export interface ClientToServerEvents {
  'board:join': (payload: JoinBoard, ack: AckFn<Joined>) => void;
  'session:pitch': (payload: PitchSession, ack: AckFn<SessionsChanged>) => void;
  'session:move': (payload: MoveSession, ack: AckFn<SessionsChanged>) => void;
  'session:unschedule': (payload: UnscheduleSession, ack: AckFn<SessionsChanged>) => void;
  'session:interest': (payload: SetInterest, ack: AckFn<{ sessionId: string; interest: number }>) => void;
}

export interface ServerToClientEvents {
  /** Rooms, slots or event details changed: replace the whole board. */
  'board:state': (board: Board) => void;
  'session:changed': (change: SessionsChanged) => void;
  /** Batched interest counts, by session id. Not versioned. */
  'interest:counted': (counts: Record<string, number>) => void;
  /** Batched count of open board views for this event. */
  'presence:changed': (presence: { viewers: number }) => void;
}

export interface SocketData {
  eventId: string | null;
  organiser: boolean;
  browserId: string | null;
}

/** Largest inbound message: a pitch (2,000 characters of notes, up to 4 bytes each) plus framing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
