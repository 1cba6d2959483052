import type { Server } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, type SocketData } from '../protocol/events';
import type { Services } from '../services';
import type { BoardChange, ChangeFeed } from '../services/changes';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const boardRoom = (eventId: string): string => `event:${eventId}`;
/** Viewers of one session's page, who get its notes live. */
export const notesRoom = (eventId: string, sessionId: string): string => `notes:${eventId}:${sessionId}`;
/** Facilitators of an event, who also get its history. */
export const facilitatorRoom = (eventId: string): string => `facilitators:${eventId}`;
/** The sockets of one browser that pitched sessions at the event, by its owner key: told of flags about those sessions. */
export const hostRoom = (eventId: string, owner: string): string => `hosts:${eventId}:${owner}`;

/** How long high-frequency signals wait to be batched: counts arrive at most this often. */
export const INTEREST_BATCH_MS = 250;
export const PRESENCE_BATCH_MS = 1000;

/**
 * Collects values per event and flushes them after a delay, once per batch, so a burst of
 * clicks or joins costs one broadcast. Timers are unref'd and cleared on close.
 */
class Batcher<T> {
  private readonly pending = new Map<string, T>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly delayMs: number,
    private readonly flush: (eventId: string, value: T) => void,
  ) {}

  add(eventId: string, merge: (previous: T | undefined) => T): void {
    // Closing the server disconnects every socket, and each disconnect touches presence: those
    // arrive after close() and must not start a timer that outlives the server.
    if (this.closed) return;
    this.pending.set(eventId, merge(this.pending.get(eventId)));
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = [...this.pending];
      this.pending.clear();
      for (const [id, value] of batch) this.flush(id, value);
    }, this.delayMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

export interface Presence {
  /** Someone joined or left this event's board: a batched count will follow. */
  touch(eventId: string): void;
  count(eventId: string): number;
}

/** Turns committed changes into broadcasts to that event's room only. */
export function startBroadcasting(io: AppServer, services: Services, changes: ChangeFeed) {
  const count = (eventId: string) => io.of('/').adapter.rooms.get(boardRoom(eventId))?.size ?? 0;
  const interest = new Batcher<Record<string, number>>(INTEREST_BATCH_MS, (eventId, counts) =>
    io.to(boardRoom(eventId)).emit('interest:counted', counts),
  );
  const presenceBatch = new Batcher<true>(PRESENCE_BATCH_MS, (eventId) =>
    io.to(boardRoom(eventId)).emit('presence:changed', { viewers: count(eventId) }),
  );

  const onChange = (change: BoardChange): void => {
    const room = io.to(boardRoom(change.eventId));
    if (change.kind === 'sessions') room.emit('session:changed', { version: change.version, sessions: change.sessions });
    else if (change.kind === 'board') {
      room.emit('board:state', services.events.board(change.eventId));
      io.to(facilitatorRoom(change.eventId)).emit('history:changed', services.facilitation.history(change.eventId));
    } else if (change.kind === 'note-added' || change.kind === 'note-hidden') {
      // The board shows no notes, but the event's version moved on: an empty change keeps board
      // viewers in step, so their next delta is not taken for a gap.
      room.emit('session:changed', { version: change.version, sessions: [] });
      const page = io.to(notesRoom(change.eventId, change.sessionId));
      if (change.kind === 'note-added') page.emit('note:added', { version: change.version, note: change.note });
      else page.emit('note:hidden', { version: change.version, sessionId: change.sessionId, noteId: change.noteId });
    } else if (change.kind === 'suggestions') {
      io.to(facilitatorRoom(change.eventId)).emit('suggestions:changed', change.suggestions);
      // Everyone else gets the marks only when they changed: a move sends them nothing (at 2,000 viewers,
      // re-sending the marks after every move's analysis delayed the moves' own deltas).
      if (change.marksChanged) room.except(facilitatorRoom(change.eventId)).emit('suggestions:changed', change.marks);
      if (change.clashesChanged) io.to(facilitatorRoom(change.eventId)).emit('clashes:changed', change.clashes);
    } else if (change.kind === 'facilitators') revokeFacilitators(change.eventId);
    else if (change.kind === 'organisers') revokeOrganisers(change.eventId);
    else if (change.kind === 'labels') {
      // Private: only the hosts of the two sessions (facilitators get the suggestions the engine fuses).
      for (const owner of services.flags.hostsOf(change.eventId, change.pair)) {
        const room = hostRoom(change.eventId, owner);
        if (io.of('/').adapter.rooms.get(room)?.size) io.to(room).emit('flags:changed', services.flags.forOwner(change.eventId, owner));
      }
    } else interest.add(change.eventId, (counts) => ({ ...counts, [change.sessionId]: change.interest }));
  };
  /** Sockets that joined with an old facilitator link lose its rights at once, not at their next join. */
  const revokeFacilitators = (eventId: string): void => {
    for (const id of [...(io.of('/').adapter.rooms.get(facilitatorRoom(eventId)) ?? [])]) {
      const socket = io.of('/').sockets.get(id);
      if (!socket || socket.data.organiser) continue;
      socket.data.facilitator = false;
      void socket.leave(facilitatorRoom(eventId));
    }
  };
  /**
   * Likewise for an organiser link that was replaced or revoked: a socket that joined with it keeps
   * only attendee rights until it joins again. Sockets of the event's other links keep theirs.
   */
  const revokeOrganisers = (eventId: string): void => {
    for (const id of [...(io.of('/').adapter.rooms.get(facilitatorRoom(eventId)) ?? [])]) {
      const socket = io.of('/').sockets.get(id);
      if (!socket?.data.organiser || services.events.isOrganiser(eventId, socket.data.organiserToken ?? undefined)) continue;
      socket.data.organiser = false;
      socket.data.organiserToken = null;
      socket.data.facilitator = false;
      void socket.leave(facilitatorRoom(eventId));
    }
  };
  const unsubscribe = changes.subscribe(onChange);

  const presence: Presence = { touch: (eventId) => presenceBatch.add(eventId, () => true), count };
  return {
    presence,
    stop(): void {
      unsubscribe();
      interest.close();
      presenceBatch.close();
    },
  };
}
