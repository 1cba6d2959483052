import { DomainError, notFound } from '../domain/errors';
import type { Board, EventInfo } from '../domain/types';
import type { OrganiserLink } from '../persistence/organiser-link.repository';
import { LIMITS, type EventInput, type EventPatch } from '../protocol/schemas';
import { recordActivity, type Actor } from './actors';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { hashToken, newToken, tokenMatches } from './tokens';

export interface CreatedEvent {
  event: EventInfo;
  /** Shown once to the organiser; only its hash is stored. */
  adminToken: string;
}

/** A new organiser link: its record, and the token, shown once. */
export interface NewOrganiserLink {
  link: OrganiserLink;
  token: string;
}

/** The name of the link an event is created (or imported) with. */
export const FIRST_LINK_NAME = 'Organiser';

/** Events, and the organiser links that manage them. */
export class EventService {
  constructor(private readonly ctx: ServiceContext) {}

  create(input: EventInput): CreatedEvent {
    const event: EventInfo = {
      id: this.ctx.newId(),
      name: input.name,
      date: input.date,
      venue: input.venue,
      timeZone: input.timeZone ?? this.ctx.timeZone,
      listed: input.listed ?? false,
      version: 0,
      createdAt: this.ctx.clock.now().toISOString(),
    };
    const adminToken = this.ctx.db
      .transaction(() => {
        this.ctx.events.insert(event);
        return this.insertLink(event.id, FIRST_LINK_NAME).token;
      })
      .immediate();
    return { event, adminToken };
  }

  get(eventId: string): EventInfo {
    const event = this.ctx.events.find(eventId);
    if (!event) throw notFound('That event');
    return event;
  }

  /** The zone a new event gets unless its organiser chooses another: the server's own. */
  defaultTimeZone(): string {
    return this.ctx.timeZone;
  }

