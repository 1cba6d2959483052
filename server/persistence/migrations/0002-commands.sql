-- Commands already applied, by the id their client gave them, so a retry after a reconnect
-- (or a server restart) returns the first outcome instead of applying the change twice.
CREATE TABLE commands (
  event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  command_id TEXT NOT NULL,
  result     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, command_id)
) WITHOUT ROWID;
