/**
 * Schema migrations by hand (the server also applies them at start):
 *
 *   npm run migrate -- --dry-run   lists the migrations that would run; safe while the server runs
 *   npm run migrate                backs the database up beside itself, then applies them (server stopped)
 *
 * Reads UNSILO_DB (default data/unsilo.db). Exit 0 when done (or nothing to do), 1 when refused.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeDatabase, latestVersion, pendingMigrations, schemaVersion } from '../persistence/database';
import { DatabaseStartError, openForServer } from '../persistence/startup';
import { DEFAULT_DB } from '../ops/paths';
import { messageOf } from '../ops/message';

const USAGE = 'usage: npm run migrate [-- --dry-run]';

/** Reads the version through a read-only connection of its own: the running server's writes go on. */
function dryRun(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = schemaVersion(db);
    const pending = pendingMigrations(db);
    if (pending.length === 0) {
      console.log(`${file} is at schema version ${version}: up to date, nothing to apply.`);
      return;
    }
    console.log(`${file} is at schema version ${version}; \`npm run migrate\` (or the next start) would apply, in one transaction:`);
    for (const migration of pending) console.log(`  ${migration.name}`);
    console.log(`and leave it at version ${latestVersion()}${version > 0 ? ', after backing it up beside itself' : ''}.`);
  } finally {
    db.close();
  }
}

async function apply(file: string): Promise<void> {
  const { db, lock, applied, backup } = await openForServer(file, {
    report: (message, fields) => console.log(`${message}: ${Object.values(fields).flat().join(', ')}`),
  });
  try {
    if (applied.length === 0) console.log(`${file} is at schema version ${latestVersion()}: up to date, nothing to apply.`);
    else console.log(`${file} is now at schema version ${latestVersion()}${backup ? ` (the copy from before is ${backup})` : ''}.`);
  } finally {
    closeDatabase(db);
    lock.release();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--dry-run')) throw new DatabaseStartError(USAGE);
  const file = resolve(process.env.UNSILO_DB || DEFAULT_DB);
  if (!existsSync(file)) throw new DatabaseStartError(`There is no database at ${file} (set UNSILO_DB to the server's file).`);
  if (args.includes('--dry-run')) dryRun(file);
  else await apply(file);
}

main().catch((error: unknown) => {
  // Refusals and SQLite's own answers (a damaged file) are the whole story; anything else keeps its stack.
  const known = error instanceof DatabaseStartError || (error as Error).name === 'SqliteError';
  console.error(known ? messageOf(error) : error);
  process.exit(1);
});
