import { createHash, timingSafeEqual } from 'node:crypto';
import { occupantOf } from '../domain/board';
import { DomainError, notFound } from '../domain/errors';
import type { Session } from '../domain/types';
import { isUniqueViolation, type HiddenReason, type HiddenSession, type ModerationEntry } from '../persistence/session.repository';
import type { PitchInput, PitchPatch, PlacementInput, SwapInput, UnscheduleInput } from '../protocol/schemas';
import { LIMITS } from '../protocol/schemas';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { recordActivity } from './actors';

/**
 * A browser's interest is stored under a hash of its cookie, so an export of the event never
 * carries a value that could be replayed as somebody's cookie.
 */
export const browserKey = (browserId: string): string => createHash('sha256').update(`interest:${browserId}`).digest('hex');

/** The pitching browser, stored the same way under its own prefix, so the two keys cannot be linked. */
export const ownerKey = (browserId: string): string => createHash('sha256').update(`owner:${browserId}`).digest('hex');

/** Pitching, editing and scheduling sessions, and attendees' "I'd go". */
export class SessionService {
  constructor(private readonly ctx: ServiceContext) {}

  get(eventId: string, sessionId: string): Session {
    const session = this.ctx.sessions.find(eventId, sessionId);
    if (!session) throw notFound('That session');
    return session;
  }

  /** The live session a merged-away session of this event became part of, following merges of merges. */
  mergedInto(eventId: string, sessionId: string): string | null {
    let current = sessionId;
    for (let hops = 0; hops < 50; hops++) {
      const next = this.ctx.sessions.mergedInto(current);
      if (!next) break;
      current = next;
    }
    return current !== sessionId && this.ctx.sessions.find(eventId, current) ? current : null;
  }

  /**
   * Where each of these sessions is now: itself while it is on the board, the session it was
   * merged into (following merges of merges), or null when it is not on the board (withdrawn,
   * hidden, never existed). Lets a browser follow what it remembers, e.g. a starred session.
   */
  lookup(eventId: string, sessionIds: readonly string[]): Record<string, string | null> {
    if (!this.ctx.events.find(eventId)) throw notFound('That event');
    return Object.fromEntries(sessionIds.map((id) => [id, this.ctx.sessions.find(eventId, id) ? id : this.mergedInto(eventId, id)]));
  }

  /** `browserId` is the pitching browser's cookie: that browser may later edit or withdraw the pitch. */
  pitch(eventId: string, input: PitchInput, commandId?: string, browserId?: string | null): Changed<Session> {
    return this.write(eventId, commandId, () => this.insertPitch(eventId, input, browserId));
  }

