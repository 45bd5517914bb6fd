-- 010: the agent console (A1–A11): console sessions (the console password hash is agents.password_hash,
-- argon2id, from 001), the agent's console settings, notices from admins, and the consultation notes
-- an agent saves with a call's consultation type (A6, H2).
CREATE TABLE agent_sessions (
  id         TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  login_id   TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  ip         TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  FOREIGN KEY (service_id, login_id) REFERENCES agents(service_id, login_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX agent_sessions_agent ON agent_sessions(service_id, login_id);
CREATE INDEX agent_sessions_expiry ON agent_sessions(expires_at);

CREATE TABLE agent_prefs (
  service_id      TEXT NOT NULL,
  login_id        TEXT NOT NULL,
  screen_pop      INTEGER NOT NULL DEFAULT 0,
  phone_mode      TEXT NOT NULL DEFAULT 'softphone' CHECK (phone_mode IN ('softphone', 'desk')),
  notices_seen_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, login_id),
  FOREIGN KEY (service_id, login_id) REFERENCES agents(service_id, login_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- service_id NULL: a notice of the organization to every service's agents.
CREATE TABLE notices (
  id         INTEGER PRIMARY KEY,
  service_id TEXT REFERENCES services(service_id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  author     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX notices_service_at ON notices(service_id, created_at);

ALTER TABLE calls ADD COLUMN notes TEXT;
