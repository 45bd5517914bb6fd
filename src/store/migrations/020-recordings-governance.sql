-- Recordings governance (issue 11): how long each service keeps its recordings, and why a call
-- record has no recording (over the disk budget, the disk refused the writes, or removed by retention).
CREATE TABLE recording_retention (
  service_id TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  days       INTEGER NOT NULL CHECK (days >= 1)
) WITHOUT ROWID;

CREATE TABLE recording_notes (
  call_id TEXT PRIMARY KEY REFERENCES calls(call_id) ON DELETE CASCADE,
  note    TEXT NOT NULL CHECK (note IN ('over-budget', 'write-failed', 'deleted')),
  at      INTEGER NOT NULL
) WITHOUT ROWID;
