-- X6: SIP message traces on demand. A door (pages, command line) records a request; the running
-- appliance picks pending rows up, captures into <dataDir>/traces/<trace_id>.pcap and .txt, and
-- writes its progress and end back here.
CREATE TABLE sip_traces (
  trace_id    TEXT PRIMARY KEY,
  service_id  TEXT NOT NULL,
  filter      TEXT NOT NULL,
  minutes     INTEGER NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'running', 'ended')),
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  ends_at     INTEGER NOT NULL,
  ended_at    INTEGER,
  end_reason  TEXT,
  messages    INTEGER NOT NULL DEFAULT 0,
  bytes       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sip_traces_open ON sip_traces (state) WHERE state <> 'ended';
CREATE INDEX sip_traces_service ON sip_traces (service_id, created_at);
