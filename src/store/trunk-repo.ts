import type { Database, Statement } from "bun:sqlite";
import { randomToken } from "../lib/index.ts";

/** "register": we register to the carrier with digest auth; "peer": the carrier is trusted by its address (T7). */
export type TrunkMode = "register" | "peer";

/** A DID of a trunk and the service it routes to (T7). */
export interface TrunkNumber {
  number: string;
  serviceId: string;
}

/** A carrier trunk. `password` is stored for outbound registration; the API never returns it. */
export interface Trunk {
  trunkId: string;
  name: string;
  mode: TrunkMode;
  host: string;
  port: number;
  /** TLS is kept as `tcp` plus the `tls` flag (migration 019). */
  transport: "udp" | "tcp" | "tls";
  username: string;
  password: string;
  numbers: TrunkNumber[];
  /** Peer trunks: trust the carrier's address from any port, not only `port` (T7). */
  anyPort: boolean;
  /** More addresses the carrier sends calls from (peer trunks), besides `host`. */
  addresses: string[];
  /** Outbound: the From user the carrier expects, the service's number or this trunk's account (T7); `anonymous` withholds the caller ID. */
  fromUser: "number" | "account" | "anonymous";
  /** Outbound: send P-Asserted-Identity with the service's number (RFC 3325). */
  assertIdentity: boolean;
  /** Order among a service's trunks for outbound calls, lower first; the next takes a failed call. */
  priority: number;
  /** Concurrent outbound calls allowed through this trunk; 0: no cap. */
  maxCalls: number;
  /** host[:port] every request to the carrier is sent to first; "" for none. */
  outboundProxy: string;
  /** Outbound talk minutes allowed through this trunk in the last 60 minutes; 0: no cap (issue 16 point 6). */
  capHourMinutes: number;
  /** Outbound talk minutes allowed through this trunk in the last 24 hours; 0: no cap. */
  capDayMinutes: number;
  createdAt: number;
  updatedAt: number;
}

type OutboundFields = "fromUser" | "assertIdentity" | "priority" | "maxCalls" | "outboundProxy" | "capHourMinutes" | "capDayMinutes";
export type NewTrunk = Omit<Trunk, "trunkId" | "createdAt" | "updatedAt" | "anyPort" | "addresses" | OutboundFields> & {
  trunkId?: string;
  anyPort?: boolean;
  addresses?: string[];
} & Partial<Pick<Trunk, OutboundFields>>;

/** What a trunk made before migration 019 does outbound. */
const OUTBOUND_DEFAULTS = { fromUser: "number", assertIdentity: true, priority: 0, maxCalls: 0, outboundProxy: "", capHourMinutes: 0, capDayMinutes: 0 } as const;
export type TrunkPatch = Partial<Omit<Trunk, "trunkId" | "createdAt" | "updatedAt">>;

/** Thrown when a number is already a DID of another trunk (a number belongs to at most one trunk). */
export class NumberTakenError extends Error {
  constructor(
    readonly number: string,
    readonly trunkId: string,
  ) {
    super(`number ${number} already belongs to trunk "${trunkId}"`);
    this.name = "NumberTakenError";
  }
}

/** Thrown when a DID names a service that does not exist. */
export class UnknownServiceError extends Error {
  constructor(readonly serviceId: string) {
    super(`unknown service "${serviceId}"`);
    this.name = "UnknownServiceError";
  }
}

/** The columns of a transport: TLS is `tcp` with the `tls` flag (the old CHECK allows udp and tcp only). */
function transportColumns(transport: Trunk["transport"]): { transport: "udp" | "tcp"; tls: number } {
  return transport === "tls" ? { transport: "tcp", tls: 1 } : { transport, tls: 0 };
}

interface Row {
  trunk_id: string;
  name: string;
  mode: TrunkMode;
  host: string;
  port: number;
  transport: "udp" | "tcp";
  username: string;
  password: string;
  created_at: number;
  updated_at: number;
  any_port: number;
  addresses: string;
  from_user: "number" | "account" | "anonymous";
  assert_identity: number;
  priority: number;
  max_calls: number;
  outbound_proxy: string;
  tls: number;
  cap_hour_minutes: number;
  cap_day_minutes: number;
}

const COLS =
  "trunk_id, name, mode, host, port, transport, username, password, created_at, updated_at, any_port, addresses, from_user, assert_identity, priority, max_calls, outbound_proxy, tls, cap_hour_minutes, cap_day_minutes";

