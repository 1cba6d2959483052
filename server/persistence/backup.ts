import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';

export interface BackupResult {
  pages: number;
  ms: number;
}

/**
 * Copies a live database into `dest` with SQLite's online backup API, through a connection of its
 * own, so it is safe while the server writes. All pages go in one step: under WAL a reader sees
 * one consistent snapshot and never blocks the writer, whereas small steps would restart each time
 * the server commits. The copy is written under a temporary name and renamed when complete and
 * checked, so `dest` is never a half-written file.
 */
export async function backupDatabase(source: string, dest: string): Promise<BackupResult> {
  const started = Date.now();
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`The backup failed its integrity check: ${String(check)}`);
      copy.pragma('journal_mode = DELETE'); // one self-contained file, without -wal and -shm beside it
    } finally {
      copy.close();
    }
    renameSync(partial, dest);
    return { pages: totalPages, ms: Date.now() - started };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
