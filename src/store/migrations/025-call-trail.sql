-- Routing explainer (issue 17 point 3): every call's decision trail, written by the domain as the call
-- goes (number → service, hours verdict and its rule, IVR keys, queue, each offer round with every agent
-- considered and why, offers' results, callback, end). Rows are buffered and written in batches.
CREATE TABLE call_trail (
  call_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  at         INTEGER NOT NULL,     -- ms
  step       TEXT NOT NULL,        -- number | hours | key | queue | round | offer | callback | end
  service_id TEXT NOT NULL,
  agent      TEXT,                 -- the agent an offer step is about (the console's missed offers)
  detail     TEXT NOT NULL,        -- JSON
  PRIMARY KEY (call_id, seq)
) WITHOUT ROWID;
CREATE INDEX call_trail_service_step ON call_trail(service_id, step, at);
CREATE INDEX call_trail_agent ON call_trail(service_id, agent, at) WHERE agent IS NOT NULL;
