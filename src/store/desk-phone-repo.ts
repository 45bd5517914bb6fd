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
  /**
   * Seconds between OPTIONS probes of this phone's extension (issue 17 point 1); 0 = never probed
   * (a phone behind a NAT that drops OPTIONS); undefined = the appliance's default (CC_QUALIFY_SECONDS).
   */
  qualifySeconds?: number;
  createdAt: number;
}

/** The longest qualify interval a phone may have (an hour). */
export const MAX_QUALIFY_SECONDS = 3600;

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
  qualify_seconds: number | null;
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
  ...(r.qualify_seconds !== null ? { qualifySeconds: r.qualify_seconds } : {}),
  createdAt: r.created_at,
});

const COLS = "id, service_id, model, mac, extension, agent_login, prov_ha1_md5, prov_ha1_sha256, sip_password, qualify_seconds, created_at";

/** Desk phones and their provisioning credentials (HA1 of extension:provisioning:password, RFC 7616). */
export class DeskPhoneRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly byMacStmt: Statement<Row, [string]>;
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly sipStmt: Statement;
  private readonly qualifyStmt: Statement;
  private readonly qualifyAllStmt: Statement<{ extension: string; qualify_seconds: number }, []>;

  constructor(db: Database) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM desk_phones WHERE service_id = ? ORDER BY extension, mac`);
    this.byMacStmt = db.prepare(`SELECT ${COLS} FROM desk_phones WHERE mac = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO desk_phones (service_id, model, mac, extension, agent_login, prov_ha1_md5, prov_ha1_sha256, sip_password, qualify_seconds, created_at)
       VALUES ($serviceId, $model, $mac, $extension, $agentLogin, $md5, $sha256, $sipPassword, $qualify, $now)`,
    );
    this.deleteStmt = db.prepare("DELETE FROM desk_phones WHERE service_id = ? AND mac = ?");
    this.sipStmt = db.prepare("UPDATE desk_phones SET sip_password = ? WHERE extension = ?");
    this.qualifyStmt = db.prepare("UPDATE desk_phones SET qualify_seconds = ? WHERE service_id = ? AND mac = ?");
    this.qualifyAllStmt = db.prepare("SELECT extension, qualify_seconds FROM desk_phones WHERE qualify_seconds IS NOT NULL");
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
      qualify: p.qualifySeconds ?? null,
      now,
    });
    return this.findByMac(p.mac)!;
  }

  /** Put a new SIP password of `extension` into the files of all its phones (after a reset). */
  setSipPassword(extension: string, sipPassword: string): number {
    return this.sipStmt.run(sipPassword, extension).changes;
  }

  /** Set (or with undefined clear, back to the appliance's default) a phone's qualify interval. */
  setQualify(serviceId: string, mac: string, seconds: number | undefined): boolean {
    return this.qualifyStmt.run(seconds ?? null, serviceId, mac).changes > 0;
  }

  /**
   * The qualify interval of each extension whose phones set one (seconds; absent: the appliance's
   * default). Phones of one extension share its bindings: the shortest interval above 0 wins, and
   * 0 (never probe) holds only when every phone that sets an interval says 0.
   */
  qualifyIntervals(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.qualifyAllStmt.all()) {
      const known = out.get(r.extension);
      if (known === undefined || (r.qualify_seconds > 0 && (known === 0 || r.qualify_seconds < known))) out.set(r.extension, r.qualify_seconds);
    }
    return out;
  }

  remove(serviceId: string, mac: string): boolean {
    return this.deleteStmt.run(serviceId, mac).changes > 0;
  }
}
