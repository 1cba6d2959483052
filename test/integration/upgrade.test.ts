/**
 * Upgrading a database made by an earlier release: from every earlier schema version, with a row
 * in every table, nothing is lost, and a backup taken first holds the old file. A failing
 * migration changes nothing. The real server says where the backup went; `npm run migrate --
 * --dry-run` lists what would run and `npm run migrate` applies it.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, latestVersion, loadMigrations, migrate, type Db } from '../../server/persistence/database';
import { DatabaseStartError, openForServer } from '../../server/persistence/startup';
import { freePort, runSource, spawnServer, type ServerProcess } from '../helpers/server-process';

/**
 * One row for each table, written with the columns the table had from `since` (until `until`, when
 * a later migration reshaped it).
 */
const ROWS: { table: string; since: number; until?: number; sql: string }[] = [
  {
    table: 'events',
    since: 1,
    until: 11,
    sql: "INSERT INTO events (id, name, date, venue, admin_token_hash, version, created_at) VALUES ('e1', 'LocalGovCamp', '2026-06-20', 'Town Hall', 'hash', 4, 't0')",
  },
  {
    table: 'events',
    since: 12,
    sql: "INSERT INTO events (id, name, date, venue, version, created_at, time_zone, listed) VALUES ('e1', 'LocalGovCamp', '2026-06-20', 'Town Hall', 4, 't0', 'Europe/London', 1)",
  },
  { table: 'rooms', since: 1, sql: "INSERT INTO rooms (id, event_id, name, capacity, position) VALUES ('r1', 'e1', 'Main Hall', 80, 0)" },
  {
    table: 'slots',
    since: 1,
    sql: "INSERT INTO slots (id, event_id, label, starts_at, ends_at, position) VALUES ('t1', 'e1', 'Morning', '10:00', '10:45', 0)",
  },
  {
    table: 'sessions',
    since: 1,
    sql: `INSERT INTO sessions (id, event_id, title, notes, pitcher, room_id, slot_id, version, created_at, updated_at)
          VALUES ('s1', 'e1', 'Open data', 'Why and how', 'Priya', 'r1', 't1', 3, 't1', 't2'),
                 ('s2', 'e1', 'Open standards', '', 'Tom', NULL, NULL, 1, 't1', 't1')`,
  },
  { table: 'interests', since: 1, sql: "INSERT INTO interests (session_id, browser_key, created_at) VALUES ('s1', 'browser-key', 't3')" },
  {
    table: 'commands',
    since: 2,
    sql: `INSERT INTO commands (event_id, command_id, result, created_at) VALUES ('e1', 'cmd-0001', '{"ok":true}', 't4')`,
  },
  {
    table: 'session_embeddings',
    since: 3,
    sql: "INSERT INTO session_embeddings (session_id, text_hash, vector) VALUES ('s1', 'text-hash', x'00010203')",
  },
  {
    table: 'decisions',
    since: 3,
    sql: "INSERT INTO decisions (event_id, session_a, session_b, kind, created_at) VALUES ('e1', 's1', 's2', 'linked', 't5')",
  },
  {
    table: 'history',
    since: 3,
    sql: "INSERT INTO history (id, event_id, action, summary, payload, undoes, undone_by, created_at) VALUES (1, 'e1', 'link', 'Linked', '{}', NULL, NULL, 't5')",
  },
  {
    table: 'moderation',
    since: 4,
    sql: "INSERT INTO moderation (id, event_id, session_id, action, title, created_at) VALUES (1, 'e1', 's2', 'hide', 'Open standards', 't6')",
  },
  { table: 'secrets', since: 5, sql: "INSERT INTO secrets (name, value) VALUES ('csrf', 'secret-value')" },
  {
    table: 'session_notes',
    since: 6,
    sql: "INSERT INTO session_notes (id, event_id, session_id, author, body, created_at, hidden_at) VALUES (1, 'e1', 's1', 'Sam', 'A note', 't7', NULL)",
  },
  {
    table: 'pair_labels',
    since: 9,
    sql: `INSERT INTO pair_labels (event_id, session_a, session_b, source, label, browser_key, created_at, cleared_at)
          VALUES ('e1', 's1', 's2', 'attendee', 'same', 'browser-key', 't8', NULL)`,
  },
  {
    table: 'cohost_requests',
    since: 10,
    sql: `INSERT INTO cohost_requests (id, event_id, session_id, name, title, notes, browser_key, status, answered_by, created_at, answered_at)
          VALUES ('q1', 'e1', 's1', 'Ana', 'Maps for all', '', 'browser-key', 'pending', NULL, 't9', NULL)`,
  },
  { table: 'sessions', since: 11, sql: "UPDATE sessions SET pinned = 1, hands = 40, availability = 'not before 11:00' WHERE id = 's1'" },
  {
    table: 'pair_rules',
    since: 11,
    sql: "INSERT INTO pair_rules (id, event_id, kind, session_a, session_b, created_at) VALUES (1, 'e1', 'apart', 's1', 's2', 't9')",
  },
  {
    table: 'history',
    since: 11,
    sql: "INSERT INTO history (id, event_id, action, summary, payload, undoes, undone_by, created_at) VALUES (2, 'e1', 'schedule', 'Applied a schedule', '{}', NULL, NULL, 't9')",
  },
  {
    table: 'organiser_links',
    since: 12,
    sql: "INSERT INTO organiser_links (id, event_id, name, token_hash, created_at, revoked_at) VALUES ('l1', 'e1', 'Organiser', 'hash', 't0', NULL)",
  },
  {
    table: 'activity',
    since: 12,
    sql: "INSERT INTO activity (id, event_id, actor, link_id, action, summary, payload, undone_by, created_at) VALUES (1, 'e1', 'organiser', 'l1', 'grid', 'Deleted the room “Attic”', '{}', NULL, 't8')",
  },
];

