import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { backupDatabase } from './backup';
import {
  configure,
  latestVersion,
  schemaVersion,
  loadMigrations,
  migrate,
  MigrationError,
  pendingMigrations,
  type Db,
  type Migration,
} from './database';
import { DatabaseLockedError, lockDatabase, type DatabaseLock } from './lock';
import { messageOf } from '../ops/message';

/** Why the server will not start on this database; the message says what to do and is printed without a stack. */
export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
}

const RESTORE = 'To restore a backup, follow docs/operations.md, "Restoring a backup".';

export interface StartedDatabase {
  db: Db;
  lock: DatabaseLock;
  /** Migrations applied at this start. */
  applied: Migration[];
  /** The backup taken before applying them, if the database already held data. */
  backup: string | null;
}

export interface StartOptions {
  migrations?: Migration[];
  /** Told where the backup before migrating went and which migrations ran. */
  report?: (message: string, fields: Record<string, unknown>) => void;
  /** For the backup's name. */
  now?: () => Date;
}

/**
 * Opens the database the way the server (and `npm run migrate`) must: take the server lock, refuse
 * an empty or damaged file, then, if migrations are pending on a database that already has a
 * schema, back it up beside itself before applying them (all in one transaction). Every refusal is
 * a DatabaseStartError naming the file and what to do; the file is never changed by a refusal.
 */
export async function openForServer(file: string, options: StartOptions = {}): Promise<StartedDatabase> {
  const { migrations = loadMigrations(), report = () => undefined, now = () => new Date() } = options;
  let lock: DatabaseLock;
  try {
    lock = lockDatabase(file);
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      throw new DatabaseStartError(
        `${error.message} Only one server may use a database: two would each miss the other's changes. ` +
          'Stop the other one first (it may be running in another terminal, container or service).',
      );
    }
    throw error;
  }
  let db: Db | null = null;
  try {
    if (statSync(file, { throwIfNoEntry: false })?.size === 0) {
      throw new DatabaseStartError(
        `The database ${file} is an empty file (0 bytes), not an Unsilo database, so Unsilo did not start. ` +
          `If it should hold your events, it was damaged. ${RESTORE} To start a new, empty instance instead, delete the file.`,
      );
    }
    db = openChecked(file);
    const version = schemaVersion(db);
    const latest = latestVersion(migrations);
    if (version > latest) {
      throw new DatabaseStartError(
        `The database ${file} is at schema version ${version}, newer than this Unsilo knows (${latest}): ` +
          `it was made by a later release. Run that release, or restore a backup taken before upgrading. ${RESTORE}`,
      );
    }
    const pending = pendingMigrations(db, migrations);
    let backup: string | null = null;
    if (pending.length > 0 && version > 0) {
      backup = join(dirname(file), 'backups', `${basename(file, '.db')}-before-v${latest}-${stamp(now())}.db`);
      mkdirSync(dirname(backup), { recursive: true });
      await backupDatabase(file, backup);
      report(`Backed up the database before upgrading it from version ${version} to ${latest}`, { backup });
    }
    try {
      migrate(db, migrations);
    } catch (error) {
      if (!(error instanceof MigrationError)) throw error;
      throw new DatabaseStartError(
        `Upgrading ${file} failed in ${error.message}. Nothing was changed: the database ` +
          `is still at version ${version} and the previous release of Unsilo runs on it.` +
          (backup ? ` A copy taken before the attempt is at ${backup}.` : ''),
      );
    }
    if (version === 0) report(`Created a new database at schema version ${latest}`, { database: file });
    else if (pending.length > 0) report(`Upgraded the database to schema version ${latest}`, { migrations: pending.map((m) => m.name) });
    return { db, lock, applied: pending, backup };
  } catch (error) {
    if (db?.open) db.close();
    lock.release();
    throw error;
  }
}

const stamp = (date: Date): string => date.toISOString().replace(/[:.]/g, '-');

/** SQLite's own answers for a file that is not a sound database. */
const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

/**
 * Opens with the server's settings and runs SQLite's quick integrity check (page structure, every
 * page reachable once, records well-formed; about 0.1 s for 20 MB). A file that is not a database,
 * a truncated one or one with garbage inside stops here, before anything is written to it.
 */
function openChecked(file: string): Db {
  const db = new Database(file);
  const damaged = (detail: string): DatabaseStartError =>
    new DatabaseStartError(
      `The database ${file} is damaged (${detail}), so Unsilo did not start and changed nothing. ${RESTORE} ` +
        'Keep the damaged file aside: it may still hold changes made after the last backup.',
    );
  try {
    // Checked before any setting is applied: switching a damaged file to WAL would already write to it.
    db.pragma('busy_timeout = 5000');
    const problems = db
      .prepare<[], { quick_check: string }>('PRAGMA quick_check(5)')
      .all()
      .map((row) => row.quick_check);
    if (problems.join() !== 'ok') throw damaged(`SQLite's quick check found: ${problems.join('; ')}`);
    configure(db);
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code;
    if (code && DAMAGED.has(code)) throw damaged(`SQLite says: ${messageOf(error)}`);
    throw error;
  }
}
