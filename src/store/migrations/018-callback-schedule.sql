-- 018 (issue 15, C7/C11): callbacks keep the caller's place and know when to try next; calls say why they ended.
-- place_at: when the caller entered the queue (ms) — the request keeps that place in the line.
-- next_try_at: not dialled before (ms); set after an unanswered try (retry after N minutes) or while closed.
-- end_reason: the SIP cause of a call's end beside hangup_by (bye, cancel, timeout, no-ack, media-loss, shutdown …).
ALTER TABLE callbacks ADD COLUMN place_at INTEGER;
ALTER TABLE callbacks ADD COLUMN next_try_at INTEGER;
UPDATE callbacks SET place_at = created_at;
CREATE INDEX callbacks_number ON callbacks(service_id, number, state);
ALTER TABLE calls ADD COLUMN end_reason TEXT;