/** Repository of carrier trunks and their DIDs (T7). */
export class TrunkRepo {
  private readonly listStmt: Statement<Row, []>;
  private readonly getStmt: Statement<Row, [string]>;
  private readonly numbersStmt: Statement<{ number: string; service_id: string }, [string]>;
  private readonly allNumbersStmt: Statement<{ number: string; service_id: string; trunk_id: string }, []>;
  private readonly ownerStmt: Statement<{ trunk_id: string }, [string]>;
  private readonly serviceStmt: Statement<{ n: number }, [string]>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly clearNumbersStmt: Statement;
  private readonly insertNumberStmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(private readonly db: Database) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM trunks ORDER BY created_at, trunk_id`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM trunks WHERE trunk_id = ?`);
    this.numbersStmt = db.prepare("SELECT number, service_id FROM trunk_numbers WHERE trunk_id = ? ORDER BY number");
    this.allNumbersStmt = db.prepare("SELECT number, service_id, trunk_id FROM trunk_numbers ORDER BY number");
    this.ownerStmt = db.prepare("SELECT trunk_id FROM trunk_numbers WHERE number = ?");
    this.serviceStmt = db.prepare("SELECT count(*) AS n FROM services WHERE service_id = ?");
    this.insertStmt = db.prepare(
      `INSERT INTO trunks (${COLS}) VALUES ($trunkId, $name, $mode, $host, $port, $transport, $username, $password, $now, $now, $anyPort, $addresses,
       $fromUser, $assertIdentity, $priority, $maxCalls, $outboundProxy, $tls, $capHourMinutes, $capDayMinutes)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE trunks SET name = $name, mode = $mode, host = $host, port = $port, transport = $transport,
       username = $username, password = $password, updated_at = $now, any_port = $anyPort, addresses = $addresses,
       from_user = $fromUser, assert_identity = $assertIdentity, priority = $priority, max_calls = $maxCalls, outbound_proxy = $outboundProxy, tls = $tls,
       cap_hour_minutes = $capHourMinutes, cap_day_minutes = $capDayMinutes
       WHERE trunk_id = $trunkId`,
    );
    this.clearNumbersStmt = db.prepare("DELETE FROM trunk_numbers WHERE trunk_id = ?");
    this.insertNumberStmt = db.prepare(
      "INSERT INTO trunk_numbers (number, trunk_id, service_id) VALUES ($number, $trunkId, $serviceId)",
    );
    this.deleteStmt = db.prepare("DELETE FROM trunks WHERE trunk_id = ?");
  }

  private toTrunk(r: Row): Trunk {
    return {
      trunkId: r.trunk_id,
      name: r.name,
      mode: r.mode,
      host: r.host,
      port: r.port,
      transport: r.tls === 1 ? "tls" : r.transport,
      username: r.username,
      password: r.password,
      numbers: this.numbersStmt.all(r.trunk_id).map((n) => ({ number: n.number, serviceId: n.service_id })),
      anyPort: r.any_port === 1,
      addresses: r.addresses ? r.addresses.split(" ") : [],
      fromUser: r.from_user,
      assertIdentity: r.assert_identity === 1,
      priority: r.priority,
      maxCalls: r.max_calls,
      outboundProxy: r.outbound_proxy,
      capHourMinutes: r.cap_hour_minutes,
      capDayMinutes: r.cap_day_minutes,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  list(): Trunk[] {
    return this.listStmt.all().map((r) => this.toTrunk(r));
  }

  get(trunkId: string): Trunk | undefined {
    const r = this.getStmt.get(trunkId);
    return r ? this.toTrunk(r) : undefined;
  }

  /** Every DID of every trunk: number → service and trunk. */
  allNumbers(): (TrunkNumber & { trunkId: string })[] {
    return this.allNumbersStmt.all().map((n) => ({ number: n.number, serviceId: n.service_id, trunkId: n.trunk_id }));
  }

  /**
   * Store a trunk with its numbers (all or nothing). Throws NumberTakenError when a number
   * belongs to another trunk, UnknownServiceError when a number names no service.
   */
  create(t: NewTrunk, now = Date.now()): Trunk {
    const trunkId = t.trunkId ?? `trunk-${randomToken(8)}`;
    return this.db.transaction(() => {
      const { numbers, trunkId: _, anyPort, addresses, ...fields } = { ...OUTBOUND_DEFAULTS, ...t };
      this.insertStmt.run({
        ...fields, ...transportColumns(fields.transport), trunkId, now, anyPort: anyPort ? 1 : 0, addresses: (addresses ?? []).join(" "),
        assertIdentity: fields.assertIdentity ? 1 : 0,
      });
      this.putNumbers(trunkId, numbers);
      return this.get(trunkId)!;
    })();
  }

  /** Apply a partial change (numbers replaced when given); undefined when the trunk does not exist. */
  update(trunkId: string, patch: TrunkPatch, now = Date.now()): Trunk | undefined {
    return this.db.transaction(() => {
      const cur = this.get(trunkId);
      if (!cur) return undefined;
      const { numbers, createdAt: _c, updatedAt: _u, anyPort, addresses, ...next } = { ...cur, ...patch, trunkId };
      this.updateStmt.run({
        ...next, ...transportColumns(next.transport), now, anyPort: anyPort ? 1 : 0, addresses: addresses.join(" "), assertIdentity: next.assertIdentity ? 1 : 0,
      });
      if (patch.numbers) this.putNumbers(trunkId, numbers);
      return this.get(trunkId)!;
    })();
  }

  /** Delete a trunk and its numbers; true when it existed. */
  remove(trunkId: string): boolean {
    return this.deleteStmt.run(trunkId).changes > 0;
  }

  private putNumbers(trunkId: string, numbers: readonly TrunkNumber[]): void {
    this.clearNumbersStmt.run(trunkId);
    for (const n of numbers) {
      const owner = this.ownerStmt.get(n.number);
      if (owner) throw new NumberTakenError(n.number, owner.trunk_id);
      if (this.serviceStmt.get(n.serviceId)!.n === 0) throw new UnknownServiceError(n.serviceId);
      this.insertNumberStmt.run({ number: n.number, trunkId, serviceId: n.serviceId });
    }
  }
}
