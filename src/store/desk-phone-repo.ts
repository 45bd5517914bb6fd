import type { Database, Statement } from "bun:sqlite";
import { digestHa1 } from "./agent-repo.ts";

/** Phone models with a provisioning file; `other` gets a page of values to enter by hand (G2). */
export const PHONE_MODELS = ["yealink", "grandstream", "polycom", "other"] as const;
export type PhoneModel = (typeof PHONE_MODELS)[number];

/** Digest realm of the provisioning files. */
export const PROVISIONING_REALM = "provisioning";

/** A registered desk phone (G2). `sipPassword` is the extension's SIP password embedded in its file. */
export interface DeskPhone {
  id: number;
  serviceId: string;
  model: PhoneModel;
  /** 12 lower-case hex digits, no separators. */
  mac: string;
  extension: string;
  agentLogin?: string;
  sipPassword: string;
  createdAt: number;
}

interface Row {
  id: number;
  service_id: string;
  model: PhoneModel;
  mac: string;
  extension: string;
  agent_login: string | null;
  prov_ha1_md5: string;
  prov_ha1_sha256: string;
  sip_password: string;
  created_at: number;
}

const toPhone = (r: Row): DeskPhone => ({
  id: r.id,
  serviceId: r.service_id,
  model: r.model,
  mac: r.mac,
  extension: r.extension,
  agentLogin: r.agent_login ?? undefined,
  sipPassword: r.sip_password,
  createdAt: r.created_at,
});

const COLS = "id, service_id, model, mac, extension, agent_login, prov_ha1_md5, prov_ha1_sha256, sip_password, created_at";

/** Desk phones and their provisioning credentials (HA1 of extension:provisioning:password, RFC 7616). */
export class DeskPhoneRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly byMacStmt: Statement<Row, [string]>;
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly sipStmt: Statement;

  constructor(db: Database) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM desk_phones WHERE service_id = ? ORDER BY extension, mac`);
    this.byMacStmt = db.prepare(`SELECT ${COLS} FROM desk_phones WHERE mac = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO desk_phones (service_id, model, mac, extension, agent_login, prov_ha1_md5, prov_ha1_sha256, sip_password, created_at)
       VALUES ($serviceId, $model, $mac, $extension, $agentLogin, $md5, $sha256, $sipPassword, $now)`,
    );
    this.deleteStmt = db.prepare("DELETE FROM desk_phones WHERE service_id = ? AND mac = ?");
    this.sipStmt = db.prepare("UPDATE desk_phones SET sip_password = ? WHERE extension = ?");
  }

  list(serviceId: string): DeskPhone[] {
    return this.listStmt.all(serviceId).map(toPhone);
  }

  findByMac(mac: string): DeskPhone | undefined {
    const r = this.byMacStmt.get(mac);
    return r ? toPhone(r) : undefined;
  }

  /** The provisioning HA1 for digest auth of this phone's file, by algorithm. */
  provisioningHa1(mac: string, algorithm: "md5" | "sha256"): string | undefined {
    const r = this.byMacStmt.get(mac);
    return r ? (algorithm === "md5" ? r.prov_ha1_md5 : r.prov_ha1_sha256) : undefined;
  }

  /** Register a phone with its provisioning password (kept only as HA1s) and the SIP password for its file. */
  add(
    p: Omit<DeskPhone, "id" | "createdAt">,
    provisioningPassword: string,
    now = Date.now(),
  ): DeskPhone {
    this.insertStmt.run({
      serviceId: p.serviceId,
      model: p.model,
      mac: p.mac,
      extension: p.extension,
      agentLogin: p.agentLogin ?? null,
      md5: digestHa1("md5", p.extension, PROVISIONING_REALM, provisioningPassword),
      sha256: digestHa1("sha256", p.extension, PROVISIONING_REALM, provisioningPassword),
      sipPassword: p.sipPassword,
      now,
    });
    return this.findByMac(p.mac)!;
  }

  /** Put a new SIP password of `extension` into the files of all its phones (after a reset). */
  setSipPassword(extension: string, sipPassword: string): number {
    return this.sipStmt.run(sipPassword, extension).changes;
  }

  remove(serviceId: string, mac: string): boolean {
    return this.deleteStmt.run(serviceId, mac).changes > 0;
  }
}
