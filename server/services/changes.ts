import type { ClashPair } from '../domain/clashes';
import type { NoteEntry } from '../domain/notes';
import type { Session } from '../domain/types';
import type { OverlapMark, Suggestion } from '../protocol/events';

/**
 * What a committed change means for viewers of the board. Services announce; the realtime layer
 * listens and broadcasts. So a change made over HTTP or over a socket reaches every viewer alike.
 */
export type BoardChange =
  /** Sessions were pitched, edited or moved: viewers upsert them. */
  | { kind: 'sessions'; eventId: string; version: number; sessions: Session[] }
  /** Rooms, slots, event details, merges or links changed: viewers take a fresh snapshot. */
  | { kind: 'board'; eventId: string; version: number }
  /** A note was added to a session's page (`sessionId` is the page's session). */
  | { kind: 'note-added'; eventId: string; version: number; sessionId: string; note: NoteEntry }
  /** An organiser hid a note: it leaves that session's page. */
  | { kind: 'note-hidden'; eventId: string; version: number; sessionId: string; noteId: number }
  /** An interest count changed. Not versioned: counts are a signal, batched before broadcast. */
  | { kind: 'interest'; eventId: string; sessionId: string; interest: number }
  /**
   * The overlap detector has new suggestions for the event. Derived, not versioned. `marksChanged`:
   * whether the marks other viewers get (`overlapMarks`: which sessions overlap) differ from the last
   * ones; a move changes only the suggestions' relation and grid wording, which facilitators read.
   * `clashes`: the pairs whose cards warn when they share a slot (organisers' and facilitators' boards),
   * with `clashesChanged` likewise.
   */
  | {
      kind: 'suggestions';
      eventId: string;
      suggestions: Suggestion[];
      marks: OverlapMark[];
      marksChanged: boolean;
      clashes: ClashPair[];
      clashesChanged: boolean;
    }
  /**
   * Someone said something about a pair (an attendee's "same conversation as…", a host's answer) or
   * an organiser cleared flags: facilitators' suggestions are fused again, and the hosts of both
   * sessions told. Not versioned: flags are private, and the public board does not change.
   */
  | { kind: 'labels'; eventId: string; pair: [string, string] }
  /** A new facilitator link was made: whoever joined with the old one is a facilitator no more. */
  | { kind: 'facilitators'; eventId: string }
  /** A new organiser link was made: sockets joined with the old one lose the organiser's rights. */
  | { kind: 'organisers'; eventId: string };

/** The changes a committed write announces: each moves the event's version on. */
export type VersionedChange = Extract<BoardChange, { version: number }>;

/** What a write says about itself; `writeToEvent` adds the event and its new version. */
export type Notice = VersionedChange extends infer C ? (C extends VersionedChange ? Omit<C, 'eventId' | 'version'> : never) : never;

export type ChangeListener = (change: BoardChange) => void;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: BoardChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
