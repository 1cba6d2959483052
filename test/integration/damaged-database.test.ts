/**
 * The server refuses to start on a damaged database, with real damaged files and real processes:
 * a bad header, a truncated file, a random file, noise in the middle, and an empty file. Each
 * stops with exit 1 and one message naming the file and the restore procedure, no stack trace,
 * and the file is left exactly as it was.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../server/persistence/database';
import { freePort, launchServer } from '../helpers/server-process';

// Real processes on a shared, loaded machine: each start compiles the server with tsx.
jest.setTimeout(60_000);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-damaged-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that look random but are the same on every run (xorshift). */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A healthy database of about 1 MB: an event with 2,000 sessions, checkpointed into one file. */
function healthyDatabase(file: string): void {
  const db = openDatabase(file);
  db.prepare("INSERT INTO events (id, name, date, created_at) VALUES ('e', 'Camp', '2026-06-20', 't')").run();
  const insert = db.prepare(
    "INSERT INTO sessions (id, event_id, title, notes, pitcher, created_at, updated_at) VALUES (?, 'e', ?, ?, 'Ann', 't', 't')",
  );
  db.transaction(() => {
    for (let n = 0; n < 2000; n++) insert.run(`s${n}`, `Session ${n}`, 'notes '.repeat(50));
  })();
  closeDatabase(db);
}

const overwrite = (file: string, at: number, bytes: Buffer): void => {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
};

const DAMAGE: Record<string, (file: string) => void> = {
  'a bad header': (file) => overwrite(file, 0, Buffer.from('This is no SQLite header')),
  'a truncated file': (file) => truncateSync(file, Math.floor(statSync(file).size / 2)),
  'a random file': (file) => writeFileSync(file, noise(200_000, 7)),
  'noise in the middle': (file) => overwrite(file, Math.floor(statSync(file).size / 2 / 4096) * 4096, noise(4096, 11)),
};

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test.each(Object.keys(DAMAGE))(
  '%s stops the start with the file named, the restore procedure, no stack trace, and no change',
  async (name) => {
    const healthy = join(dir, 'healthy.db');
    if (!statSync(healthy, { throwIfNoEntry: false })) healthyDatabase(healthy);
    const file = join(dir, `${name.replace(/ /g, '-')}.db`);
    copyFileSync(healthy, file);
    DAMAGE[name]!(file);
    const before = sha(file);

    const server = launchServer({ dbFile: file, port: await freePort(), env: { UNSILO_EMBEDDINGS: 'off' } });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const output = server.output();
    expect(output).toContain(`The database ${file} is damaged`);
    expect(output).toContain('docs/operations.md, \\"Restoring a backup\\"');
    expect(output).not.toMatch(/\n\s+at |\\n\s+at /);
    expect(output).not.toContain('Unsilo is serving');
    expect(sha(file)).toBe(before);
  },
);

test('an empty (0-byte) database file is refused, not turned into a demo database', async () => {
  const file = join(dir, 'empty.db');
  writeFileSync(file, '');
  const server = launchServer({ dbFile: file, port: await freePort(), env: { UNSILO_EMBEDDINGS: 'off' } });
  expect(await server.exited).toEqual({ code: 1, signal: null });
  expect(server.output()).toContain(`The database ${file} is an empty file (0 bytes)`);
  expect(server.output()).not.toMatch(/\n\s+at |\\n\s+at /);
  expect(statSync(file).size).toBe(0);
});