  /** The events whose organisers listed them on the home page. */
  listed(limit = 50): EventInfo[] {
    return this.ctx.events.listed(limit);
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

  /** A venue, time zone or listing left out keeps its current value. */
  update(eventId: string, input: EventPatch): Changed<EventInfo> {
    const { version } = writeToEvent(
      this.ctx,
      eventId,
      () => {
        const current = this.get(eventId);
        const next = {
          name: input.name,
          date: input.date,
          venue: input.venue ?? current.venue,
          timeZone: input.timeZone ?? current.timeZone,
        };
        this.ctx.events.update(eventId, next);
        const listed = input.listed ?? current.listed;
        if (listed !== current.listed) this.ctx.events.setListed(eventId, listed);
        recordActivity(this.ctx, eventId, 'event', describeEventChange(current, { ...next, listed }));
      },
      () => ({ kind: 'board' }),
    );
    return { version, value: this.get(eventId) };
  }

  /** Marks the event listed, as the demo event is: a newcomer finds it on the home page. */
  list(eventId: string): void {
    this.get(eventId);
    this.ctx.events.setListed(eventId, true);
  }

  /**
   * A new token for the organiser link `token` belongs to (or the event's first link): that token
   * stops working at once, on pages, the API and sockets; the link keeps its name and history.
   */
  newAdminToken(eventId: string, token?: string): string {
    const fresh = newToken();
    this.ctx.db
      .transaction(() => {
        this.get(eventId);
        const link = (token && this.organiserLink(eventId, token)) || this.ctx.organiserLinks.list(eventId).find((l) => !l.revokedAt);
        if (!link) throw new DomainError('conflict', 'This event has no working organiser link to replace.');
        this.ctx.organiserLinks.replaceToken(link.id, hashToken(fresh));
        recordActivity(this.ctx, eventId, 'links', `Made a new link for “${link.name}”; its old link stopped working.`);
      })
      .immediate();
    this.ctx.writes.afterCommit(() => this.ctx.changes.publish({ kind: 'organisers', eventId }));
    return fresh;
  }

  /** A co-organiser's link, named so the history says what it did. */
  addOrganiserLink(eventId: string, name: string): NewOrganiserLink {
    return this.ctx.db
      .transaction(() => {
        this.get(eventId);
        const working = this.ctx.organiserLinks.list(eventId).filter((l) => !l.revokedAt);
        if (working.length >= LIMITS.organiserLinks) {
          throw new DomainError(
            'conflict',
            `An event can have at most ${LIMITS.organiserLinks} working organiser links. Revoke one first.`,
          );
        }
        if (working.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
          throw new DomainError('invalid_payload', `There is already a working link named “${name}”. Choose another name.`, {
            fields: { name: `There is already a working link named “${name}”.` },
          });
        }
        const created = this.insertLink(eventId, name);
        recordActivity(this.ctx, eventId, 'links', `Made an organiser link for “${name}”.`);
        return created;
      })
      .immediate();
  }

  /** Every organiser link of the event, revoked ones included (the history names them). */
  organiserLinks(eventId: string): OrganiserLink[] {
    this.get(eventId);
    return this.ctx.organiserLinks.list(eventId);
  }

  /**
   * The link stops working at once, everywhere. The link in use (`byToken`) cannot revoke itself:
   * an organiser would lock themselves out with one click.
   */
  revokeOrganiserLink(eventId: string, linkId: string, byToken: string | undefined): OrganiserLink {
    const revoked = this.ctx.db
      .transaction(() => {
        this.get(eventId);
        const link = this.ctx.organiserLinks.find(eventId, linkId);
        if (!link) throw notFound('That organiser link');
        if (link.revokedAt) throw new DomainError('conflict', `The link “${link.name}” was already revoked.`);
        if (byToken && this.organiserLink(eventId, byToken)?.id === link.id) {
          throw new DomainError(
            'conflict',
            'You are signed in with this link, so it cannot revoke itself. Revoke it from another organiser link.',
          );
        }
        this.ctx.organiserLinks.revoke(link.id, this.ctx.clock.now().toISOString());
        recordActivity(this.ctx, eventId, 'links', `Revoked the organiser link “${link.name}”.`);
        return this.ctx.organiserLinks.find(eventId, linkId) as OrganiserLink;
      })
      .immediate();
    this.ctx.writes.afterCommit(() => this.ctx.changes.publish({ kind: 'organisers', eventId }));
    return revoked;
  }

  /** The working organiser link this token opens, compared in constant time with each stored hash. */
  organiserLink(eventId: string, token: string | undefined): OrganiserLink | null {
    if (!token) return null;
    const match = this.ctx.organiserLinks.active(eventId).find((link) => tokenMatches(token, link.tokenHash));
    return match ? this.ctx.organiserLinks.find(eventId, match.id) : null;
  }

  isOrganiser(eventId: string, token: string | undefined): boolean {
    return this.organiserLink(eventId, token) !== null;
  }

  /** Who a token acts as on this event: its organiser link, or null. */
  actorOf(eventId: string, token: string | undefined): Actor | null {
    const link = this.organiserLink(eventId, token);
    return link ? { name: link.name, linkId: link.id } : null;
  }

  /** Inserts a named link for an event being created or imported; call inside its transaction. */
  insertLink(eventId: string, name: string): NewOrganiserLink {
    const token = newToken();
    const link: OrganiserLink = { id: this.ctx.newId(), eventId, name, createdAt: this.ctx.clock.now().toISOString(), revokedAt: null };
    this.ctx.organiserLinks.insert(link, hashToken(token));
    return { link, token };
  }
}

/** "Changed the time zone to Europe/Paris and listed the event." */
function describeEventChange(before: EventInfo, after: Pick<EventInfo, 'name' | 'date' | 'venue' | 'timeZone' | 'listed'>): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`renamed the event “${after.name}”`);
  if (before.date !== after.date) parts.push(`moved it to ${after.date}`);
  if (before.venue !== after.venue) parts.push(after.venue ? `set the venue to “${after.venue}”` : 'cleared the venue');
  if (before.timeZone !== after.timeZone) parts.push(`set the time zone to ${after.timeZone}`);
  if (before.listed !== after.listed) parts.push(after.listed ? 'listed it on the home page' : 'took it off the home page');
  if (parts.length === 0) return 'Saved the event details (nothing changed).';
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
