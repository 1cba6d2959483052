-- Who pitched a session: a hash of the pitching browser's cookie (like interests.browser_key), so
-- that browser may edit or withdraw its own pitch. NULL for sessions pitched before this or imported.
ALTER TABLE sessions ADD COLUMN owner_key TEXT;
-- A withdrawn pitch (by its pitcher) or one hidden by the organiser keeps its row but leaves the
-- board, the detector and its cell; the organiser can restore it.
ALTER TABLE sessions ADD COLUMN hidden_reason TEXT CHECK (hidden_reason IN ('withdrawn', 'hidden'));
ALTER TABLE sessions ADD COLUMN hidden_at TEXT;

-- Every withdrawal, hiding and restore, in the order they happened.
CREATE TABLE moderation (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  action     TEXT NOT NULL CHECK (action IN ('withdraw', 'hide', 'restore')),
  title      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX moderation_by_event ON moderation(event_id, id);
