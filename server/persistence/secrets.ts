import { randomBytes } from 'node:crypto';
import type { Db } from './database';

/** The named secret, made (32 random bytes) and stored the first time it is asked for. */
export function storedSecret(db: Db, name: string): string {
  db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, randomBytes(32).toString('base64url'));
  return (db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?').get(name) as { value: string }).value;
}
