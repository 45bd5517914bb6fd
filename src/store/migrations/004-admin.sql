-- 004: admin pages: login history (H4), audit log (H5), service terms (G1), consultation types (G7),
-- work management (G9), access management (G10), desk phones (G2), prompt texts (G3, G4, M6).
CREATE TABLE login_history (
  id         INTEGER PRIMARY KEY,
  service_id TEXT,
  login_id   TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('login', 'logout')),
  result     TEXT NOT NULL CHECK (result IN ('success', 'no-account', 'no-service', 'no-agent', 'wrong-password',
             'blocked', 'cancelled', 'forced-logout', 'manual', 'expiry', 'forced')),
  session_id TEXT,
  ip         TEXT,
  platform   TEXT,
  session_ms INTEGER,
  at         INTEGER NOT NULL
);
CREATE INDEX login_history_service_at ON login_history(service_id, at);
CREATE INDEX login_history_session ON login_history(session_id) WHERE session_id IS NOT NULL;

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  service_id TEXT,
  login_id   TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT NOT NULL,
  ip         TEXT,
  at         INTEGER NOT NULL
);
CREATE INDEX audit_log_service_at ON audit_log(service_id, at);

CREATE TABLE service_terms (
  service_id          TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  period_start        TEXT NOT NULL DEFAULT '',
  period_end          TEXT NOT NULL DEFAULT '',
  licences_changed_at INTEGER
) WITHOUT ROWID;

CREATE TABLE consultation_types (
  id         INTEGER PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  retired    INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (service_id, name)
);

CREATE TABLE work_settings (
  service_id        TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  state_after_login TEXT NOT NULL DEFAULT 'away' CHECK (state_after_login IN ('ready', 'away')),
  state_after_call  TEXT NOT NULL DEFAULT 'ready' CHECK (state_after_call IN ('ready', 'away', 'wrap-up')),
  screen_pop_url    TEXT NOT NULL DEFAULT '',
  updated_at        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE access_ranges (
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  cidr       TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (service_id, cidr)
) WITHOUT ROWID;

CREATE TABLE desk_phones (
  id                INTEGER PRIMARY KEY,
  service_id        TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  model             TEXT NOT NULL CHECK (model IN ('yealink', 'grandstream', 'polycom', 'other')),
  mac               TEXT NOT NULL UNIQUE CHECK (length(mac) = 12),
  extension         TEXT NOT NULL,
  agent_login       TEXT,
  prov_ha1_md5      TEXT NOT NULL,
  prov_ha1_sha256   TEXT NOT NULL,
  sip_password      TEXT NOT NULL,
  created_at        INTEGER NOT NULL
);
CREATE INDEX desk_phones_service ON desk_phones(service_id);

CREATE TABLE prompt_texts (
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  prompt     TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('tts', 'upload')),
  text       TEXT NOT NULL DEFAULT '',
  file       TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (service_id, prompt)
) WITHOUT ROWID;
