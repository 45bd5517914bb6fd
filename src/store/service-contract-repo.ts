import type { Database, Statement } from "bun:sqlite";

/** The kind of a service (O1): a contact center (상담 관리) or tickets only (이슈 관리, O9). */
export type ServiceType = "contact-center" | "tickets";

/** What a service looked like when it was terminated (kept for the charges, O2). */
export interface ServiceSnapshot {
  name: string;
  licences: number;
  deskPhones: number;
  createdAt: number;
}

/**
 * The contract of a service (O1): its type, the features it pays for, when it was contracted and
 * last changed, and its end. A service with no row (made before contracts existed, or through the
 * API in one step) counts as a contact center with every feature since its creation.
 */
export interface ServiceContract {
  serviceId: string;
  type: ServiceType;
  /** Undefined until the contract step (step 2) is done: the service is "not in use". */
  features?: string[];
  contractedAt?: number;
  changedAt?: number;
  terminatedAt?: number;
  snapshot?: ServiceSnapshot;
  /** False when the row is a default (no contract stored). */
  stored: boolean;
}

/** A service's banner image (its tab image, O1). */
export interface ServiceBanner {
  mime: string;
  bytes: Uint8Array;
  updatedAt: number;
}

interface Row {
  service_id: string;
  type: ServiceType;
  features: string | null;
  contracted_at: number | null;
  changed_at: number | null;
  terminated_at: number | null;
  snapshot: string | null;
}

const COLS = "service_id, type, features, contracted_at, changed_at, terminated_at, snapshot";
const toContract = (r: Row): ServiceContract => ({
  serviceId: r.service_id,
  type: r.type,
  features: r.features === null ? undefined : (JSON.parse(r.features) as string[]),
  contractedAt: r.contracted_at ?? undefined,
  changedAt: r.changed_at ?? undefined,
  terminatedAt: r.terminated_at ?? undefined,
  snapshot: r.snapshot === null ? undefined : (JSON.parse(r.snapshot) as ServiceSnapshot),
  stored: true,
});

/** Contracts (kept after termination) and banners of services (O1, O2). */
export class ServiceContractRepo {
  private readonly getStmt: Statement<Row, [string]>;
  private readonly listStmt: Statement<Row, []>;
  private readonly putStmt: Statement;
  private readonly bannerStmt: Statement<{ mime: string; bytes: Uint8Array; updated_at: number }, [string]>;
  private readonly putBannerStmt: Statement;
  private readonly dropBannerStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare(`SELECT ${COLS} FROM service_contracts WHERE service_id = ?`);
    this.listStmt = db.prepare(`SELECT ${COLS} FROM service_contracts ORDER BY service_id`);
    this.putStmt = db.prepare(
      `INSERT INTO service_contracts (${COLS}) VALUES ($serviceId, $type, $features, $contractedAt, $changedAt, $terminatedAt, $snapshot)
       ON CONFLICT (service_id) DO UPDATE SET type = excluded.type, features = excluded.features,
         contracted_at = excluded.contracted_at, changed_at = excluded.changed_at,
         terminated_at = excluded.terminated_at, snapshot = excluded.snapshot`,
    );
    this.bannerStmt = db.prepare("SELECT mime, bytes, updated_at FROM service_banners WHERE service_id = ?");
    this.putBannerStmt = db.prepare(
      `INSERT INTO service_banners (service_id, mime, bytes, updated_at) VALUES ($serviceId, $mime, $bytes, $now)
       ON CONFLICT (service_id) DO UPDATE SET mime = excluded.mime, bytes = excluded.bytes, updated_at = excluded.updated_at`,
    );
    this.dropBannerStmt = db.prepare("DELETE FROM service_banners WHERE service_id = ?");
  }

  /** The service's contract; a default (every feature, since `createdAt`) when none is stored. */
  get(serviceId: string, createdAt = 0, allFeatures: readonly string[] = []): ServiceContract {
    const r = this.getStmt.get(serviceId);
    return r ? toContract(r) : { serviceId, type: "contact-center", features: [...allFeatures], contractedAt: createdAt, stored: false };
  }

  /** Every stored contract, terminated ones included. */
  list(): ServiceContract[] {
    return this.listStmt.all().map(toContract);
  }

  put(c: Omit<ServiceContract, "stored">): void {
    this.putStmt.run({
      serviceId: c.serviceId,
      type: c.type,
      features: c.features ? JSON.stringify(c.features) : null,
      contractedAt: c.contractedAt ?? null,
      changedAt: c.changedAt ?? null,
      terminatedAt: c.terminatedAt ?? null,
      snapshot: c.snapshot ? JSON.stringify(c.snapshot) : null,
    });
  }

  banner(serviceId: string): ServiceBanner | undefined {
    const r = this.bannerStmt.get(serviceId);
    return r ? { mime: r.mime, bytes: r.bytes, updatedAt: r.updated_at } : undefined;
  }

  setBanner(serviceId: string, b: ServiceBanner): void {
    this.putBannerStmt.run({ serviceId, mime: b.mime, bytes: b.bytes, now: b.updatedAt });
  }

  removeBanner(serviceId: string): void {
    this.dropBannerStmt.run(serviceId);
  }
}
