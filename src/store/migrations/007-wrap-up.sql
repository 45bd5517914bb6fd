-- Seconds the agent spent in wrap-up (후처리) after the call (A6, C11, S1); NULL until the agent leaves
-- wrap-up, and for calls no agent answered.
ALTER TABLE calls ADD COLUMN wrap_up_seconds REAL;
-- The statistics by queue, by consultation type and by service read the covering index alone: it
-- gains the new column (same columns as 005 otherwise).
DROP INDEX calls_service_started_cover;
CREATE INDEX calls_service_started_cover ON calls(
  service_id, started_at, queue_id, queued_at, answered_at, result, wait_seconds, talk_seconds, agent_login, type, direction,
  from_number, to_number, wrap_up_seconds
);
