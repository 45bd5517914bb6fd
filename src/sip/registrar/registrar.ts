import { Event, type Clock, type Logger } from "../../lib/index.ts";
import { createResponse, parseCSeq, parseNameAddr, parseUri, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { ContactIndex } from "./contact-index.ts";
import type { Binding, LocationStore } from "./location-store.ts";

export interface RegistrarOptions {
  store: LocationStore;
  clock: Clock;
  log: Logger;
  minExpires: number;
  maxExpires: number;
  defaultExpires: number;
  /** Contacts kept per extension; the oldest goes first. */
  maxContacts?: number;
}

/**
 * Registrar (RFC 3261 §10.3). Bindings live in memory for lookups on every call and are
 * written through to the store, from which they are reloaded at start (T5).
 */
/** Why a binding went (issue 17): the phone unregistered, it expired, its connection closed, or a newer contact pushed it out. */
export type BindingRemoval = "unregistered" | "expired" | "flow-closed" | "replaced";

export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly byContact = new ContactIndex();
  /** A REGISTER added or refreshed a binding (the device is there, issue 17). */
  readonly onRegistered = new Event<[Binding]>();
  /** A binding went, and why. Fired after the binding left the lookups. */
  readonly onRemoved = new Event<[Binding, BindingRemoval]>();

  /** Bindings that expired while the appliance was stopped (not reloaded; issue 17 tells their agents once at start). */
  readonly expiredWhileStopped: readonly Binding[];

  constructor(private readonly options: RegistrarOptions) {
    const now = options.clock.now();
    const stored = options.store.all();
    this.expiredWhileStopped = stored.filter((b) => b.expiresAt <= now);
    options.store.purgeExpired(now);
    for (const b of stored) if (b.expiresAt > now) this.add(this.listOf(b.aor), b);
  }

  /**
   * Process an authenticated REGISTER for `aor` and build the response (§10.3 steps 6–8).
   * The caller has already checked that the authenticated user may register `aor`.
   */
  register(request: SipRequest, aor: string, source: Endpoint): SipResponse {
    const now = this.options.clock.now();
    const contacts = request.headers.getAll("contact");
    const headerExpires = request.headers.get("expires");
    const callId = request.headers.get("call-id") ?? "";
    const cseq = parseCSeq(request.headers.get("cseq")).seq;

    if (contacts.includes("*")) {
      // §10.3 step 6: "*" is only allowed with Expires: 0 and no other contact.
      if (contacts.length !== 1 || headerExpires !== "0") return createResponse(request, 400, "Invalid Wildcard");
      const gone = this.lookup(aor);
      this.removeAll(aor);
      for (const b of gone) this.onRemoved.execute(b, "unregistered");
      return this.ok(request, aor, now);
    }

    const updates: Array<{ contact: string; expires: number; q?: number }> = [];
    for (const value of contacts) {
      let addr;
      try {
        addr = parseNameAddr(value);
        parseUri(addr.uri);
      } catch {
        return createResponse(request, 400, "Bad Contact");
      }
      const raw = addr.params.get("expires") ?? headerExpires;
      let expires = raw === undefined || raw === null ? this.options.defaultExpires : Number.parseInt(raw, 10);
      if (!Number.isFinite(expires) || expires < 0) expires = this.options.defaultExpires;
      // §10.3 step 7: too brief an interval gets 423 with Min-Expires.
      if (expires > 0 && expires < this.options.minExpires) {
        const response = createResponse(request, 423);
        response.headers.append("min-expires", String(this.options.minExpires));
        return response;
      }
      const q = addr.params.get("q");
      updates.push({ contact: addr.uri, expires: Math.min(expires, this.options.maxExpires), q: q ? Number(q) : undefined });
    }

    const list = this.listOf(aor);
    const added: Binding[] = [];
    const removed: Array<[Binding, BindingRemoval]> = [];
    for (const update of updates) {
      const at = list.findIndex((b) => b.contact === update.contact);
      const existing = at >= 0 ? list[at] : undefined;
      // §10.3 step 7: an older CSeq for the same Call-ID is out of order, a removal (expires 0) too.
      if (existing && existing.callId === callId && cseq <= existing.cseq) continue;
      if (update.expires === 0) {
        if (at >= 0) removed.push([this.take(list, at), "unregistered"]);
        this.options.store.remove(aor, update.contact);
        continue;
      }
      const binding: Binding = {
        aor,
        contact: update.contact,
        source,
        callId,
        cseq,
        expiresAt: now + update.expires * 1000,
        userAgent: request.headers.get("user-agent"),
        q: update.q,
        updatedAt: now,
      };
      // The list stays in refresh order, so the contact dropped beyond maxContacts is the stalest one.
      if (at >= 0) list.splice(at, 1);
      this.add(list, binding);
      this.options.store.upsert(binding);
      added.push(binding);
    }
    const max = this.options.maxContacts ?? 10;
    while (list.length > max) {
      const oldest = this.take(list, 0);
      this.options.store.remove(aor, oldest.contact);
      removed.push([oldest, "replaced"]);
    }
    if (list.length === 0) this.bindings.delete(aor);
    for (const [b, why] of removed) this.onRemoved.execute(b, why);
    for (const b of added) this.onRegistered.execute(b);
    return this.ok(request, aor, now);
  }

  /** Live bindings of an extension (expired ones dropped). */
  lookup(aor: string): Binding[] {
    const list = this.bindings.get(aor);
    if (!list) return [];
    const now = this.options.clock.now();
    return list.filter((b) => b.expiresAt > now);
  }

  /** Every live binding (Phones page, API). */
  all(): Binding[] {
    const now = this.options.clock.now();
    const out: Binding[] = [];
    for (const list of this.bindings.values()) for (const b of list) if (b.expiresAt > now) out.push(b);
    return out;
  }

  /** The binding whose Contact URI is `uri` (to reach a phone behind NAT or on its own connection). */
  findByContact(uri: string): Binding | undefined {
    for (const aor of this.byContact.aorsOf(uri)) {
      const found = this.bindings.get(aor)?.find((b) => b.contact === uri);
      if (found) return found;
    }
    return undefined;
  }

  /** Remove expired bindings from memory and store; returns how many. */
  purgeExpired(): number {
    const now = this.options.clock.now();
    const expired: Binding[] = [];
    for (const [aor, list] of this.bindings) {
      const live = list.filter((b) => b.expiresAt > now);
      if (live.length === list.length) continue;
      for (const b of list) {
        if (b.expiresAt > now) continue;
        expired.push(b);
        this.byContact.remove(b.contact, aor);
      }
      if (live.length === 0) this.bindings.delete(aor);
      else this.bindings.set(aor, live);
    }
    if (expired.length > 0) this.options.store.purgeExpired(now);
    for (const b of expired) this.onRemoved.execute(b, "expired");
    return expired.length;
  }

  /**
   * Forget the bindings registered over a connection that closed (a browser's WebSocket, RFC 7118): nothing can
   * reach that Contact any more; a reconnected softphone registers again. Returns how many.
   */
  removeFlow(connectionId: string): number {
    const gone: Binding[] = [];
    for (const [aor, list] of this.bindings) {
      const closed = list.filter((x) => x.source.connectionId === connectionId);
      if (closed.length === 0) continue;
      for (const b of closed) {
        this.options.store.remove(aor, b.contact);
        this.byContact.remove(b.contact, aor);
        gone.push(b);
      }
      const live = list.filter((x) => x.source.connectionId !== connectionId);
      if (live.length === 0) this.bindings.delete(aor);
      else this.bindings.set(aor, live);
    }
    for (const b of gone) this.onRemoved.execute(b, "flow-closed");
    return gone.length;
  }

  get count(): number {
    let n = 0;
    for (const list of this.bindings.values()) n += list.length;
    return n;
  }

  private removeAll(aor: string): void {
    for (const b of this.bindings.get(aor) ?? []) this.byContact.remove(b.contact, aor);
    this.bindings.delete(aor);
    this.options.store.removeAll(aor);
  }

  /** Put a binding at the end of its extension's list (the newest) and index its contact. */
  private add(list: Binding[], b: Binding): void {
    list.push(b);
    this.byContact.add(b.contact, b.aor);
  }

  /** Take the binding at `at` out of its extension's list and out of the contact index. */
  private take(list: Binding[], at: number): Binding {
    const b = list.splice(at, 1)[0]!;
    this.byContact.remove(b.contact, b.aor);
    return b;
  }

  private listOf(aor: string): Binding[] {
    let list = this.bindings.get(aor);
    if (!list) {
      list = [];
      this.bindings.set(aor, list);
    }
    return list;
  }

  private ok(request: SipRequest, aor: string, now: number): SipResponse {
    const response = createResponse(request, 200, undefined, "reg");
    for (const b of this.lookup(aor)) {
      response.headers.append("contact", `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`);
    }
    response.headers.append("date", httpDate(now));
    return response;
  }
}

let dateSecond = -1;
let dateText = "";

/** RFC 1123 date for the Date header, formatted once per second (every 200 OK carries one). */
function httpDate(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
