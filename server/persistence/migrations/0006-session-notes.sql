-- Notes taken during a session: append-only entries with an author name. An organiser may hide
-- one (an abusive or mistaken entry): the row stays, with the time it was hidden, and can be restored.
CREATE TABLE session_notes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  author     TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  hidden_at  TEXT
);
CREATE INDEX session_notes_by_session ON session_notes(session_id, id);
CREATE INDEX session_notes_by_event ON session_notes(event_id, id);

-- Hiding and restoring a note are recorded in the same history as hiding a pitch. SQLite cannot widen a CHECK in
-- place, so the table is rebuilt with the new action and the note it names; no table refers to it.
CREATE TABLE moderation_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  action     TEXT NOT NULL CHECK (action IN ('withdraw', 'hide', 'restore', 'hide-note', 'restore-note')),
  title      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  note_id    INTEGER REFERENCES session_notes(id) ON DELETE CASCADE,
  CHECK ((action IN ('hide-note', 'restore-note')) = (note_id IS NOT NULL))
);
INSERT INTO moderation_new (id, event_id, session_id, action, title, created_at)
  SELECT id, event_id, session_id, action, title, created_at FROM moderation;
DROP TABLE moderation;
ALTER TABLE moderation_new RENAME TO moderation;
CREATE INDEX moderation_by_event ON moderation(event_id, id);
