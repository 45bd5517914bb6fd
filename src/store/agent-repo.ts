import type { Database, Statement } from "bun:sqlite";

/** offline = not signed in; the rest follow A2. */
export type AgentState = "offline" | "ready" | "away" | "wrap-up" | "dialing" | "ringing" | "on-call";

/** An agent of one service with an extension unique across the installation (G5). */
export interface Agent {
  serviceId: string;
  loginId: string;
  name: string;
  extension: string;
  blocked: boolean;
  state: AgentState;
  createdAt: number;
}

export type AgentPatch = Partial<Pick<Agent, "name" | "blocked" | "state">>;

interface Row {
  service_id: string;
  login_id: string;
  name: string;
  extension: string;
  blocked: number;
  state: AgentState;
  created_at: number;
}

function toAgent(r: Row): Agent {
  return {
    serviceId: r.service_id,
    loginId: r.login_id,
    name: r.name,
    extension: r.extension,
    blocked: r.blocked === 1,
    state: r.state,
    createdAt: r.created_at,
  };
}

/** The first extension handed out. */
export const FIRST_EXTENSION = 1001;

/** hex HA1 = H(username:realm:password) for digest auth (RFC 2617 §3.2.2.2, RFC 8760). */
export function digestHa1(algorithm: "md5" | "sha256", username: string, realm: string, password: string): string {
  return new Bun.CryptoHasher(algorithm).update(`${username}:${realm}:${password}`).digest("hex");
}

const COLS = "service_id, login_id, name, extension, blocked, state, created_at";

/** Repository of agents; SIP passwords are kept only as HA1 hashes for `realm`. */
export class AgentRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly getStmt: Statement<Row, [string, string]>;
  private readonly byExtStmt: Statement<Row, [string]>;
  private readonly nextExtStmt: Statement<{ next: number }, []>;
  private readonly countStmt: Statement<{ n: number }, [string]>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly ha1Stmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(
    private readonly db: Database,
    private readonly realm: string,
  ) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM agents WHERE service_id = ? ORDER BY extension`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM agents WHERE service_id = ? AND login_id = ?`);
    this.byExtStmt = db.prepare(`SELECT ${COLS} FROM agents WHERE extension = ?`);
    this.nextExtStmt = db.prepare(
      `SELECT max(${FIRST_EXTENSION}, coalesce(max(CAST(extension AS INTEGER)) + 1, ${FIRST_EXTENSION})) AS next FROM agents`,
    );
    this.countStmt = db.prepare("SELECT count(*) AS n FROM agents WHERE service_id = ?");
    this.insertStmt = db.prepare(
      `INSERT INTO agents (service_id, login_id, name, extension, ha1_md5, ha1_sha256, state, created_at)
       VALUES ($serviceId, $loginId, $name, $extension, $md5, $sha256, 'offline', $now)`,
    );
    this.updateStmt = db.prepare(
      "UPDATE agents SET name = $name, blocked = $blocked, state = $state WHERE service_id = $serviceId AND login_id = $loginId",
    );
    this.ha1Stmt = db.prepare(
      "UPDATE agents SET ha1_md5 = $md5, ha1_sha256 = $sha256 WHERE service_id = $serviceId AND login_id = $loginId",
    );
    this.deleteStmt = db.prepare("DELETE FROM agents WHERE service_id = ? AND login_id = ?");
  }

  list(serviceId: string): Agent[] {
    return this.listStmt.all(serviceId).map(toAgent);
  }

  count(serviceId: string): number {
    return this.countStmt.get(serviceId)!.n;
  }

  get(serviceId: string, loginId: string): Agent | undefined {
    const r = this.getStmt.get(serviceId, loginId);
    return r ? toAgent(r) : undefined;
  }

  findByExtension(extension: string): Agent | undefined {
    const r = this.byExtStmt.get(extension);
    return r ? toAgent(r) : undefined;
  }

  /** Create an agent with the next free extension (1001 upwards) and the given SIP password. */
  create(a: { serviceId: string; loginId: string; name: string }, sipPassword: string, now = Date.now()): Agent {
    return this.db.transaction(() => {
      const extension = String(this.nextExtStmt.get()!.next);
      this.insertStmt.run({ ...a, extension, ...this.hashes(extension, sipPassword), now });
      return this.get(a.serviceId, a.loginId)!;
    })();
  }

  update(serviceId: string, loginId: string, patch: AgentPatch): Agent | undefined {
    const cur = this.get(serviceId, loginId);
    if (!cur) return undefined;
    const next = { ...cur, ...patch };
    this.updateStmt.run({ serviceId, loginId, name: next.name, blocked: next.blocked ? 1 : 0, state: next.state });
    return next;
  }

  /** Replace the SIP password (G5 reset); returns false when the agent does not exist. */
  setSipPassword(serviceId: string, loginId: string, sipPassword: string): boolean {
    const cur = this.get(serviceId, loginId);
    if (!cur) return false;
    this.ha1Stmt.run({ serviceId, loginId, ...this.hashes(cur.extension, sipPassword) });
    return true;
  }

  remove(serviceId: string, loginId: string): boolean {
    return this.deleteStmt.run(serviceId, loginId).changes > 0;
  }

  private hashes(extension: string, password: string): { md5: string; sha256: string } {
    return {
      md5: digestHa1("md5", extension, this.realm, password),
      sha256: digestHa1("sha256", extension, this.realm, password),
    };
  }
}
