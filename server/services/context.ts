import { randomBytes } from 'node:crypto';
import { notFound } from '../domain/errors';
import type { Clock, IdGenerator } from '../domain/types';
import type { Db } from '../persistence/database';
import { EventRepository } from '../persistence/event.repository';
import { GridRepository } from '../persistence/grid.repository';
import { SessionRepository } from '../persistence/session.repository';

/** What every use case needs: the database, its repositories, the clock and an id source. */
export interface ServiceContext {
  db: Db;
  events: EventRepository;
  grid: GridRepository;
  sessions: SessionRepository;
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
    clock,
    newId,
  };
}

/** A change's outcome: what it produced and the event's version after it. */
export interface Changed<T> {
  version: number;
  value: T;
}

/**
 * Runs one write for an event in a single transaction that ends by bumping the event's version,
 * so every change, and only a committed change, moves the version on.
 */
export function writeToEvent<T>(ctx: ServiceContext, eventId: string, change: () => T): Changed<T> {
  return ctx.db.transaction(() => {
    if (!ctx.events.find(eventId)) throw notFound('That event');
    const value = change();
    return { value, version: ctx.events.bumpVersion(eventId) };
  })();
}
