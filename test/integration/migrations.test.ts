import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDatabase } from '../../server/persistence/database';

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
    const broken = [...loadMigrations(), { version: 999, name: '0999-broken.sql', sql: 'CREATE TABLE t (x); SELECT nonsense FROM nowhere;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)?.version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });
});
