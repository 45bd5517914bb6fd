-- Indexes for the lookups and statistics over a large call log (issue 4).
-- Calls are keyed by a random id, so a range of start times read through a narrow index costs one
-- random lookup per call. The covering index holds every column the statistics, the dashboard and
-- the lookups' filters and sorts read, so those read the index alone and fetch only a page of rows.
DROP INDEX calls_service_started;
CREATE INDEX calls_service_started_cover ON calls(
  service_id, started_at, queue_id, queued_at, answered_at, result, wait_seconds, talk_seconds, agent_login, type, direction,
  from_number, to_number
);
-- Call history filtered by queue or by agent within a date range.
CREATE INDEX calls_service_queue_started ON calls(service_id, queue_id, started_at);
CREATE INDEX calls_service_agent_started ON calls(service_id, agent_login, started_at);
-- Offers by service and time (statistics by agent).
CREATE INDEX queue_events_service_event_at ON queue_events(service_id, event, at, call_id, agent_login);