/** Columns a later migration moved elsewhere: the organiser's token hash became the event's first organiser link. */
const MOVED: Record<string, string[]> = { events: ['admin_token_hash'] };

type Tables = Record<string, Record<string, unknown>[]>;

function tablesOf(db: Db): Tables {
  const names = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name);
  return Object.fromEntries(
    names.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all() as Record<string, unknown>[]]),
  );
}

/** A database as the release with schema `version` left it, with a row in every table it had. */
function databaseAt(file: string, version: number): Tables {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    loadMigrations().filter((m) => m.version <= version),
  );
  for (const row of ROWS.filter((r) => r.since <= version && version <= (r.until ?? Infinity))) db.exec(row.sql);
  const tables = tablesOf(db);
  for (const [name, rows] of Object.entries(tables)) expect([name, rows.length]).not.toEqual([name, 0]);
  closeDatabase(db);
  return tables;
}

/** Every row of `before` is in `after` with the same values in the columns it had then. */
function expectKept(before: Tables, after: Tables): void {
  for (const [table, rows] of Object.entries(before)) {
    const columns = Object.keys(rows[0] ?? {}).filter((c) => !MOVED[table]?.includes(c));
    const only = (row: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, row[c]]));
    expect([table, (after[table] ?? []).map(only)]).toEqual([table, rows.map(only)]);
  }
}

function read(file: string): { tables: Tables; version: number; integrity: unknown; foreignKeys: unknown[] } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      tables: tablesOf(db),
      version: db.pragma('user_version', { simple: true }) as number,
      integrity: db.pragma('integrity_check', { simple: true }),
      foreignKeys: db.pragma('foreign_key_check') as unknown[],
    };
  } finally {
    db.close();
  }
}

// Real processes on a shared, loaded machine: each start compiles the server with tsx.
jest.setTimeout(60_000);
let dir: string;
let server: ServerProcess | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsilo-upgrade-'));
});
afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

const earlier = loadMigrations()
  .map((m) => m.version)
  .filter((v) => v < latestVersion());