  /** Adds a pitch to the board; only inside a write to the event (`pitch`, or a service's own `writeToEvent`). */
  insertPitch(eventId: string, input: PitchInput, browserId?: string | null): Session {
    if (this.ctx.sessions.count(eventId) >= LIMITS.sessions) {
      throw new DomainError('conflict', `This event already has ${LIMITS.sessions} sessions, the most it can hold.`);
    }
    const now = this.ctx.clock.now().toISOString();
    const session: Session = {
      id: this.ctx.newId(),
      eventId,
      title: input.title,
      notes: input.notes,
      pitcher: input.pitcher,
      cohosts: [],
      roomId: null,
      slotId: null,
      version: 1,
      interest: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.ctx.sessions.insert(session, browserId ? ownerKey(browserId) : null);
    if (input.availability) this.ctx.schedule.setAvailability(session.id, input.availability);
    return session;
  }

  /** Notes and availability left out keep their current text. */
  edit(eventId: string, sessionId: string, input: PitchPatch, commandId?: string): Changed<Session> {
    return this.write(eventId, commandId, () => {
      const { notes } = this.get(eventId, sessionId);
      const fields = { title: input.title, notes: input.notes ?? notes, pitcher: input.pitcher };
      this.ctx.sessions.updateContent(sessionId, fields, this.ctx.clock.now().toISOString());
      if (input.availability !== undefined) this.ctx.schedule.setAvailability(sessionId, input.availability);
      recordActivity(this.ctx, eventId, 'session', `Edited “${fields.title}”.`);
      return this.get(eventId, sessionId);
    });
  }

  /** Whether this browser pitched the session (sessions pitched before owners were kept have none). */
  isPitcher(eventId: string, sessionId: string, browserId: string | null | undefined): boolean {
    const stored = this.ctx.sessions.ownerKey(eventId, sessionId);
    if (!browserId || !stored) return false;
    const presented = Buffer.from(ownerKey(browserId), 'hex');
    const expected = Buffer.from(stored, 'hex');
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  /**
   * Takes a pitch off the board: 'withdrawn' by its pitcher, 'hidden' by the organiser (an abusive
   * pitch). The row stays, the cell is freed, the step is recorded, and the organiser can restore it.
   */
  hide(eventId: string, sessionId: string, reason: HiddenReason): Changed<Session> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const session = this.get(eventId, sessionId);
        const now = this.ctx.clock.now().toISOString();
        this.ctx.sessions.hide(sessionId, reason, now);
        const action = reason === 'withdrawn' ? 'withdraw' : 'hide';
        this.ctx.sessions.recordModeration({ eventId, sessionId, action, title: session.title, now });
        recordActivity(this.ctx, eventId, 'moderation', `Hid “${session.title}” from the board.`);
        return session;
      },
      () => ({ kind: 'board' }),
    );
  }

  /** Brings a withdrawn or hidden pitch back to the board, unscheduled. */
  restore(eventId: string, sessionId: string): Changed<Session> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const hidden = this.ctx.sessions.findHidden(eventId, sessionId);
        if (!hidden) throw notFound('That withdrawn or hidden session');
        if (this.ctx.sessions.count(eventId) >= LIMITS.sessions) {
          throw new DomainError('conflict', `This event already has ${LIMITS.sessions} sessions, the most it can hold.`);
        }
        const now = this.ctx.clock.now().toISOString();
        this.ctx.sessions.unhide(sessionId, now);
        this.ctx.sessions.recordModeration({ eventId, sessionId, action: 'restore', title: hidden.title, now });
        recordActivity(this.ctx, eventId, 'moderation', `Restored “${hidden.title}” to the board.`);
        return this.get(eventId, sessionId);
      },
      () => ({ kind: 'board' }),
    );
  }

  /** Withdrawn and hidden pitches, for the organiser. */
  hidden(eventId: string): HiddenSession[] {
    return this.ctx.sessions.hidden(eventId);
  }

  moderation(eventId: string): ModerationEntry[] {
    return this.ctx.sessions.moderation(eventId);
  }

  /** Puts a session in a room × slot cell. A taken cell is a conflict; a move made on an old view is stale. */
  place(eventId: string, sessionId: string, input: PlacementInput, commandId?: string): Changed<Session> {
    return this.write(eventId, commandId, () => {
      const session = this.current(eventId, sessionId, input.expectedVersion);
      const room = this.ctx.grid.findRoom(eventId, input.roomId);
      if (!room) throw notFound('That room');
      const slot = this.ctx.grid.findSlot(eventId, input.slotId);
      if (!slot) throw notFound('That time slot');
      if (session.roomId === input.roomId && session.slotId === input.slotId) return session;
      const occupant = occupantOf(this.ctx.sessions.list(eventId), input.roomId, input.slotId, sessionId);
      if (occupant) throw this.taken(occupant);
      try {
        this.ctx.sessions.place(sessionId, input.roomId, input.slotId, this.ctx.clock.now().toISOString());
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('conflict', 'That slot was just taken. The board has been refreshed.');
        throw error;
      }
      recordActivity(this.ctx, eventId, 'schedule', `Put “${session.title}” in ${room.name} at ${slot.startsAt}.`);
      return this.get(eventId, sessionId);
    });
  }

  /**
   * Swaps the cells of two sessions in one step (room sizing: a crowded session into a larger room
   * of the same slot). Both versions must be the ones the organiser saw, or nothing moves.
   */
  swap(eventId: string, sessionId: string, input: SwapInput, commandId?: string): Changed<Session[]> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        if (sessionId === input.withSessionId) throw new DomainError('invalid_payload', 'Choose two different sessions to swap.');
        const first = this.current(eventId, sessionId, input.expectedVersion);
        const second = this.current(eventId, input.withSessionId, input.withExpectedVersion);
        if (!first.roomId || !first.slotId || !second.roomId || !second.slotId) {
          throw new DomainError('conflict', 'Only two sessions that both have a room and time can swap. The board has been refreshed.');
        }
        this.ctx.sessions.swapCells(first, second, this.ctx.clock.now().toISOString());
        recordActivity(this.ctx, eventId, 'schedule', `Swapped “${first.title}” and “${second.title}”.`);
        return [this.get(eventId, first.id), this.get(eventId, second.id)];
      },
      (sessions) => ({ kind: 'sessions', sessions }),
      commandId,
    );
  }

  unschedule(eventId: string, sessionId: string, input: UnscheduleInput, commandId?: string): Changed<Session> {
    return this.write(eventId, commandId, () => {
      const session = this.current(eventId, sessionId, input.expectedVersion);
      if (!session.roomId) return session;
      this.ctx.sessions.place(sessionId, null, null, this.ctx.clock.now().toISOString());
      recordActivity(this.ctx, eventId, 'schedule', `Took “${session.title}” off the grid (unscheduled).`);
      return this.get(eventId, sessionId);
    });
  }

  /**
   * "I'd go": counted once per browser however often it is sent. Interest is a signal, not a change
   * to the board, so it does not move the event's version; viewers get counts in batches.
   */
  showInterest(eventId: string, sessionId: string, browserId: string): Changed<Session> {
    return this.recordInterest(eventId, sessionId, () =>
      this.ctx.sessions.addInterestFrom(sessionId, browserKey(browserId), this.ctx.clock.now().toISOString()),
    );
  }

  withdrawInterest(eventId: string, sessionId: string, browserId: string): Changed<Session> {
    return this.recordInterest(eventId, sessionId, () => this.ctx.sessions.removeInterestFrom(sessionId, browserKey(browserId)));
  }

  /** Ids of the event's sessions this browser said it would go to. */
  interestsOf(eventId: string, browserId: string | null): string[] {
    return browserId ? this.ctx.sessions.interestsOf(eventId, browserKey(browserId)) : [];
  }

  hasInterest(sessionId: string, browserId: string | undefined): boolean {
    return browserId ? this.ctx.sessions.hasInterestFrom(sessionId, browserKey(browserId)) : false;
  }

  private write(eventId: string, commandId: string | undefined, change: () => Session): Changed<Session> {
    return writeToEvent(this.ctx, eventId, change, (session) => ({ kind: 'sessions', sessions: [session] }), commandId);
  }

  private recordInterest(eventId: string, sessionId: string, record: () => boolean): Changed<Session> {
    let changed = false;
    const result = this.ctx.db
      .transaction((): Changed<Session> => {
        const event = this.ctx.events.find(eventId);
        if (!event) throw notFound('That event');
        this.get(eventId, sessionId);
        changed = record();
        return { version: event.version, value: this.get(eventId, sessionId) };
      })
      .immediate();
    if (changed) {
      const { interest } = result.value;
      this.ctx.writes.afterCommit(() => this.ctx.changes.publish({ kind: 'interest', eventId, sessionId, interest }));
    }
    return result;
  }

  /** The session a move acts on; one merged away meanwhile is a conflict, so the mover's board refreshes. */
  private current(eventId: string, sessionId: string, expectedVersion: number | undefined): Session {
    const into = this.mergedInto(eventId, sessionId);
    if (into) {
      const title = this.get(eventId, into).title;
      throw new DomainError('conflict', `That session was just merged into “${title}”. The board has been refreshed.`, {
        mergedInto: into,
      });
    }
    const session = this.get(eventId, sessionId);
    if (expectedVersion !== undefined && expectedVersion !== session.version) {
      throw new DomainError('stale', `“${session.title}” was changed by someone else meanwhile. The board has been refreshed.`, {
        session,
      });
    }
    return session;
  }

  private taken(occupant: Session): DomainError {
    return new DomainError('conflict', `That slot was just taken by “${occupant.title}”. Choose another cell.`, {
      occupant: { id: occupant.id, title: occupant.title },
    });
  }
}
