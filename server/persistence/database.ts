import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: Db, migrations = loadMigrations()): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
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
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  db.pragma('wal_autocheckpoint = 1000');
  migrate(db);
  return db;
}

/** Folds the WAL into the main file and closes, so the file alone is the whole database (for copying). */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
