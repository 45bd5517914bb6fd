-- H5 / one door: every change is recorded with who did it (a member, a named API key, the command
-- line, an agent or the system) and the state before and after, as JSON.
ALTER TABLE audit_log ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'member';
ALTER TABLE audit_log ADD COLUMN before_json TEXT;
ALTER TABLE audit_log ADD COLUMN after_json TEXT;

-- X3 / H5: API keys besides the organization's own, each with a name the audit log shows.
CREATE TABLE api_keys (
  name       TEXT PRIMARY KEY,
  key_hash   BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
