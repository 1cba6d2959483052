import { join } from 'node:path';

/** Project root, whether running from source (server/ops) or compiled (dist/server/ops). */
export const ROOT = join(__dirname, __dirname.includes(join('dist', 'server')) ? '../../..' : '../..');

/** Where the database is unless UNSILO_DB says otherwise. */
export const DEFAULT_DB = join(ROOT, 'data', 'unsilo.db');
