-- "Join that one instead" at the pitch form (issue 16): someone whose pitch looks like a session
-- already pitched asks to co-host it instead. Nobody becomes a co-host without a yes from the
-- session's host (its pitching browser) or a facilitator. The typed title and notes are kept:
-- they are what the asker said is the same conversation. One request per browser and session;
-- asking again while it waits replaces the name and text.
CREATE TABLE cohost_requests (
  id          TEXT PRIMARY KEY,
  event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  title       TEXT NOT NULL,
  notes       TEXT NOT NULL DEFAULT '',
  browser_key TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  answered_by TEXT CHECK (answered_by IN ('host', 'facilitator')),
  created_at  TEXT NOT NULL,
  answered_at TEXT,
  UNIQUE (session_id, browser_key)
);
CREATE INDEX cohost_requests_by_event ON cohost_requests(event_id, status);
