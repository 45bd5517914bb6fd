import type { Database } from "bun:sqlite";
import type { Logger } from "../lib/index.ts";
import initial from "./migrations/001-initial.sql" with { type: "text" };
import callCenter from "./migrations/002-call-center.sql" with { type: "text" };
import trunks from "./migrations/003-trunks.sql" with { type: "text" };
import admin from "./migrations/004-admin.sql" with { type: "text" };
import callIndexes from "./migrations/005-call-indexes.sql" with { type: "text" };
import roles from "./migrations/006-roles.sql" with { type: "text" };
import wrapUp from "./migrations/007-wrap-up.sql" with { type: "text" };
import auditChanges from "./migrations/008-audit-changes.sql" with { type: "text" };
import sipTraces from "./migrations/009-sip-traces.sql" with { type: "text" };
import agentConsole from "./migrations/010-agent-console.sql" with { type: "text" };
import trunkPeerSources from "./migrations/011-trunk-peer-sources.sql" with { type: "text" };
import organization from "./migrations/012-organization.sql" with { type: "text" };
import apiKeyScope from "./migrations/013-api-key-scope.sql" with { type: "text" };
import agentStateLog from "./migrations/014-agent-state-log.sql" with { type: "text" };
import callbackSchedule from "./migrations/018-callback-schedule.sql" with { type: "text" };
import trunkOutbound from "./migrations/019-trunk-outbound.sql" with { type: "text" };
import recordingsGovernance from "./migrations/020-recordings-governance.sql" with { type: "text" };
import callRollup from "./migrations/022-call-rollup.sql" with { type: "text" };
import rollupDays from "./migrations/027-rollup-days.sql" with { type: "text" };
import agentStateCause from "./migrations/024-agent-state-cause.sql" with { type: "text" };
import outboundCaps from "./migrations/023-outbound-caps.sql" with { type: "text" };
import callTrail from "./migrations/025-call-trail.sql" with { type: "text" };
import adminDeviceKey from "./migrations/028-admin-device-key.sql" with { type: "text" };
import selfChecks from "./migrations/029-self-checks.sql" with { type: "text" };
import deskPhoneQualify from "./migrations/030-desk-phone-qualify.sql" with { type: "text" };

/** One numbered schema change; `version` becomes `PRAGMA user_version` once applied. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration this binary knows, in order. Add new files here (numbered, never edited once shipped). */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "001-initial", sql: initial },
  { version: 2, name: "002-call-center", sql: callCenter },
  { version: 3, name: "003-trunks", sql: trunks },
  { version: 4, name: "004-admin", sql: admin },
  { version: 5, name: "005-call-indexes", sql: callIndexes },
  { version: 6, name: "006-roles", sql: roles },
  { version: 7, name: "007-wrap-up", sql: wrapUp },
  { version: 8, name: "008-audit-changes", sql: auditChanges },
  { version: 9, name: "009-sip-traces", sql: sipTraces },
  { version: 10, name: "010-agent-console", sql: agentConsole },
  { version: 11, name: "011-trunk-peer-sources", sql: trunkPeerSources },
  { version: 12, name: "012-organization", sql: organization },
  { version: 13, name: "013-api-key-scope", sql: apiKeyScope },
  { version: 14, name: "014-agent-state-log", sql: agentStateLog },
  { version: 18, name: "018-callback-schedule", sql: callbackSchedule },
  { version: 19, name: "019-trunk-outbound", sql: trunkOutbound },
  { version: 20, name: "020-recordings-governance", sql: recordingsGovernance },
  { version: 22, name: "022-call-rollup", sql: callRollup },
  { version: 23, name: "023-outbound-caps", sql: outboundCaps },
  { version: 24, name: "024-agent-state-cause", sql: agentStateCause },
  { version: 25, name: "025-call-trail", sql: callTrail },
  { version: 27, name: "027-rollup-days", sql: rollupDays },
  { version: 28, name: "028-admin-device-key", sql: adminDeviceKey },
  { version: 29, name: "029-self-checks", sql: selfChecks },
  { version: 30, name: "030-desk-phone-qualify", sql: deskPhoneQualify },
];

/** The schema version this binary writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The database was written by a newer binary; refusing it keeps the data safe. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `database schema version ${found} is newer than this program supports (${supported}); run a newer version or restore a backup`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** Read `PRAGMA user_version`. */
export function schemaVersion(db: Database): number {
  const row = db.query("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}

/**
 * Apply the pending migrations, each in its own transaction, and return the resulting version.
 * Throws SchemaTooNewError when the database is newer than this binary.
 */
export function migrate(db: Database, logger?: Logger, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  if (current > latest) throw new SchemaTooNewError(current, latest);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    })();
    logger?.info({ version: m.version, name: m.name }, "database migrated");
  }
  return schemaVersion(db);
}
