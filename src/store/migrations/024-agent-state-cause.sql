-- Issue 17 (A2, C5): every agent state change has a cause (agent, admin, rule, SIP event, restart,
-- media), kept in the history and on the live state; a timed state keeps its deadline across a
-- restart; an unreachable agent keeps the state it returns to when its device is back.
ALTER TABLE agent_state_log ADD COLUMN cause TEXT;
ALTER TABLE agent_status ADD COLUMN cause TEXT;
ALTER TABLE agent_status ADD COLUMN until INTEGER;
ALTER TABLE agent_status ADD COLUMN return_state TEXT;
ALTER TABLE agent_status ADD COLUMN return_reason TEXT;
CREATE INDEX agent_state_log_agent_at ON agent_state_log(service_id, login_id, at);
