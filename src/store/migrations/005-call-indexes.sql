-- Indexes for the lookups and statistics over a large call log (issue 4): call history filtered
-- by queue or agent within a date range, and the queue event log's offers by service and time.
CREATE INDEX calls_service_queue_started ON calls(service_id, queue_id, started_at);
CREATE INDEX calls_service_agent_started ON calls(service_id, agent_login, started_at);
CREATE INDEX queue_events_service_event_at ON queue_events(service_id, event, at);
