import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageOf } from '../ops/message';

export type Db = Database.Database;

/** Where the numbered `.sql` migrations live: next to this file in source and in `dist/`. */
const MIGRATIONS_DIR = join(__dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file, sql: readFileSync(join(dir, file), 'utf8') }));
}

/** A migration's SQL failed; the transaction around every pending migration was rolled back. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly migration: Migration,
    cause: unknown,
  ) {
    super(`${migration.name}: ${messageOf(cause)}`, { cause });
  }
}

/** The last migration applied to the database (`PRAGMA user_version`; 0 for a new file). */
export const schemaVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

/** The migrations newer than the database's `user_version`, in order. */
export function pendingMigrations(db: Db, migrations = loadMigrations()): Migration[] {
  const current = schemaVersion(db);
  return migrations.filter((migration) => migration.version > current);
}

/**
 * Applies every pending migration in one transaction, each followed by the bump of `user_version`
 * to its number: if any fails, none is applied, so the file stays exactly as the previous release
 * of Unsilo left it and that release still runs on it. (A migration that must rebuild a table
 * referenced by others uses `PRAGMA defer_foreign_keys`: `foreign_keys` cannot change in a transaction.)
 */
export function migrate(db: Db, migrations = loadMigrations()): number[] {
  const pending = pendingMigrations(db, migrations);
  db.transaction(() => {
    for (const migration of pending) {
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(migration, error);
      }
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
  return pending.map((migration) => migration.version);
}

/** The schema version this code writes: the last migration's number. */
export const latestVersion = (migrations = loadMigrations()): number => migrations.at(-1)?.version ?? 0;

/**
 * Readiness probe: the database is open and this connection can take the write lock now (not
 * waiting: a probe that blocks would stall the server). Throws with the reason otherwise.
 */
export function probeWrite(db: Db): void {
  if (!db.open) throw new Error('the database is closed');
  if (db.inTransaction) return;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * How long a write waits for another connection's lock (a backup, an operator's sqlite3 shell)
 * before it is answered "busy, try again". Write transactions start IMMEDIATE so they do wait: a
 * transaction that read first and then tried to write would fail at once instead.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) and migrates a database. WAL lets readers (a backup, the CLI) run beside
 * the one writer; synchronous=FULL fsyncs the WAL at every commit, so an acknowledged write survives
 * a power cut as well as a killed process (NORMAL would only survive the latter), at a cost of one
 * fsync per write that an unconference's write rate never notices. The busy timeout lets a backup or
 * a second process wait for the lock instead of failing; the WAL is folded back into the main file
 * every 1,000 pages (SQLite's default, stated here so nobody turns it off). See docs/operations.md.
 */
export function openDatabase(file: string, { busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: { busyTimeoutMs?: number } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  configure(db, { busyTimeoutMs });
  migrate(db);
  return db;
}

/** The connection settings above, without migrating (the server's start checks the file first: startup.ts). */
export function configure(db: Db, { busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: { busyTimeoutMs?: number } = {}): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  db.pragma('wal_autocheckpoint = 1000');
}

/** Folds the WAL into the main file and closes, so the file alone is the whole database (for copying). */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
