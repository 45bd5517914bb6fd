-- 003: carrier trunks (T7): outbound registration or IP-authenticated peer, and their DIDs.
CREATE TABLE trunks (
  trunk_id   TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  mode       TEXT NOT NULL CHECK (mode IN ('register', 'peer')),
  host       TEXT NOT NULL,
  port       INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  transport  TEXT NOT NULL DEFAULT 'udp' CHECK (transport IN ('udp', 'tcp')),
  username   TEXT NOT NULL DEFAULT '',
  password   TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- A DID belongs to at most one trunk (primary key) and routes to one service.
CREATE TABLE trunk_numbers (
  number     TEXT PRIMARY KEY,
  trunk_id   TEXT NOT NULL REFERENCES trunks(trunk_id) ON DELETE CASCADE,
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX trunk_numbers_trunk ON trunk_numbers(trunk_id);
CREATE INDEX trunk_numbers_service ON trunk_numbers(service_id);
