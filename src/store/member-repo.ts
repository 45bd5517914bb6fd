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
  /** O8: kept by the org admin (phone) or edited by the member (nickname, UI language, ticket assignment). */
  phone?: string;
  nickname?: string;
  uiLang?: string;
  ticketAssign: boolean;
}

interface Row {
  id: number;
  login_id: string;
  name: string;
  email: string | null;
  password_hash: string;
  org_admin: number;
  active: number;
  phone: string | null;
  nickname: string | null;
  ui_lang: string | null;
  ticket_assign: number;
}

const COLS = "id, login_id, name, email, password_hash, org_admin, active, phone, nickname, ui_lang, ticket_assign";

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
  private readonly patchStmt: Statement;
  private readonly removeStmt: Statement;

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
    this.patchStmt = db.prepare(
      `UPDATE members SET name = $name, email = $email, phone = $phone, nickname = $nickname, ui_lang = $uiLang,
       ticket_assign = $ticketAssign, active = $active, org_admin = $orgAdmin WHERE id = $id`,
    );
    this.removeStmt = db.prepare("DELETE FROM members WHERE id = ?");
  }

  private toMember(r: Row): Member {
    return {
      id: r.id,
      loginId: r.login_id,
      name: r.name,
      email: r.email ?? undefined,
      orgAdmin: r.org_admin === 1,
      active: r.active === 1,
      phone: r.phone ?? undefined,
      nickname: r.nickname ?? undefined,
      uiLang: r.ui_lang ?? undefined,
      ticketAssign: r.ticket_assign === 1,
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

  /** Set a hash from `hashPassword()` (hash first, then write in one transaction). */
  setPasswordHash(id: number, hash: string): void {
    this.passwordStmt.run({ id, hash });
  }

  /** The member's current password hash (checking an old password before a change, O8). */
  passwordHash(id: number): string | undefined {
    return this.byIdStmt.get(id)?.password_hash;
  }

  /** Give the member `role` in the service (no-op when held already). */
  grant(memberId: number, serviceId: string, role: ServiceRole): void {
    this.grantStmt.run({ memberId, serviceId, role });
  }

  /** Take `role` in the service from the member (no-op when not held). */
  revoke(memberId: number, serviceId: string, role: ServiceRole): void {
    this.revokeStmt.run({ memberId, serviceId, role });
  }

  /** Change a member's profile, settings, state or org-admin flag (O4, O8); returns the member after. */
  update(id: number, patch: MemberPatch): Member | undefined {
    const cur = this.get(id);
    if (!cur) return undefined;
    const m = { ...cur, ...patch };
    this.patchStmt.run({
      id, name: m.name, email: m.email ?? null, phone: m.phone ?? null, nickname: m.nickname ?? null, uiLang: m.uiLang ?? null,
      ticketAssign: m.ticketAssign ? 1 : 0, active: m.active ? 1 : 0, orgAdmin: m.orgAdmin ? 1 : 0,
    });
    return this.get(id);
  }

  /** Remove a member with their roles and sessions; true when they existed. */
  remove(id: number): boolean {
    return this.removeStmt.run(id).changes > 0;
  }

  /** Members whose name, login ID or email contains `q` (case-insensitive), by name (O4). */
  search(q: string): Member[] {
    const needle = q.trim().toLowerCase();
    if (!needle) return this.list();
    return this.list().filter((m) => [m.name, m.loginId, m.email ?? ""].some((x) => x.toLowerCase().includes(needle)));
  }
}

/** What {@link MemberRepo.update} may change. */
export type MemberPatch = Partial<Pick<Member, "name" | "email" | "phone" | "nickname" | "uiLang" | "ticketAssign" | "active" | "orgAdmin">>;
