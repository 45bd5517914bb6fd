import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { systemClock, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import type { Repos, Trunk } from "../../store/index.ts";
import { isFeatureCodeDial, numberForms } from "./dial-string.ts";
import { lineToken, matchNumber } from "./trunk-lines.ts";

/** Resolves a trunk host name to its addresses (IPv4 and IPv6). */
export type HostResolver = (host: string) => Promise<string[]>;

export interface NumberPlanOptions {
  /** Host name resolution for peer trunks; default `node:dns` lookup (all addresses). */
  resolve?: HostResolver;
  logger?: Logger;
  /** Timers for the periodic refresh; default the system clock. */
  clock?: Clock;
}

/**
 * Which dialled numbers the appliance answers and which sources are carrier peers (T7, T9).
 * Satisfies the SIP layer's `CallRouting`; kept in memory, rebuilt by {@link NumberPlan.refresh}.
 */
export interface NumberPlan {
  /** A service's representative number, a trunk DID or a feature code: ended at the appliance. */
  isApplianceNumber(user: string): boolean;
  /**
   * A `peer`-mode trunk's source (trusted to reach appliance numbers only, T9): its address and
   * port, or any port of its addresses when the trunk says the carrier sends from several.
   */
  isTrustedPeer(address: string, port: number): boolean;
  /** The service a dialled number routes to: a trunk DID first, then a representative number (T7). */
  serviceForNumber(number: string): string | undefined;
  /** `*` followed by digits (desk-phone feature codes). */
  isFeatureCode(user: string): boolean;
  /** The registration trunk whose Contact carries this `line` token, with its numbers (T7). */
  trunkForLine(line: string): { trunkId: string; numbers: string[] } | undefined;
  /** The entered form of `dialled` among `numbers` (national, E.164 and `tel:` forms match). */
  matchNumber(dialled: string, numbers: string[]): string | undefined;
  /**
   * Reload services and trunks. Numbers and numeric peer addresses apply at once (before the
   * returned promise settles); new peer host names are resolved once and then cached.
   */
  refresh(): Promise<void>;
  /** Also refresh every `everyMs` (a cheap safety net for changes made outside the API). */
  startPeriodicRefresh(everyMs?: number): void;
  /** Stop the periodic refresh. */
  stop(): void;
}

const defaultResolve: HostResolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/** Normalise a source address: strip IPv6 brackets and the IPv4-mapped prefix, lowercase. */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** Build the number plan over the repositories; call `refresh()` once before use and after changes. */
export function createNumberPlan(repos: Pick<Repos, "services" | "trunks">, opts: NumberPlanOptions = {}): NumberPlan {
  const resolve = opts.resolve ?? defaultResolve;
  const log = opts.logger;
  const clock = opts.clock ?? systemClock;
  let numbers = new Map<string, string>();
  /** Trusted sources: "address port" of a peer trunk, or "address *" for any port. */
  let peers = new Set<string>();
  let lines = new Map<string, { trunkId: string; numbers: string[] }>();
  const resolved = new Map<string, string[]>();
  let generation = 0;
  let timer: TimerHandle | undefined;

  const serviceForNumber = (number: string): string | undefined => {
    for (const form of numberForms(/^82\d{6,}$/.test(number) ? `+${number}` : number.replace(/^tel:/i, ""))) {
      const s = numbers.get(form);
      if (s !== undefined) return s;
    }
    return undefined;
  };

  const loadNumbers = (): Map<string, string> => {
    const next = new Map<string, string>();
    for (const s of repos.services.list()) if (s.number) next.set(s.number, s.serviceId);
    // A DID wins over a representative number that happens to be equal.
    for (const n of repos.trunks.allNumbers()) next.set(n.number, n.serviceId);
    return next;
  };

  const resolveHost = async (host: string): Promise<string[]> => {
    const cached = resolved.get(host);
    if (cached) return cached;
    try {
      const addresses = (await resolve(host)).map(normalizeAddress);
      resolved.set(host, addresses);
      return addresses;
    } catch (err) {
      log?.warn({ host, err }, "trunk peer host did not resolve; calls from it are not trusted");
      return [];
    }
  };

  const refresh = async (): Promise<void> => {
    const mine = ++generation;
    numbers = loadNumbers();
    lines = new Map(
      repos.trunks
        .list()
        .filter((t) => t.mode === "register")
        .map((t) => [lineToken(t), { trunkId: t.trunkId, numbers: t.numbers.map((n) => n.number) }]),
    );
    const peerTrunks = repos.trunks.list().filter((t) => t.mode === "peer");
    const isNumeric = (h: string) => isIP(h.replace(/^\[(.*)\]$/, "$1")) !== 0;
    const sources = (t: Trunk, addresses: string[]) => addresses.map((a) => `${normalizeAddress(a)} ${t.anyPort ? "*" : t.port}`);
    const numeric = peerTrunks.flatMap((t) => sources(t, [...(isNumeric(t.host) ? [t.host] : []), ...t.addresses]));
    peers = new Set(numeric);
    const named = peerTrunks.filter((t) => !isNumeric(t.host));
    if (!named.length) return;
    const resolvedSources = (await Promise.all(named.map(async (t) => sources(t, await resolveHost(t.host))))).flat();
    if (mine !== generation) return; // a newer refresh already applied
    peers = new Set([...numeric, ...resolvedSources]);
  };

  return {
    isApplianceNumber: (user) => isFeatureCodeDial(user) || serviceForNumber(user) !== undefined,
    isTrustedPeer: (address, port) => {
      const a = normalizeAddress(address);
      return peers.has(`${a} ${port}`) || peers.has(`${a} *`);
    },
    serviceForNumber,
    isFeatureCode: isFeatureCodeDial,
    trunkForLine: (line) => lines.get(line),
    matchNumber,
    refresh,
    startPeriodicRefresh(everyMs = 60_000) {
      if (timer) clock.clearTimeout(timer);
      const tick = () => {
        refresh().catch((err: unknown) => log?.error({ err }, "number plan refresh failed"));
        timer = clock.setTimeout(tick, everyMs);
        (timer as { unref?: () => void }).unref?.();
      };
      timer = clock.setTimeout(tick, everyMs);
      (timer as { unref?: () => void }).unref?.();
    },
    stop() {
      if (timer) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
