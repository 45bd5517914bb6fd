import type { Database, Statement } from "bun:sqlite";

/** offline = not signed in; the rest follow A2. */
export type AgentState = "offline" | "ready" | "away" | "wrap-up" | "dialing" | "ringing" | "on-call" | "unreachable";

/** An agent of one service with an extension unique across the installation (G5). */
export interface Agent {
  serviceId: string;
  loginId: string;
  name: string;
  extension: string;
  blocked: boolean;
  state: AgentState;
  /** The agent's group (상담그룹, G5): free text, up to 40 characters; undefined when none. */
  group?: string;
  createdAt: number;
}

/** A change to an agent; `group: null` or "" clears the group. */
export type AgentPatch = Partial<Pick<Agent, "name" | "blocked" | "state">> & { group?: string | null };

interface Row {
  service_id: string;
  login_id: string;
  name: string;
  extension: string;
  blocked: number;
  state: AgentState;
  group_name: string | null;
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
    group: r.group_name ?? undefined,
    createdAt: r.created_at,
  };
}

/** The first extension handed out. */
export const FIRST_EXTENSION = 1001;

/** hex HA1 = H(username:realm:password) for digest auth (RFC 2617 §3.2.2.2, RFC 8760). */
export function digestHa1(algorithm: "md5" | "sha256", username: string, realm: string, password: string): string {
  return new Bun.CryptoHasher(algorithm).update(`${username}:${realm}:${password}`).digest("hex");
}

const COLS = "service_id, login_id, name, extension, blocked, state, group_name, created_at";

/** Repository of agents; SIP passwords are kept only as HA1 hashes for `realm`. */
export class AgentRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly getStmt: Statement<Row, [string, string]>;
  private readonly byExtStmt: Statement<Row, [string]>;
  private readonly nextExtStmt: Statement<{ next: number }, []>;
  private readonly countStmt: Statement<{ n: number }, [string]>;
  private readonly usedStmt: Statement<{ n: number }, [string, string]>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly ha1Stmt: Statement;
  private readonly ha1Of: Statement<{ ha1_sha256: string }, [string, string]>;
  private readonly deleteStmt: Statement;

  constructor(
    private readonly db: Database,
    private readonly realm: string,
    /** Told when a write changes what digest authentication reads (extension, HA1s, blocked): the credential cache drops. */
    private readonly credentialsChanged: () => void = () => {},
  ) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM agents WHERE service_id = ? ORDER BY extension`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM agents WHERE service_id = ? AND login_id = ?`);
    this.byExtStmt = db.prepare(`SELECT ${COLS} FROM agents WHERE extension = ?`);
    this.nextExtStmt = db.prepare(
      `SELECT max(${FIRST_EXTENSION}, coalesce(max(CAST(extension AS INTEGER)) + 1, ${FIRST_EXTENSION})) AS next FROM agents`,
    );
    this.countStmt = db.prepare("SELECT count(*) AS n FROM agents WHERE service_id = ?");
    this.usedStmt = db.prepare(
      `SELECT (SELECT count(*) FROM agents WHERE service_id = ?1) + (SELECT count(*) FROM member_roles r JOIN members m ON m.id = r.member_id
         WHERE r.service_id = ?2 AND r.role = 'agent'
           AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.service_id = r.service_id AND a.login_id = m.login_id)) AS n`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO agents (service_id, login_id, name, extension, ha1_md5, ha1_sha256, state, group_name, created_at)
       VALUES ($serviceId, $loginId, $name, $extension, $md5, $sha256, 'offline', $group, $now)`,
    );
    this.updateStmt = db.prepare(
      "UPDATE agents SET name = $name, blocked = $blocked, state = $state, group_name = $group WHERE service_id = $serviceId AND login_id = $loginId",
    );
    this.ha1Of = db.prepare("SELECT ha1_sha256 FROM agents WHERE service_id = ? AND login_id = ?");
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

  /**
   * Licences in use (G5): the service's agents plus the members holding its agent role who have
   * no agent of the same login ID there (each person takes one licence).
   */
  licencesUsed(serviceId: string): number {
    return this.usedStmt.get(serviceId, serviceId)!.n;
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
  create(a: { serviceId: string; loginId: string; name: string; group?: string }, sipPassword: string, now = Date.now()): Agent {
    return this.db.transaction(() => {
      const extension = String(this.nextExtStmt.get()!.next);
      const { serviceId, loginId, name } = a;
      this.insertStmt.run({ serviceId, loginId, name, group: a.group || null, extension, ...this.hashes(extension, sipPassword), now });
      this.credentialsChanged();
      return this.get(a.serviceId, a.loginId)!;
    })();
  }

  update(serviceId: string, loginId: string, patch: AgentPatch): Agent | undefined {
    const cur = this.get(serviceId, loginId);
    if (!cur) return undefined;
    const next: Agent = { ...cur, ...patch, group: patch.group === undefined ? cur.group : patch.group || undefined };
    this.updateStmt.run({ serviceId, loginId, name: next.name, blocked: next.blocked ? 1 : 0, state: next.state, group: next.group ?? null });
    // State changes are frequent and do not touch credentials; only blocking does.
    if (next.blocked !== cur.blocked) this.credentialsChanged();
    return next;
  }

  /** Replace the SIP password (G5 reset); returns false when the agent does not exist. */
  setSipPassword(serviceId: string, loginId: string, sipPassword: string): boolean {
    const cur = this.get(serviceId, loginId);
    if (!cur) return false;
    this.ha1Stmt.run({ serviceId, loginId, ...this.hashes(cur.extension, sipPassword) });
    this.credentialsChanged();
    return true;
  }

  /** Is this the agent's current SIP password? (compares the digest HA1, the password is never stored) */
  checkSipPassword(serviceId: string, loginId: string, sipPassword: string): boolean {
    const cur = this.get(serviceId, loginId);
    if (!cur) return false;
    const row = this.ha1Of.get(serviceId, loginId);
    return row !== null && row !== undefined && row.ha1_sha256 === this.hashes(cur.extension, sipPassword).sha256;
  }

  remove(serviceId: string, loginId: string): boolean {
    const removed = this.deleteStmt.run(serviceId, loginId).changes > 0;
    if (removed) this.credentialsChanged();
    return removed;
  }

  private hashes(extension: string, password: string): { md5: string; sha256: string } {
    return {
      md5: digestHa1("md5", extension, this.realm, password),
      sha256: digestHa1("sha256", extension, this.realm, password),
    };
  }
}
