-- The schedule assistant (docs/schedule.md). Per session: the organiser's pin (the assistant never
-- moves it), the organiser's hands count at the pitch (expected audience is the larger of it and the
-- "I'd go" count), and the pitcher's availability in their own words ('' for any time; the words are
-- checked when saved and read into a constraint each time, so a better reader improves old pitches too).
ALTER TABLE sessions ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
ALTER TABLE sessions ADD COLUMN hands INTEGER CHECK (hands IS NULL OR hands >= 0);
ALTER TABLE sessions ADD COLUMN availability TEXT NOT NULL DEFAULT '';

-- The organiser's rules for pairs of sessions: 'apart' (never at the same time) and 'back-to-back'
-- (session_b in the slot right after session_a's, in the same room).
CREATE TABLE pair_rules (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('apart', 'back-to-back')),
  session_a  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  session_b  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  UNIQUE (event_id, kind, session_a, session_b),
  CHECK (session_a <> session_b)
);
CREATE INDEX pair_rules_by_event ON pair_rules(event_id, id);

-- An applied schedule proposal is one history entry, undone in one step like a merge. SQLite cannot
-- widen a CHECK in place: the table is rebuilt (its self-references name the new table, which the
-- rename turns into "history").
CREATE TABLE history_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  action     TEXT NOT NULL CHECK (action IN ('merge', 'link', 'dismiss', 'undo', 'schedule')),
  summary    TEXT NOT NULL,
  payload    TEXT NOT NULL,
  undoes     INTEGER REFERENCES history_new(id),
  undone_by  INTEGER REFERENCES history_new(id),
  created_at TEXT NOT NULL
);
INSERT INTO history_new (id, event_id, action, summary, payload, undoes, undone_by, created_at)
  SELECT id, event_id, action, summary, payload, undoes, undone_by, created_at FROM history;
DROP TABLE history;
ALTER TABLE history_new RENAME TO history;
CREATE INDEX history_by_event ON history(event_id, id);
