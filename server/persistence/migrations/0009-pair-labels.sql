-- Labelled pairs from the people who know (issue 16): what a pitcher chose when the pitch form showed
-- a similar session, attendees' "same conversation as…" flags, and the hosts' answers. Facilitators'
-- decisions stay in `decisions`. One row per pair, source and browser: a browser says one thing
-- about a pair as each role, and saying it again replaces it. An organiser may clear attendees'
-- flags (cleared_at set: kept for the record, no longer counted).
CREATE TABLE pair_labels (
  event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  session_a   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  session_b   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  source      TEXT NOT NULL CHECK (source IN ('pitcher', 'attendee', 'host')),
  label       TEXT NOT NULL CHECK (label IN ('same', 'link', 'different')),
  browser_key TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  cleared_at  TEXT,
  PRIMARY KEY (event_id, session_a, session_b, source, browser_key),
  CHECK (session_a < session_b)
) WITHOUT ROWID;
CREATE INDEX pair_labels_by_session_b ON pair_labels(event_id, session_b);
