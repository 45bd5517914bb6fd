import type { Database, Statement } from "bun:sqlite";

/** Work management (G9): agent state after sign-in and after a call, screen-pop URL template. */
export interface WorkSettings {
  stateAfterLogin: "ready" | "away";
  stateAfterCall: "ready" | "away" | "wrap-up";
  /** URL with `{caller}` replaced by the caller's number; empty = no screen-pop. */
  screenPopUrl: string;
}

/** The settings of a service that never saved any. */
export const DEFAULT_WORK_SETTINGS: WorkSettings = { stateAfterLogin: "away", stateAfterCall: "ready", screenPopUrl: "" };

interface Row {
  state_after_login: WorkSettings["stateAfterLogin"];
  state_after_call: WorkSettings["stateAfterCall"];
  screen_pop_url: string;
}

/** Work management settings per service (G9). */
export class WorkSettingsRepo {
  private readonly getStmt: Statement<Row, [string]>;
  private readonly putStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare(
      "SELECT state_after_login, state_after_call, screen_pop_url FROM work_settings WHERE service_id = ?",
    );
    this.putStmt = db.prepare(
      `INSERT INTO work_settings (service_id, state_after_login, state_after_call, screen_pop_url, updated_at)
       VALUES ($serviceId, $stateAfterLogin, $stateAfterCall, $screenPopUrl, $now)
       ON CONFLICT (service_id) DO UPDATE SET state_after_login = excluded.state_after_login,
         state_after_call = excluded.state_after_call, screen_pop_url = excluded.screen_pop_url, updated_at = excluded.updated_at`,
    );
  }

  get(serviceId: string): WorkSettings {
    const r = this.getStmt.get(serviceId);
    if (!r) return { ...DEFAULT_WORK_SETTINGS };
    return { stateAfterLogin: r.state_after_login, stateAfterCall: r.state_after_call, screenPopUrl: r.screen_pop_url };
  }

  put(serviceId: string, s: WorkSettings, now = Date.now()): void {
    this.putStmt.run({ serviceId, ...s, now });
  }
}
