-- 029: the self-checks' results (issue 17 points 4, 5): each service's canary calls and reconcile
-- reports, so the latest (and a short history) survive a restart. Pruned per service and kind.
CREATE TABLE self_checks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('canary', 'reconcile')),
  service_id TEXT NOT NULL REFERENCES services(service_id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  result_json TEXT NOT NULL
);
CREATE INDEX self_checks_latest ON self_checks (kind, service_id, id);
