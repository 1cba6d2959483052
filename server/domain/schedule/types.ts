/**
 * The schedule assistant's input and output: plain data, so a proposal can be computed in a worker
 * thread (structured clone) and kept by the server. See docs/schedule.md for the objective.
 */

/** When a session's host can run it, in minutes since midnight (venue wall-clock time). */
export interface Availability {
  /** The session may not start before this. */
  notBefore: number | null;
  /** The session must end by this. */
  notAfter: number | null;
}

export interface ScheduleRoom {
  id: string;
  name: string;
  /** Seats; null when unknown (such a room never counts anyone as over capacity). */
  seats: number | null;
}

export interface ScheduleSlot {
  id: string;
  label: string;
  /** `HH:MM`. Slots are given in time order; "back to back" means the next slot of this list. */
  startsAt: string;
  endsAt: string;
}

export interface Cell {
  roomId: string;
  slotId: string;
}

export interface ScheduleSession {
  id: string;
  title: string;
  /** Who hosts it (pitcher and co-hosts): a person never hosts two sessions of one slot. Compared case- and space-insensitively. */
  hosts: string[];
  /** "I'd go" taps. */
  interest: number;
  /** The organiser's hands count at the pitch, when typed in. Expected audience is the larger of the two. */
  hands: number | null;
  availability: Availability | null;
  /** The organiser pinned it: it stays where it is (or unscheduled). */
  pinned: boolean;
  /** Where it is now; null when unscheduled. */
  cell: Cell | null;
  /** TF-IDF term → weight (the detector's lexical vectors), for themes. Missing or empty: no theme. */
  terms?: Record<string, number>;
}

/** Where the evidence that two sessions belong to one conversation comes from. */
export type ClashSource = 'detector' | 'link' | 'same-conversation' | 'wanted-both';

/** Two sessions that should not run at the same time, with why. */
export interface ClashPair {
  a: string;
  b: string;
  /** Breaking a heavier pair costs more when not every pair can be kept apart; 1 by default. */
  weight: number;
  source: ClashSource;
  /** What a person reads, e.g. "shared words: open, data". */
  reason: string;
}

/**
 * The organiser's rules for two sessions: `apart`, never at the same time; `back-to-back`, `b` in the
 * slot right after `a`'s, in the same room (a two-part session).
 */
export interface PairRule {
  kind: 'apart' | 'back-to-back';
  a: string;
  b: string;
}

export interface ScheduleOptions {
  /** May the assistant move sessions already placed (and not pinned)? Otherwise it only places unscheduled ones. */
  moveExisting: boolean;
  /** Seeds the search and the themes: the same input and seed give the same proposal. */
  seed: number;
  /** Local-search steps per movable session (default 600); tests lower it, never needed in the app. */
  effort?: number;
}

/** The moment the proposal is for, as the venue's wall clock shows it. */
export interface ScheduleNow {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Minutes since midnight. */
  minutes: number;
}

export interface ScheduleInput {
  /** The event's date, `YYYY-MM-DD`: with `now`, which slots have started. */
  eventDate: string;
  /** Null: nothing has started (tests, planning ahead). */
  now: ScheduleNow | null;
  rooms: ScheduleRoom[];
  slots: ScheduleSlot[];
  sessions: ScheduleSession[];
  evidence: ClashPair[];
  /** Per browser: the sessions it said it would go to ("wanted both" clashes are counted per browser). */
  interests: string[][];
  rules: PairRule[];
  /** Stem → the word shown for it, to name tracks (the detector's surface forms). */
  surface?: Record<string, string>;
  options: ScheduleOptions;
}

/** The figures a grid is judged by, in the objective's order (docs/schedule.md). */
export interface ScheduleFigures {
  /** Hard rules broken: a host in two sessions of a slot, a pair rule, availability. */
  hardViolations: number;
  /** Sessions without a cell. */
  unplaced: number;
  /** Evidence pairs in one slot. */
  evidenceClashes: number;
  /** Per browser and slot, the wanted sessions beyond the first that run then (sessions that browser loses). */
  wantedBothClashes: number;
  /** Expected audience beyond the room's seats, summed. */
  overCapacity: number;
  /** Sessions that were placed and are now in another cell (or unscheduled). */
  moved: number;
  /** Sessions outside their theme's main room. */
  trackSplits: number;
}

export type ReasonKind = 'evidence' | 'wanted-both' | 'room-fit' | 'rule' | 'track' | 'made-room' | 'placed';

/** One reason a session goes where the proposal puts it; `text` is what the card says. */
export interface MoveReason {
  kind: ReasonKind;
  text: string;
  /** The other session the reason is about, if any. */
  sessionId?: string;
  /** People concerned (browsers wanting both; people over capacity avoided). */
  people?: number;
}

export interface Placement {
  sessionId: string;
  title: string;
  from: Cell | null;
  to: Cell | null;
  /** Pinned by the organiser, or in a slot that has started or is next: it cannot move. */
  fixed: boolean;
  changed: boolean;
  /** For changed placements: why, most important first. Empty otherwise. */
  reasons: MoveReason[];
  /** The reasons as one sentence, e.g. "Moved away from “Low-code platforms” at 10:45, which 14 of the same people want." */
  explanation: string;
  trackId: number | null;
}

export interface Track {
  id: number;
  /** From its sessions' most distinctive words, e.g. "Open data · councils". */
  name: string;
  terms: string[];
  /** The room most of its sessions are in after the proposal; null when none is placed. */
  roomId: string | null;
  sessionIds: string[];
}

export interface Unplaced {
  sessionId: string;
  title: string;
  why: string;
}

export interface Proposal {
  /** False when not every session could be placed within the hard rules. */
  feasible: boolean;
  /** What the organiser must know first (why it is infeasible, a broken pinned rule), or null. */
  message: string | null;
  /** Smaller problems the organiser may want to act on (e.g. related sessions that still clash). */
  warnings: string[];
  /** One per session, in the input's id order. */
  placements: Placement[];
  unplaced: Unplaced[];
  before: ScheduleFigures;
  after: ScheduleFigures;
  tracks: Track[];
  /** Slots that have started or are next: nothing moves in or out of them. */
  frozenSlotIds: string[];
}

/** What the organiser and pitcher said about placing a session (migration 0011). */
export interface SessionPlanning {
  sessionId: string;
  pinned: boolean;
  hands: number | null;
  /** The pitcher's words, '' for any time. */
  availability: string;
}

export type PairRuleKind = 'apart' | 'back-to-back';

/**
 * A rule's two sessions as stored: "apart" has no direction, so its pair is kept smaller id first
 * (one rule per pair however it was asked); "back-to-back" keeps its order (a, then b).
 */
export const ruleSessions = (kind: PairRuleKind, a: string, b: string): [string, string] => (kind === 'apart' && b < a ? [b, a] : [a, b]);

export interface StoredPairRule {
  id: number;
  kind: PairRuleKind;
  a: string;
  b: string;
  createdAt: string;
}
