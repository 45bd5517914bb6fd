import type { Database, Statement } from "bun:sqlite";

export type ServiceRole = "service-admin" | "agent";

/** A person with a login to the web pages (O4). Org admin alone gives no service access. */
export interface Member {
  id: number;
  loginId: string;
  name: string;
  email?: string;
  orgAdmin: boolean;
  active: boolean;
  roles: { serviceId: string; role: ServiceRole }[];
}

interface Row {
  id: number;
  login_id: string;
  name: string;
  email: string | null;
  password_hash: string;
  org_admin: number;
  active: number;
}

const COLS = "id, login_id, name, email, password_hash, org_admin, active";

/** Used to spend the same time verifying an unknown login as a known one (made on first use). */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword("not-a-real-password"));

/** argon2id hash of a password (X4). */
export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id" });
}

/** Repository of members and their per-service roles; passwords are argon2id hashes (X4). */
export class MemberRepo {
  private readonly byLoginStmt: Statement<Row, [string]>;
  private readonly byIdStmt: Statement<Row, [number]>;
  private readonly insertStmt: Statement<{ id: number }>;
  private readonly rolesStmt: Statement<{ service_id: string; role: ServiceRole }, [number]>;
  private readonly grantStmt: Statement;
  private readonly revokeStmt: Statement;
  private readonly passwordStmt: Statement;
  private readonly countStmt: Statement<{ n: number }, []>;
  private readonly listStmt: Statement<Row, []>;

  constructor(db: Database) {
    this.byLoginStmt = db.prepare(`SELECT ${COLS} FROM members WHERE login_id = ?`);
    this.byIdStmt = db.prepare(`SELECT ${COLS} FROM members WHERE id = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO members (login_id, name, email, password_hash, org_admin, created_at)
       VALUES ($loginId, $name, $email, $hash, $orgAdmin, $now) RETURNING id`,
    );
    this.rolesStmt = db.prepare("SELECT service_id, role FROM member_roles WHERE member_id = ? ORDER BY service_id, role");
    this.grantStmt = db.prepare(
      "INSERT OR IGNORE INTO member_roles (member_id, service_id, role) VALUES ($memberId, $serviceId, $role)",
    );
    this.revokeStmt = db.prepare(
      "DELETE FROM member_roles WHERE member_id = $memberId AND service_id = $serviceId AND role = $role",
    );
    this.passwordStmt = db.prepare("UPDATE members SET password_hash = $hash WHERE id = $id");
    this.countStmt = db.prepare("SELECT count(*) AS n FROM members");
    this.listStmt = db.prepare(`SELECT ${COLS} FROM members ORDER BY name, login_id`);
  }

  private toMember(r: Row): Member {
    return {
      id: r.id,
      loginId: r.login_id,
      name: r.name,
      email: r.email ?? undefined,
      orgAdmin: r.org_admin === 1,
      active: r.active === 1,
      roles: this.rolesStmt.all(r.id).map((x) => ({ serviceId: x.service_id, role: x.role })),
    };
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  async create(
    m: { loginId: string; name: string; email?: string; password: string; orgAdmin?: boolean },
    now = Date.now(),
  ): Promise<Member> {
    return this.createHashed(m, await hashPassword(m.password), now);
  }

  /** Create with a hash from `hashPassword()` (lets callers hash first, then write in one transaction). */
  createHashed(
    m: { loginId: string; name: string; email?: string; orgAdmin?: boolean },
    hash: string,
    now = Date.now(),
  ): Member {
    const row = this.insertStmt.get({
      loginId: m.loginId,
      name: m.name,
      email: m.email ?? null,
      hash,
      orgAdmin: m.orgAdmin ? 1 : 0,
      now,
    })!;
    return this.get(row.id)!;
  }

  /** Every member of the organization, by name (the role form's picker, G5). */
  list(): Member[] {
    return this.listStmt.all().map((r) => this.toMember(r));
  }

  /** True when the member holds `role` in the service. */
  hasRole(member: Member, serviceId: string, role: ServiceRole): boolean {
    return member.roles.some((r) => r.serviceId === serviceId && r.role === role);
  }

  get(id: number): Member | undefined {
    const r = this.byIdStmt.get(id);
    return r ? this.toMember(r) : undefined;
  }

  findByLoginId(loginId: string): Member | undefined {
    const r = this.byLoginStmt.get(loginId);
    return r ? this.toMember(r) : undefined;
  }

  /** The active member whose login and password match, else undefined (same cost either way). */
  async verifyPassword(loginId: string, password: string): Promise<Member | undefined> {
    const r = this.byLoginStmt.get(loginId);
    const ok = await Bun.password.verify(password, r?.password_hash ?? (await dummy()));
    return r && ok && r.active === 1 ? this.toMember(r) : undefined;
  }

  async setPassword(id: number, password: string): Promise<void> {
    this.passwordStmt.run({ id, hash: await hashPassword(password) });
  }

  /** Give the member `role` in the service (no-op when held already). */
  grant(memberId: number, serviceId: string, role: ServiceRole): void {
    this.grantStmt.run({ memberId, serviceId, role });
  }

  /** Take `role` in the service from the member (no-op when not held). */
  revoke(memberId: number, serviceId: string, role: ServiceRole): void {
    this.revokeStmt.run({ memberId, serviceId, role });
  }
}
