import { randomBytes } from 'node:crypto';
import { notFound } from '../domain/errors';
import type { Clock, IdGenerator } from '../domain/types';
import type { Db } from '../persistence/database';
import { EventRepository } from '../persistence/event.repository';
import { GridRepository } from '../persistence/grid.repository';
import { SessionRepository } from '../persistence/session.repository';
import { CommandRepository } from '../persistence/command.repository';
import { EmbeddingRepository } from '../persistence/embedding.repository';
import { FacilitationRepository } from '../persistence/facilitation.repository';
import { NoteRepository } from '../persistence/note.repository';
import { ChangeFeed, type Notice, type VersionedChange } from './changes';

/** What every use case needs: the database, its repositories, the clock and an id source. */
export interface ServiceContext {
  db: Db;
  events: EventRepository;
  grid: GridRepository;
  sessions: SessionRepository;
  commands: CommandRepository;
  facilitation: FacilitationRepository;
  embeddings: EmbeddingRepository;
  notes: NoteRepository;
  changes: ChangeFeed;
  clock: Clock;
  newId: IdGenerator;
}

/** 16 random bytes as base64url (22 characters): unguessable, URL-safe. */
export const randomId: IdGenerator = () => randomBytes(16).toString('base64url');

export const systemClock: Clock = { now: () => new Date() };

export function createContext(db: Db, clock: Clock = systemClock, newId: IdGenerator = randomId): ServiceContext {
  return {
    db,
    events: new EventRepository(db),
    grid: new GridRepository(db),
    sessions: new SessionRepository(db),
    commands: new CommandRepository(db),
    facilitation: new FacilitationRepository(db),
    embeddings: new EmbeddingRepository(db),
    notes: new NoteRepository(db),
    changes: new ChangeFeed(),
    clock,
    newId,
  };
}

/** A change's outcome: what it produced and the event's version after it. */
export interface Changed<T> {
  version: number;
  value: T;
}

/** What a write tells viewers, derived from what it produced. */
export type Announcement<T> = (value: T) => Notice;

/**
 * Runs one write for an event in a single transaction that ends by bumping the event's version,
 * so every change, and only a committed change, moves the version on. After the commit, the change
 * is announced to viewers. With a `commandId`, the outcome is stored in the same transaction and a
 * repeat of that id returns it without applying anything again.
 */
export function writeToEvent<T>(
  ctx: ServiceContext,
  eventId: string,
  change: () => T,
  announce: Announcement<T>,
  commandId?: string,
): Changed<T> {
  let replayed = false;
  const result = ctx.db.transaction((): Changed<T> => {
    if (!ctx.events.find(eventId)) throw notFound('That event');
    const previous = commandId ? ctx.commands.find(eventId, commandId) : null;
    if (previous !== null) {
      replayed = true;
      return JSON.parse(previous) as Changed<T>;
    }
    const value = change();
    const outcome = { value, version: ctx.events.bumpVersion(eventId) };
    if (commandId) ctx.commands.record(eventId, commandId, JSON.stringify(outcome), ctx.clock.now().toISOString());
    return outcome;
  })();
  if (!replayed) {
    ctx.changes.publish({ ...announce(result.value), eventId, version: result.version } as VersionedChange);
  }
  return result;
}