test.each(earlier)(
  'from schema version %i, with a row in every table: backed up first, then upgraded with nothing lost',
  async (version) => {
    const file = join(dir, 'unsilo.db');
    const before = databaseAt(file, version);
    const reported: string[] = [];
    const started = await openForServer(file, {
      now: () => new Date('2026-06-20T09:00:00Z'),
      report: (message, fields) => void reported.push(`${message} ${JSON.stringify(fields)}`),
    });
    closeDatabase(started.db);
    started.lock.release();

    const backup = join(dir, 'backups', `unsilo-before-v${latestVersion()}-2026-06-20T09-00-00-000Z.db`);
    expect(started.backup).toBe(backup);
    expect(started.applied.map((m) => m.version)).toEqual(
      loadMigrations()
        .filter((m) => m.version > version)
        .map((m) => m.version),
    );
    expect(reported[0]).toContain(`Backed up the database before upgrading it from version ${version} to ${latestVersion()}`);
    expect(read(backup)).toMatchObject({ tables: before, version, integrity: 'ok' });

    const after = read(file);
    expect(after).toMatchObject({ version: latestVersion(), integrity: 'ok', foreignKeys: [] });
    expectKept(before, after.tables);
    // The one organiser link keeps working: its hash is the event's first named link.
    expect(after.tables.organiser_links?.map((l) => [l.event_id, l.token_hash])).toEqual([['e1', 'hash']]);
  },
);

test('a failing migration changes nothing: the database stays at its version with its data, and the older code still opens it', async () => {
  const file = join(dir, 'unsilo.db');
  const before = databaseAt(file, latestVersion());
  const broken = [
    ...loadMigrations(),
    { version: 999, name: '0999-broken.sql', sql: 'ALTER TABLE sessions ADD COLUMN x; UPDATE nowhere SET y = 1;' },
  ];
  const attempt = openForServer(file, { migrations: broken });
  await expect(attempt).rejects.toThrow(DatabaseStartError);
  await expect(attempt).rejects.toThrow(
    `Upgrading ${file} failed in 0999-broken.sql: no such table: nowhere. Nothing was changed: the database is still at version ${latestVersion()}`,
  );
  expect(read(file)).toMatchObject({ tables: before, version: latestVersion(), integrity: 'ok' });
  const old = await openForServer(file);
  expect(old.applied).toEqual([]);
  closeDatabase(old.db);
  old.lock.release();
});

test('npm start upgrades a first-release database, saying where the backup went, and serves its data', async () => {
  const file = join(dir, 'unsilo.db');
  databaseAt(file, 1);
  server = await spawnServer({ dbFile: file, port: await freePort(), env: { UNSILO_EMBEDDINGS: 'off' } });
  const line = server
    .output()
    .split('\n')
    .find((l) => l.includes('Backed up the database before upgrading it from version 1'));
  const { backup } = JSON.parse(line ?? '{}') as { backup?: string };
  expect(backup).toMatch(new RegExp(`^${join(dir, 'backups')}/unsilo-before-v${latestVersion()}-`));
  expect(existsSync(backup!)).toBe(true);
  const board = (await (await fetch(`${server.url}/api/events/e1/board`)).json()) as { sessions: { title: string }[] };
  expect(board.sessions.map((s) => s.title).sort()).toEqual(['Open data', 'Open standards']);
});

test('npm run migrate -- --dry-run lists what would run and changes nothing; npm run migrate applies it after a backup', async () => {
  const file = join(dir, 'unsilo.db');
  const before = databaseAt(file, 3);
  const env = { UNSILO_DB: file };
  const pending = loadMigrations().filter((m) => m.version > 3);

  const dryRun = await runSource('server/cli/migrate.ts', ['--dry-run'], env);
  expect(dryRun.code).toBe(0);
  expect(dryRun.output).toContain(`${file} is at schema version 3;`);
  for (const m of pending) expect(dryRun.output).toContain(`  ${m.name}\n`);
  expect(read(file)).toMatchObject({ tables: before, version: 3 });

  const apply = await runSource('server/cli/migrate.ts', [], env);
  expect(apply.code).toBe(0);
  expect(apply.output).toContain(
    `Backed up the database before upgrading it from version 3 to ${latestVersion()}: ${join(dir, 'backups')}`,
  );
  expect(apply.output).toContain(`${file} is now at schema version ${latestVersion()}`);
  expect(read(file).version).toBe(latestVersion());

  const again = await runSource('server/cli/migrate.ts', ['--dry-run'], env);
  expect(again.output).toContain('up to date, nothing to apply');
  expect((await runSource('server/cli/migrate.ts', ['--force'], env)).output).toContain('usage: npm run migrate [-- --dry-run]');
});
