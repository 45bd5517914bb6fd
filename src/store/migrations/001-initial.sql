-- 001: organization, services, members and roles, agents, queues, SIP bindings, bans, web sessions.
CREATE TABLE organization (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  name         TEXT NOT NULL,
  domain       TEXT NOT NULL,
  api_key_hash BLOB NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE TABLE services (
  service_id TEXT PRIMARY KEY CHECK (service_id GLOB '[A-Za-z]*' AND service_id NOT GLOB '*[^A-Za-z]*'),
  name       TEXT NOT NULL,
  number     TEXT NOT NULL DEFAULT '',
  caller_id  TEXT NOT NULL DEFAULT '',
  timezone   TEXT NOT NULL,
  language   TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('pending', 'active', 'suspended')),
  licences   INTEGER NOT NULL CHECK (licences >= 0),
  created_at INTEGER NOT NULL
);

CREATE TABLE members (
  id            INTEGER PRIMARY KEY,
  login_id      TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  email         TEXT,
  password_hash TEXT NOT NULL,
  org_admin     INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);

CREATE TABLE member_roles (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('service-admin', 'agent')),
  PRIMARY KEY (member_id, service_id, role)
) WITHOUT ROWID;

CREATE TABLE agents (
  id            INTEGER PRIMARY KEY,
  service_id    TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  login_id      TEXT NOT NULL,
  name          TEXT NOT NULL,
  extension     TEXT NOT NULL UNIQUE,
  ha1_md5       TEXT NOT NULL,
  ha1_sha256    TEXT NOT NULL,
  password_hash TEXT,
  blocked       INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'away',
  member_id     INTEGER REFERENCES members(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL,
  UNIQUE (service_id, login_id)
);

CREATE TABLE queues (
  id         INTEGER PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  queue_id   TEXT NOT NULL,
  name       TEXT NOT NULL,
  digit      TEXT NOT NULL CHECK (length(digit) = 1 AND digit GLOB '[0-9]'),
  callback   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (service_id, queue_id),
  UNIQUE (service_id, digit)
);

CREATE TABLE queue_agents (
  queue_pk INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  agent_pk INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  PRIMARY KEY (queue_pk, agent_pk)
) WITHOUT ROWID;
CREATE INDEX queue_agents_agent ON queue_agents(agent_pk);

CREATE TABLE bindings (
  aor           TEXT NOT NULL,
  contact       TEXT NOT NULL,
  transport     TEXT NOT NULL,
  address       TEXT NOT NULL,
  port          INTEGER NOT NULL,
  connection_id TEXT,
  call_id       TEXT NOT NULL,
  cseq          INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  user_agent    TEXT,
  q             REAL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (aor, contact)
) WITHOUT ROWID;
CREATE INDEX bindings_expiry ON bindings(expires_at);

CREATE TABLE bans (
  address    TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  ip         TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_member ON sessions(member_id);
