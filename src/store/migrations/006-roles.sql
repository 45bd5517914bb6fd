-- Agent groups (G5, 상담그룹) and the permission change log (O6, 권한 변경 로그).
ALTER TABLE agents ADD COLUMN group_name TEXT;

CREATE TABLE permission_log (
  id           INTEGER PRIMARY KEY,
  service_id   TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('grant', 'revoke')),
  role         TEXT NOT NULL CHECK (role IN ('service-admin', 'agent')),
  member_login TEXT NOT NULL,
  member_name  TEXT NOT NULL,
  actor_login  TEXT NOT NULL,
  ip           TEXT,
  at           INTEGER NOT NULL
);
CREATE INDEX permission_log_service_at ON permission_log(service_id, at);
