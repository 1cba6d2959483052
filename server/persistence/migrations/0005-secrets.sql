-- Server-side secrets that must survive a restart, such as the key that signs CSRF tokens (so a
-- form loaded before a restart can still be sent after it).
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
