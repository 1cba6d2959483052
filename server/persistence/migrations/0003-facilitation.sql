-- Facilitators: their own private link, and what they decide about overlapping sessions.
ALTER TABLE events ADD COLUMN facilitator_token_hash TEXT;

-- Pitchers of sessions merged into this one (JSON array of names), shown as co-hosts.
ALTER TABLE sessions ADD COLUMN cohosts TEXT NOT NULL DEFAULT '[]';
-- A session merged into another is kept (so a merge can be undone) but leaves the board.
ALTER TABLE sessions ADD COLUMN merged_into TEXT REFERENCES sessions(id);

-- Sentence embeddings, computed once per text of a session and reused by every analysis.
CREATE TABLE session_embeddings (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  text_hash  TEXT NOT NULL,
  vector     BLOB NOT NULL
) WITHOUT ROWID;

-- Facilitators' decisions about pairs of sessions (session_a < session_b): labelled pairs the
-- detector learns from, and links shown on the board.
CREATE TABLE decisions (
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_a  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  session_b  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('dismissed', 'linked', 'merged')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, session_a, session_b),
  CHECK (session_a < session_b)
) WITHOUT ROWID;

-- Every merge, link, dismiss and undo, with what is needed to undo it.
CREATE TABLE history (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  action     TEXT NOT NULL CHECK (action IN ('merge', 'link', 'dismiss', 'undo')),
  summary    TEXT NOT NULL,
  payload    TEXT NOT NULL,
  undoes     INTEGER REFERENCES history(id),
  undone_by  INTEGER REFERENCES history(id),
  created_at TEXT NOT NULL
);
CREATE INDEX history_by_event ON history(event_id, id);
