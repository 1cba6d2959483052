-- Organiser links: the one made with the event and any named co-organiser links. Each is a credential,
-- so only its SHA-256 is stored; a revoked link keeps its row (and name) so the history can still say
-- who did what, but stops working at once.
CREATE TABLE organiser_links (
  id         TEXT PRIMARY KEY,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX organiser_links_by_event ON organiser_links(event_id, created_at);

-- Every event's existing organiser link becomes its first named link.
INSERT INTO organiser_links (id, event_id, name, token_hash, created_at)
  SELECT lower(hex(randomblob(16))), id, 'Organiser', admin_token_hash, created_at FROM events;
ALTER TABLE events DROP COLUMN admin_token_hash;

-- The venue's IANA time zone ('Europe/London'): what "now" is on every screen and in the calendar
-- files. NULL for events made before zones existed: they keep following the server's own zone.
ALTER TABLE events ADD COLUMN time_zone TEXT;
-- Whether the home page lists the event. Unlisted by default: the board is reached by its link.
ALTER TABLE events ADD COLUMN listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1));

-- What organisers and facilitators did, by which link, and when. A deleted room or slot keeps what
-- an undo needs in `payload`; `undone_by` is the entry that undid it.
CREATE TABLE activity (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  actor      TEXT NOT NULL,
  link_id    TEXT REFERENCES organiser_links(id) ON DELETE SET NULL,
  action     TEXT NOT NULL,
  summary    TEXT NOT NULL,
  payload    TEXT,
  undone_by  INTEGER REFERENCES activity(id),
  created_at TEXT NOT NULL
);
CREATE INDEX activity_by_event ON activity(event_id, id);
