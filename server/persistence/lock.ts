import Database from 'better-sqlite3';

/** Held by the one server (or `npm run migrate`) that may write the database. */
export interface DatabaseLock {
  /** The lock file beside the database. */
  file: string;
  release(): void;
}

/** Another process holds the lock: a server is running on the database. */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

/** The lock file of a database: beside it, never part of it (backups and restores ignore it). */
export const lockFileOf = (dbFile: string): string => `${dbFile}.server-lock`;

/**
 * Takes the database's server lock, or throws DatabaseLockedError at once if another process has it.
 *
 * The lock is an exclusive SQLite transaction on a small file of its own, kept open for the life of
 * the process. SQLite locks with POSIX advisory locks (fcntl), which the kernel drops when the
 * process ends however it ends: after a SIGKILL or a crash there is no stale lock to clear. The
 * database itself is not locked, so `npm run backup`, `npm run migrate -- --dry-run` and an
 * operator's `sqlite3` shell still read it (and wait their turn to write) while the server runs.
 * The file stays behind when the lock is released: deleting it could let two processes lock two
 * different files of the same name. Keep the returned lock referenced for as long as it must hold
 * (main.ts hands it to the shutdown handler): a connection nothing refers to is closed by the
 * garbage collector, and its lock with it.
 */
export function lockDatabase(dbFile: string): DatabaseLock {
  const file = lockFileOf(dbFile);
  // timeout 0: a held lock is reported now, not after SQLite's usual wait.
  const holder = new Database(file, { timeout: 0 });
  try {
    // The rollback journal in memory: an exclusive transaction would otherwise create a -journal file beside the lock.
    holder.pragma('journal_mode = MEMORY');
    holder.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    holder.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DatabaseLockedError(`Another Unsilo server (or \`npm run migrate\`) is already using ${dbFile}.`);
    }
    throw error;
  }
  return {
    file,
    release: () => {
      if (holder.open) holder.close();
    },
  };
}
