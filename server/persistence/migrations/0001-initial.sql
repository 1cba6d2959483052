-- Events, their grid (rooms x slots) and pitched sessions.
CREATE TABLE events (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  date             TEXT NOT NULL,
  venue            TEXT NOT NULL DEFAULT '',
  admin_token_hash TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL
);

CREATE TABLE rooms (
  id        TEXT PRIMARY KEY,
  event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  capacity  INTEGER CHECK (capacity IS NULL OR capacity > 0),
  position  INTEGER NOT NULL,
  UNIQUE (event_id, id)
);
CREATE INDEX rooms_by_event ON rooms(event_id, position);

CREATE TABLE slots (
  id        TEXT PRIMARY KEY,
  event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  label     TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at   TEXT NOT NULL,
  position  INTEGER NOT NULL,
  UNIQUE (event_id, id),
  CHECK (ends_at > starts_at)
);
CREATE INDEX slots_by_event ON slots(event_id, position);

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  notes      TEXT NOT NULL DEFAULT '',
  pitcher    TEXT NOT NULL,
  room_id    TEXT,
  slot_id    TEXT,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- A session is either in a cell (room and slot) or unscheduled (neither).
  CHECK ((room_id IS NULL) = (slot_id IS NULL)),
  -- The room and slot must belong to the session's own event.
  FOREIGN KEY (event_id, room_id) REFERENCES rooms(event_id, id),
  FOREIGN KEY (event_id, slot_id) REFERENCES slots(event_id, id)
);
CREATE INDEX sessions_by_event ON sessions(event_id, created_at);
-- One session per room x slot cell, enforced by the database itself.
CREATE UNIQUE INDEX sessions_one_per_cell ON sessions(room_id, slot_id) WHERE room_id IS NOT NULL;

-- "I'd go": one row per session and browser, so a browser counts once.
CREATE TABLE interests (
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  browser_key TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (session_id, browser_key)
) WITHOUT ROWID;
