-- O5/O7 (issue 10): every agent state change, for My performance (ready time, time per away
-- reason) and the daily CTI log of call and agent events.
CREATE TABLE agent_state_log (
  id         INTEGER PRIMARY KEY,
  service_id TEXT NOT NULL,
  login_id   TEXT NOT NULL,
  state      TEXT NOT NULL,
  reason     TEXT,
  at         INTEGER NOT NULL
);
CREATE INDEX agent_state_log_service_at ON agent_state_log(service_id, at);
