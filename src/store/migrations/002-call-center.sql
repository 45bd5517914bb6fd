-- 002: ARS flows, agent live state, call records and legs, queue event log, callbacks and their change log.
CREATE TABLE ivr_flows (
  service_id TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  flow_json  TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE agent_status (
  service_id TEXT NOT NULL,
  login_id   TEXT NOT NULL,
  state      TEXT NOT NULL,
  reason     TEXT,
  since      INTEGER NOT NULL,
  PRIMARY KEY (service_id, login_id),
  FOREIGN KEY (service_id, login_id) REFERENCES agents(service_id, login_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE calls (
  call_id        TEXT PRIMARY KEY,
  service_id     TEXT NOT NULL,
  direction      TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
  from_number    TEXT NOT NULL,
  to_number      TEXT NOT NULL,
  sip_call_id    TEXT,
  started_at     INTEGER NOT NULL,
  queue_id       TEXT,
  queued_at      INTEGER,
  offered_at     INTEGER,
  answered_at    INTEGER,
  ended_at       INTEGER,
  agent_login    TEXT,
  hangup_by      TEXT,
  result         TEXT,
  recording_path TEXT,
  wait_seconds   REAL,
  talk_seconds   REAL,
  type           TEXT
) WITHOUT ROWID;
CREATE INDEX calls_service_started ON calls(service_id, started_at);
CREATE INDEX calls_open ON calls(ended_at) WHERE ended_at IS NULL;

CREATE TABLE call_legs (
  leg_id      TEXT PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(call_id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('caller', 'agent')),
  party       TEXT NOT NULL,
  agent_login TEXT,
  created_at  INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at    INTEGER,
  end_by      TEXT,
  end_cause   TEXT
) WITHOUT ROWID;
CREATE INDEX call_legs_call ON call_legs(call_id);

CREATE TABLE queue_events (
  id          INTEGER PRIMARY KEY,
  service_id  TEXT NOT NULL,
  queue_id    TEXT NOT NULL,
  call_id     TEXT NOT NULL,
  at          INTEGER NOT NULL,
  event       TEXT NOT NULL,
  agent_login TEXT,
  detail      TEXT
);
CREATE INDEX queue_events_service_at ON queue_events(service_id, at);
CREATE INDEX queue_events_call ON queue_events(call_id);

CREATE TABLE callbacks (
  id          INTEGER PRIMARY KEY,
  service_id  TEXT NOT NULL,
  queue_id    TEXT NOT NULL,
  call_id     TEXT,
  number      TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('requested', 'completed', 'deleted', 'failed')),
  tries       INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  agent_login TEXT
);
CREATE INDEX callbacks_service ON callbacks(service_id, state);

CREATE TABLE callback_log (
  id          INTEGER PRIMARY KEY,
  callback_id INTEGER NOT NULL REFERENCES callbacks(id) ON DELETE CASCADE,
  at          INTEGER NOT NULL,
  action      TEXT NOT NULL,
  state       TEXT NOT NULL,
  agent_login TEXT,
  note        TEXT
);
CREATE INDEX callback_log_callback ON callback_log(callback_id);
