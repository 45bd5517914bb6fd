-- Statistics rollup (issue 12, S1, D1–D3): sums of the call records per service, grouping (dim),
-- key and 15-minute slot of their start, so a month of statistics reads a few thousand rows instead
-- of every call. Rows are rebuilt per slot from the calls: triggers only mark a slot dirty in the
-- same transaction as the write (cheap on the call path); readers rebuild the dirty slots first.
-- A service's rows are built for one SL threshold (call_rollup_state); another one rebuilds them.
CREATE TABLE call_rollup (
  service_id         TEXT NOT NULL,
  dim                TEXT NOT NULL,    -- queue | type | service | agent | tally
  kind               TEXT NOT NULL,    -- q: queued calls, o: outbound calls, t: dashboard tally
  key                TEXT,
  started_slot       INTEGER NOT NULL, -- floor(started_at / 900000)
  bucket_slot        INTEGER NOT NULL, -- slot of the instant the statistics bucket by
  until_slot         INTEGER NOT NULL, -- by agent: slot of the first offer to the agent; else started_slot
  offered            INTEGER NOT NULL, -- tally: inbound
  answered           INTEGER NOT NULL, -- tally: internal
  answered_within_sl INTEGER NOT NULL,
  abandoned          INTEGER NOT NULL,
  short_abandoned    INTEGER NOT NULL,
  callbacks          INTEGER NOT NULL,
  wait_sum           REAL NOT NULL,
  wait_count         INTEGER NOT NULL,
  wait_max           REAL,
  talk_sum           REAL NOT NULL,
  wrap_up_sum        REAL NOT NULL,
  wrap_up_count      INTEGER NOT NULL,
  outbound           INTEGER NOT NULL,
  inbound_all        INTEGER NOT NULL DEFAULT 0, -- tally: every inbound call (the statistics page's total)
  ars                INTEGER NOT NULL DEFAULT 0  -- tally: inbound calls that never entered a queue (ended in the ARS)
);
CREATE INDEX call_rollup_slot ON call_rollup(service_id, dim, kind, started_slot);

CREATE TABLE call_rollup_dirty (
  service_id TEXT NOT NULL,
  slot       INTEGER NOT NULL,
  PRIMARY KEY (service_id, slot)
) WITHOUT ROWID;

-- No row: the service's rollup is not built yet (the first reader builds it from all its calls).
CREATE TABLE call_rollup_state (
  service_id            TEXT PRIMARY KEY,
  sl_seconds            REAL NOT NULL,
  short_abandon_seconds REAL NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty VALUES (NEW.service_id, (NEW.started_at - ((NEW.started_at % 900000) + 900000) % 900000) / 900000);
END;
CREATE TRIGGER calls_rollup_update AFTER UPDATE OF
  service_id, started_at, queue_id, queued_at, answered_at, result, wait_seconds, talk_seconds, agent_login, type, direction, wrap_up_seconds
  ON calls BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty VALUES (NEW.service_id, (NEW.started_at - ((NEW.started_at % 900000) + 900000) % 900000) / 900000);
  INSERT OR IGNORE INTO call_rollup_dirty SELECT OLD.service_id, (OLD.started_at - ((OLD.started_at % 900000) + 900000) % 900000) / 900000
    WHERE OLD.service_id IS NOT NEW.service_id OR OLD.started_at IS NOT NEW.started_at;
END;
CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty VALUES (OLD.service_id, (OLD.started_at - ((OLD.started_at % 900000) + 900000) % 900000) / 900000);
END;
-- Offers feed the statistics by agent: they dirty the slot of their call's start.
CREATE TRIGGER queue_events_rollup_insert AFTER INSERT ON queue_events WHEN NEW.event = 'offer' BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty SELECT service_id, (started_at - ((started_at % 900000) + 900000) % 900000) / 900000
    FROM calls WHERE call_id = NEW.call_id;
END;
CREATE TRIGGER queue_events_rollup_delete AFTER DELETE ON queue_events WHEN OLD.event = 'offer' BEGIN
  INSERT OR IGNORE INTO call_rollup_dirty SELECT service_id, (started_at - ((started_at % 900000) + 900000) % 900000) / 900000
    FROM calls WHERE call_id = OLD.call_id;
END;
