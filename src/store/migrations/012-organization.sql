-- Organization management (issue 10): contracts (O1) kept past termination for charges (O2),
-- service banners, the price table, member invitations and settings (O4, O8), the organization-wide
-- permission change log (O6, org-admin grants too), CTI settings and mapping (O5), tickets (O9),
-- webhooks and their deliveries (X3).

-- O1: no foreign key, so a terminated service's contract (and its snapshot) stays for the charges.
CREATE TABLE service_contracts (
  service_id    TEXT PRIMARY KEY,
  type          TEXT NOT NULL DEFAULT 'contact-center' CHECK (type IN ('contact-center', 'tickets')),
  features      TEXT,                -- JSON array of feature names; NULL until the contract step is done
  contracted_at INTEGER,
  changed_at    INTEGER,             -- last contract change (at most once a day)
  terminated_at INTEGER,
  snapshot      TEXT                 -- JSON of the service at termination (name, licences, desk phones)
);

CREATE TABLE service_banners (
  service_id TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  mime       TEXT NOT NULL,
  bytes      BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);

-- O2: prices in whole won (KRW) per unit: item = 'licence' (agent a month), 'feature:<name>' (a month),
-- 'desk-phone' (a phone a day), 'base:<type>' (a service a month).
CREATE TABLE prices (
  item   TEXT PRIMARY KEY,
  amount INTEGER NOT NULL CHECK (amount >= 0)
);
INSERT INTO prices (item, amount) VALUES
  ('base:contact-center', 50000), ('base:tickets', 20000), ('licence', 30000), ('desk-phone', 300),
  ('feature:phone', 40000), ('feature:callback', 10000), ('feature:recording', 20000),
  ('feature:tickets', 15000), ('feature:statistics', 10000);

-- O4: a set-password link (only its SHA-256 is kept), valid once until it expires.
CREATE TABLE member_invitations (
  token_hash BLOB PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);

-- O8: what a member edits about themselves, beside what the org admin keeps.
ALTER TABLE members ADD COLUMN phone TEXT;
ALTER TABLE members ADD COLUMN nickname TEXT;
ALTER TABLE members ADD COLUMN ui_lang TEXT;
ALTER TABLE members ADD COLUMN ticket_assign INTEGER NOT NULL DEFAULT 1;

-- O6: organization-wide; service_id '' and role 'org-admin' for the organization's own role.
CREATE TABLE permission_log_new (
  id           INTEGER PRIMARY KEY,
  service_id   TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('grant', 'revoke')),
  role         TEXT NOT NULL CHECK (role IN ('service-admin', 'agent', 'org-admin')),
  member_login TEXT NOT NULL,
  member_name  TEXT NOT NULL,
  actor_login  TEXT NOT NULL,
  ip           TEXT,
  at           INTEGER NOT NULL
);
INSERT INTO permission_log_new SELECT id, service_id, action, role, member_login, member_name, actor_login, ip, at FROM permission_log;
DROP TABLE permission_log;
ALTER TABLE permission_log_new RENAME TO permission_log;
CREATE INDEX permission_log_service_at ON permission_log(service_id, at);
CREATE INDEX permission_log_at ON permission_log(at);
CREATE TRIGGER permission_log_no_update BEFORE UPDATE ON permission_log BEGIN SELECT RAISE(ABORT, 'the permission log is append-only'); END;
CREATE TRIGGER permission_log_no_delete BEFORE DELETE ON permission_log BEGIN SELECT RAISE(ABORT, 'the permission log is append-only'); END;

-- O5: CTI settings per service and the member ↔ CTI ID / number mapping.
CREATE TABLE cti_settings (
  service_id     TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  tenant_id      TEXT NOT NULL DEFAULT '',
  tenant_name    TEXT NOT NULL DEFAULT '',
  log_monitoring INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE cti_agents (
  member_id  INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  cti_id     TEXT NOT NULL UNIQUE,
  cti_number TEXT NOT NULL
);

-- O9: tickets, opened from a call's notes.
CREATE TABLE tickets (
  id         INTEGER PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  call_id    TEXT,
  title      TEXT NOT NULL,
  notes      TEXT NOT NULL DEFAULT '',
  state      TEXT NOT NULL CHECK (state IN ('unassigned', 'in-progress', 'resolved', 'completed')),
  assignee   TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_service ON tickets(service_id, state);

-- X3: webhooks (the secret signs each delivery) and the delivery log.
CREATE TABLE webhooks (
  id         TEXT PRIMARY KEY,
  url        TEXT NOT NULL,
  events     TEXT NOT NULL,          -- JSON array of event names
  service_id TEXT,                   -- only this service's events when set
  secret     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
  id          INTEGER PRIMARY KEY,
  webhook_id  TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id    TEXT NOT NULL,
  event       TEXT NOT NULL,
  body        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error  TEXT,
  created_at  INTEGER NOT NULL,
  next_at     INTEGER,
  done_at     INTEGER
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(state, next_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at);
