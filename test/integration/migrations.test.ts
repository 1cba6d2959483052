import Database from 'better-sqlite3';
import { loadMigrations, migrate, MigrationError, openDatabase } from '../../server/persistence/database';

describe('migrations', () => {
  test('are numbered without gaps from 1', () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  test('migrate() brings a fresh database to the latest version, and a second run applies nothing', () => {
    const db = new Database(':memory:');
    const latest = loadMigrations().at(-1)?.version;
    expect(migrate(db)).toEqual(loadMigrations().map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  test('openDatabase() turns on foreign keys and creates every table', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['events', 'interests', 'rooms', 'sessions', 'slots']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  test('a failing migration leaves the database at its previous version', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken = [
      ...loadMigrations(),
      { version: 999, name: '0999-broken.sql', sql: 'CREATE TABLE t (x); SELECT nonsense FROM nowhere;' },
    ];
    expect(() => migrate(db, broken)).toThrow(MigrationError);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)?.version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });

  test('pending migrations are applied together: when a later one fails, the earlier ones are rolled back too', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      loadMigrations().filter((m) => m.version <= 5),
    );
    const broken = [...loadMigrations(), { version: 999, name: '0999-broken.sql', sql: 'SELECT nonsense FROM nowhere;' }];
    expect(() => migrate(db, broken)).toThrow('0999-broken.sql: no such table: nowhere');
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'session_notes'").get()).toEqual({ n: 0 });
    db.close();
  });

  test('0006 keeps the moderation history it rebuilds, and ids go on from where they were', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      loadMigrations().filter((m) => m.version <= 5),
    );
    db.prepare("INSERT INTO events (id, name, date, admin_token_hash, created_at) VALUES ('e', 'Camp', '2026-06-20', 'h', 'now')").run();
    db.prepare(
      "INSERT INTO sessions (id, event_id, title, pitcher, created_at, updated_at) VALUES ('s', 'e', 'Talk', 'Ann', 'now', 'now')",
    ).run();
    db.prepare("INSERT INTO moderation (event_id, session_id, action, title, created_at) VALUES ('e', 's', 'hide', 'Talk', 't1')").run();
    expect(migrate(db)).toEqual(
      loadMigrations()
        .filter((m) => m.version > 5)
        .map((m) => m.version),
    );
    expect(db.prepare('SELECT id, action, title, note_id FROM moderation').all()).toEqual([
      { id: 1, action: 'hide', title: 'Talk', note_id: null },
    ]);
    const note = db
      .prepare(
        "INSERT INTO session_notes (event_id, session_id, author, body, created_at) VALUES ('e', 's', 'Sam', 'x', 't2') RETURNING id",
      )
      .get() as { id: number };
    const next = db
      .prepare(
        "INSERT INTO moderation (event_id, session_id, action, title, created_at, note_id) VALUES ('e', 's', 'hide-note', 'Talk', 't3', ?) RETURNING id",
      )
      .get(note.id);
    expect(next).toEqual({ id: 2 });
    expect(() =>
      db
        .prepare("INSERT INTO moderation (event_id, session_id, action, title, created_at) VALUES ('e', 's', 'hide-note', 'Talk', 't4')")
        .run(),
    ).toThrow(/CHECK/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  test("0007: the count of an event's sessions on the board, made for every pitch, reads the partial index", () => {
    const db = openDatabase(':memory:');
    const onBoard = 'FROM sessions s WHERE s.event_id = ? AND s.merged_into IS NULL AND s.hidden_at IS NULL';
    const plan = (sql: string) =>
      db
        .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all('e')
        .map((row) => row.detail);
    expect(plan(`SELECT count(*) AS n ${onBoard}`)).toEqual(['SEARCH s USING INDEX sessions_on_board (event_id=?)']);
    // The board's own list comes in board order from the same index, without a sort.
    expect(plan(`SELECT s.* ${onBoard} ORDER BY s.created_at, s.id`)).toEqual(['SEARCH s USING INDEX sessions_on_board (event_id=?)']);
    db.close();
  });

  test('0008: forgetting the commands older than a day finds them through the index on their age', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare<[string], { detail: string }>('EXPLAIN QUERY PLAN DELETE FROM commands WHERE created_at < ?')
      .all('2026-01-01')
      .map((row) => row.detail);
    expect(plan).toEqual(['SEARCH commands USING INDEX commands_by_age (created_at<?)']);
    db.close();
  });
});
