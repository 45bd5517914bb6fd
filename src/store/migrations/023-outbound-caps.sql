-- 023 (issue 16 point 6, T9): no surprise bill.
-- Per trunk: outbound talk minutes allowed in the last hour and the last 24 hours (0: no cap).
ALTER TABLE trunks ADD COLUMN cap_hour_minutes INTEGER NOT NULL DEFAULT 0 CHECK (cap_hour_minutes >= 0);
ALTER TABLE trunks ADD COLUMN cap_day_minutes INTEGER NOT NULL DEFAULT 0 CHECK (cap_day_minutes >= 0);
-- The trunk an outbound call left through (the last one tried), so its minutes count against that trunk's caps.
ALTER TABLE calls ADD COLUMN trunk_id TEXT;
CREATE INDEX calls_outbound_trunk ON calls(trunk_id, started_at) WHERE trunk_id IS NOT NULL;
-- Per service: what its agents may dial out (all off by default) and the caps per extension (agent).
CREATE TABLE outbound_rules (
  service_id             TEXT PRIMARY KEY REFERENCES services(service_id) ON DELETE CASCADE,
  allow_international    INTEGER NOT NULL DEFAULT 0,
  allow_premium          INTEGER NOT NULL DEFAULT 0,
  allow_after_hours      INTEGER NOT NULL DEFAULT 0,
  extension_hour_minutes INTEGER NOT NULL DEFAULT 0 CHECK (extension_hour_minutes >= 0),
  extension_day_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (extension_day_minutes >= 0),
  updated_at             INTEGER NOT NULL
) WITHOUT ROWID;
