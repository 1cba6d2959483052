import { createServer as createHttpServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Clock, IdGenerator } from './domain/types';
import { createApp } from './http/app';
import type { Logger } from './http/errors';
import type { Db } from './persistence/database';
import { createContext, randomId, systemClock } from './services/context';
import { createServices, type Services } from './services';

export interface ServerDeps {
  db: Db;
  logger: Logger;
  clock?: Clock;
  newId?: IdGenerator;
}

export interface UnsiloServer {
  app: Express;
  http: Server;
  services: Services;
}

/** Builds the whole application around a database; tests use `:memory:` and port 0. */
export function createServer({ db, logger, clock = systemClock, newId = randomId }: ServerDeps): UnsiloServer {
  const services = createServices(createContext(db, clock, newId));
  const app = createApp({ services, logger });
  return { app, http: createHttpServer(app), services };
}
