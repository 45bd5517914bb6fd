-- Statistics rollup, issue 12 (S1): day rows, and a rebuild.
-- Day rows (kinds D: queued calls, U: outbound calls) are the hour rows of one local day of the
-- service's zone merged, on a grid fixed when the rollup is built: a day row covers
-- [d·86400000 − day_phase, (d+1)·86400000 − day_phase) (day_phase: the zone's UTC offset then, when
-- it is a whole number of hours; NULL: no day rows). A read uses them only where its range and
-- buckets fall on that grid, so a year by agent reads a few thousand rows instead of every hour.
ALTER TABLE call_rollup_state ADD COLUMN day_phase INTEGER;
-- Rebuilt from the calls on the next start (in the background for a large service): the tally's
-- "ended in the ARS" and inbound counts no longer count 488-rejected INVITEs (issue 15), and the day
-- rows are new.
DELETE FROM call_rollup;
DELETE FROM call_rollup_dirty;
DELETE FROM call_rollup_state;
-- A covering index: a read's rows come from the index pages alone, in order, with no lookup of
-- each row in the table (≈ 40 % less CPU for a year by agent).
DROP INDEX call_rollup_slot;
CREATE INDEX call_rollup_cover ON call_rollup(service_id, dim, kind, started_slot, until_slot, key, bucket_slot, offered,
  answered, answered_within_sl, abandoned, short_abandoned, callbacks, wait_sum, wait_count, wait_max, talk_sum, wrap_up_sum,
  wrap_up_count, outbound, inbound_all, ars);
