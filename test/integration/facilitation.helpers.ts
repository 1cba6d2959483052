/**
 * Helpers for the facilitation integration tests: a real server (on `:memory:` or a file) whose
 * analysis workers run with the bundled sentence encoder or on words alone, real sockets, and a
 * seeded event with a facilitator. `close()` ends every socket, server, database and directory a
 * test opened, in that order.
 */
import type { Joined } from '../../server/protocol/events';
import type { Db } from '../../server/persistence/database';
import type { Services } from '../../server/services';
import { connected, harness, okData, send, type ClientSocket, type LiveServer } from './realtime.helpers';

/** A live server of the realtime harness; facilitation tests also move its clock. */
export type Live = LiveServer;

export interface StartOptions {
  file?: string;
  /**
   * 'words' runs the detector on words alone; 'hashed' with the deterministic stand-in encoder;
   * 'encoder' with the bundled sentence encoder (loaded by the server's analysis worker).
   */
  analysis?: 'words' | 'hashed' | 'encoder';
  idPrefix?: string;
}

export interface Kit {
  start(options?: StartOptions): Promise<Live>;
  /** A socket with an optional handshake token (organiser or facilitator) and browser cookie. */
  connect(live: Live, options?: { token?: string; browser?: string }): ClientSocket;
  join(live: Live, eventId: string, options?: { token?: string; browser?: string }): Promise<{ socket: ClientSocket; joined: Joined }>;
  tempDir(): string;
  close(): Promise<void>;
}

/** The realtime harness, with the detector's analysis chosen per server and sockets that do not reconnect. */
export function kit(): Kit {
  const h = harness();
  const self: Kit = {
    start: ({ file, analysis = 'words', idPrefix } = {}) =>
      h.start({
        ...(file ? { file } : {}),
        ...(idPrefix ? { idPrefix } : {}),
        encoder: ({ words: 'none', hashed: 'hashed', encoder: 'use-lite' } as const)[analysis],
      }),
    connect: (live, options = {}) => h.connect(live, { ...options, reconnection: false }),
    async join(live, eventId, options = {}) {
      const socket = self.connect(live, options);
      await connected(socket);
      const joined = okData(await send<Joined>(socket, 'board:join', { eventId }));
      return { socket, joined };
    },
    tempDir: () => h.tempDir(),
    close: () => h.close(),
  };
  return self;
}

export interface Camp {
  eventId: string;
  adminToken: string;
  facilitatorToken: string;
  /** Main Hall, Library, Room 3. */
  rooms: [string, string, string];
  /** 10:00, 11:00, 14:00. */
  slots: [string, string, string];
}

/** An event with three rooms, three slots and a facilitator link, and no sessions yet. */
export function camp(services: Services, name = 'LocalGovCamp 2026'): Camp {
  const { event, adminToken } = services.events.create({ name, date: '2026-06-20', venue: 'Town Hall' });
  const eventId = event.id;
  const room = (roomName: string) => services.grid.addRoom(eventId, { name: roomName, capacity: null }).value.id;
  const slot = (startsAt: string, endsAt: string) => services.grid.addSlot(eventId, { label: '', startsAt, endsAt }).value.id;
  return {
    eventId,
    adminToken,
    facilitatorToken: services.facilitation.newFacilitatorToken(eventId),
    rooms: [room('Main Hall'), room('Library'), room('Room 3')],
    slots: [slot('10:00', '10:45'), slot('11:00', '11:45'), slot('14:00', '14:45')],
  };
}

/** Two pitches the detector sees as one conversation (shared words, same topic): [Priya's, Sam's]. */
export function twoAboutCode(services: Services, eventId: string): [string, string] {
  return [
    pitch(services, eventId, "Why can't councils share code?", 'Priya'),
    pitch(services, eventId, 'Sharing code between councils', 'Sam'),
  ];
}

export const pitch = (services: Services, eventId: string, title: string, pitcher = 'Priya', notes = ''): string =>
  services.sessions.pitch(eventId, { title, notes, pitcher }).value.id;

/** Every stored column of the given sessions, their interest rows and the event's decisions: compared whole. */
export function rowsOf(db: Db, eventId: string, ids: readonly string[]) {
  const list = ids.map(() => '?').join(', ');
  return {
    sessions: db.prepare(`SELECT * FROM sessions WHERE id IN (${list}) ORDER BY id`).all(...ids),
    interests: db.prepare(`SELECT * FROM interests WHERE session_id IN (${list}) ORDER BY session_id, browser_key`).all(...ids),
    decisions: db.prepare('SELECT * FROM decisions WHERE event_id = ? ORDER BY session_a, session_b').all(eventId),
  };
}

/**
 * The rows an undo puts back: everything but each session's version and update time, which an
 * undo moves on (a restored row gets a newer version, so commands made on the merged board are stale).
 */
export function restoredRows(rows: ReturnType<typeof rowsOf>) {
  return {
    ...rows,
    sessions: (rows.sessions as { version: number; updated_at: string }[]).map(({ version: _v, updated_at: _u, ...rest }) => rest),
  };
}

/** Each session's version, by id. */
export function versionsOf(rows: ReturnType<typeof rowsOf>): Record<string, number> {
  return Object.fromEntries((rows.sessions as { id: string; version: number }[]).map((s) => [s.id, s.version]));
}

/** A board without its event version, which every change moves on. */
export function withoutVersion<B extends { event: { version: number } }>(board: B) {
  return { ...board, event: { ...board.event, version: 0 } };
}
