/**
 * Online backup of the Unsilo database, safe while the server runs:
 *
 *   npm run backup -- [DEST]
 *
 * Reads UNSILO_DB (default data/unsilo.db) and writes DEST (default: backups/unsilo-<UTC time>.db
 * in the database's folder). Restoring is described in docs/operations.md.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { backupDatabase } from '../persistence/backup';
import { DEFAULT_DB } from '../ops/paths';
import { messageOf } from '../ops/message';

async function main(): Promise<void> {
  const source = resolve(process.env.UNSILO_DB || DEFAULT_DB);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  // npm runs scripts from the project folder; a relative DEST means where the user typed it.
  const dest = process.argv[2]
    ? resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2])
    : join(dirname(source), 'backups', `${basename(source, '.db')}-${stamp}.db`);
  if (!existsSync(source)) throw new Error(`There is no database at ${source} (set UNSILO_DB to the server's file).`);
  mkdirSync(dirname(dest), { recursive: true });
  const { pages, ms } = await backupDatabase(source, dest);
  console.log(`Backed up ${source} to ${dest}: ${pages} pages, ${statSync(dest).size} bytes in ${ms} ms (integrity check ok)`);
}

main().catch((error: unknown) => {
  console.error(messageOf(error));
  process.exit(1);
});
