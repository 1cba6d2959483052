import { notFound } from '../domain/errors';
import type { Board, EventInfo } from '../domain/types';
import type { EventInput, EventPatch } from '../protocol/schemas';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { hashToken, newToken, tokenMatches } from './tokens';

export interface CreatedEvent {
  event: EventInfo;
  /** Shown once to the organiser; only its hash is stored. */
  adminToken: string;
}

export class EventService {
  constructor(private readonly ctx: ServiceContext) {}

  create(input: EventInput): CreatedEvent {
    const adminToken = newToken();
    const event: EventInfo = {
      id: this.ctx.newId(),
      name: input.name,
      date: input.date,
      venue: input.venue,
      version: 0,
      createdAt: this.ctx.clock.now().toISOString(),
    };
    this.ctx.db.transaction(() => this.ctx.events.insert(event, hashToken(adminToken))).immediate();
    return { event, adminToken };
  }

  get(eventId: string): EventInfo {
    const event = this.ctx.events.find(eventId);
    if (!event) throw notFound('That event');
    return event;
  }

  recent(limit = 50): EventInfo[] {
    return this.ctx.events.recent(limit);
  }

  isEmpty(): boolean {
    return this.ctx.events.total() === 0;
  }

  /** The whole board read in one transaction, so rooms, slots and sessions agree with the version. */
  board(eventId: string): Board {
    return this.ctx.db.transaction(() => {
      const event = this.get(eventId);
      const sessions = this.ctx.sessions.list(eventId);
      // A link to a session merged away since stays stored (an undo brings it back) but is not shown.
      const onBoard = new Set(sessions.map((s) => s.id));
      return {
        event,
        rooms: this.ctx.grid.listRooms(eventId),
        slots: this.ctx.grid.listSlots(eventId),
        sessions,
        links: this.ctx.facilitation
          .decisions(eventId)
          .filter((d) => d.kind === 'linked' && d.pair.every((id) => onBoard.has(id)))
          .map((d) => d.pair),
      };
    })();
  }

  /** A venue left out keeps its current value. */
  update(eventId: string, input: EventPatch): Changed<EventInfo> {
    const { version } = writeToEvent(
      this.ctx,
      eventId,
      () => this.ctx.events.update(eventId, { name: input.name, date: input.date, venue: input.venue ?? this.get(eventId).venue }),
      () => ({ kind: 'board' }),
    );
    return { version, value: this.get(eventId) };
  }

  /** A new organiser link; the old one stops working at once, on pages, the API and sockets. */
  newAdminToken(eventId: string): string {
    const token = newToken();
    this.ctx.db
      .transaction(() => {
        this.get(eventId);
        this.ctx.events.setAdminTokenHash(eventId, hashToken(token));
      })
      .immediate();
    this.ctx.writes.afterCommit(() => this.ctx.changes.publish({ kind: 'organisers', eventId }));
    return token;
  }

  isOrganiser(eventId: string, token: string | undefined): boolean {
    return tokenMatches(token, this.ctx.events.adminTokenHash(eventId));
  }
}
