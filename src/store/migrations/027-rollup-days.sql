-- Statistics rollup, issue 12 (S1): day rows, and a rebuild.
-- Day rows (kinds D: queued calls, U: outbound calls) are the hour rows of one local day of the
-- service's zone merged, on a grid fixed when the rollup is built: a day row covers
-- [d·86400000 − day_phase, (d+1)·86400000 − day_phase) (day_phase: the zone's UTC offset then, when
-- it is a whole number of hours; NULL: no day rows). A read uses them only where its range and
-- buckets fall on that grid, so a year by agent reads a few thousand rows instead of every hour.
-- Month rows (kinds M: queued calls, N: outbound calls) merge the day rows of one local month; their
-- slots are the day number of the month's 1st.
ALTER TABLE call_rollup_state ADD COLUMN day_phase INTEGER;
-- Rebuilt from the calls on the next start (in the background for a large service): the tally's
-- "ended in the ARS" and inbound counts no longer count 488-rejected INVITEs (issue 15), and the day
-- rows are new.
-- Dim 'legs' (kind q and its hour and day rows): per agent, the answered agent legs of queued calls
-- (offered: legs, talk_sum: seconds connected), bucketed like the other figures (issue 17's talk
-- split between the agents of a transferred call); leg writes dirty their call's slot.
CREATE TRIGGER call_legs_rollup_insert AFTER INSERT ON call_legs BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty SELECT service_id, (started_at - ((started_at % 900000) + 900000) % 900000) / 900000
    FROM calls WHERE call_id = NEW.call_id;
END;
CREATE TRIGGER call_legs_rollup_update AFTER UPDATE OF call_id, role, agent_login, answered_at, ended_at ON call_legs BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty SELECT service_id, (started_at - ((started_at % 900000) + 900000) % 900000) / 900000
    FROM calls WHERE call_id IN (NEW.call_id, OLD.call_id);
END;
CREATE TRIGGER call_legs_rollup_delete AFTER DELETE ON call_legs BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty SELECT service_id, (started_at - ((started_at % 900000) + 900000) % 900000) / 900000
    FROM calls WHERE call_id = OLD.call_id;
END;
DELETE FROM call_rollup;
DELETE FROM call_rollup_dirty;
DELETE FROM call_rollup_state;
-- A covering index: a read's rows come from the index pages alone, in order, with no lookup of
-- each row in the table (≈ 40 % less CPU for a year by agent).
DROP INDEX call_rollup_slot;
CREATE INDEX call_rollup_cover ON call_rollup(service_id, dim, kind, started_slot, until_slot, key, bucket_slot, offered,
  answered, answered_within_sl, abandoned, short_abandoned, callbacks, wait_sum, wait_count, wait_max, talk_sum, wrap_up_sum,
  wrap_up_count, outbound, inbound_all, ars);
