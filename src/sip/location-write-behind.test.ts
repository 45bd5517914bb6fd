import { describe, expect, it } from "bun:test";
import { silentLogger } from "../lib/index.ts";
import type { Binding } from "./registrar/index.ts";
import { MemoryLocationStore } from "./testing/memory-stores.ts";
import { WriteBehindLocations } from "./location-write-behind.ts";

const binding = (aor: string, contact: string, expiresAt = 60_000): Binding => ({
  aor, contact, source: { transport: "udp", address: "127.0.0.1", port: 5062 }, callId: "c", cseq: 1, expiresAt, updatedAt: 0,
});

/** A memory store counting its batches (a database transaction each). */
class CountingStore extends MemoryLocationStore {
  batches: number[] = [];
  batch(fn: () => void): void {
    const before = this.writes;
    fn();
    this.batches.push(this.writes - before);
  }
  writes = 0;
  override upsert(b: Binding): void {
    this.writes++;
    super.upsert(b);
  }
}

describe("bindings written a loop turn at a time (issue 12, T5)", () => {
  it("T5: MUST write a turn's REGISTERs as one batch after the turn, in order", async () => {
    const store = new CountingStore();
    const w = new WriteBehindLocations(store, silentLogger);
    for (let i = 0; i < 50; i++) w.upsert(binding(`10${i}`, `sip:${i}@p`));
    w.upsert(binding("100", "sip:0@p", 90_000));
    w.remove("101", "sip:1@p");
    expect(store.writes).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(store.batches).toEqual([51]);
    expect(store.list("100")[0]!.expiresAt).toBe(90_000);
    expect(store.list("101")).toEqual([]);
    expect(store.all()).toHaveLength(49);
  });

  it("T5: a read MUST see every write held (persisted first), and a stop's flush MUST write what is held", () => {
    const store = new CountingStore();
    const w = new WriteBehindLocations(store, silentLogger);
    w.upsert(binding("1001", "sip:a@p"));
    expect(w.list("1001")).toHaveLength(1);
    w.upsert(binding("1002", "sip:b@p"));
    w.flush();
    expect(store.list("1002")).toHaveLength(1);
  });

  it("T5: a failing store MUST NOT throw into the SIP path (logged) and later writes MUST go on", async () => {
    const store = new CountingStore();
    let fail = true;
    store.batch = (fn) => {
      if (fail) throw new Error("disk full");
      fn();
    };
    const errors: unknown[] = [];
    const log = { ...silentLogger, error: (o: unknown) => void errors.push(o), child: () => log } as typeof silentLogger;
    const w = new WriteBehindLocations(store, log);
    w.upsert(binding("1001", "sip:a@p"));
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
    fail = false;
    w.upsert(binding("1002", "sip:b@p"));
    await new Promise((r) => setImmediate(r));
    expect(store.list("1002")).toHaveLength(1);
  });
});
