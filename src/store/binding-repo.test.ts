import { describe, expect, it } from "bun:test";
import type { BindingRecord } from "./binding-repo.ts";
import { testStore } from "./test-db.ts";

const binding = (over: Partial<BindingRecord> = {}): BindingRecord => ({
  aor: "1001",
  contact: "<sip:1001@192.0.2.10:5062>",
  source: { transport: "udp", address: "192.0.2.10", port: 5062 },
  callId: "abc",
  cseq: 1,
  expiresAt: 10_000,
  updatedAt: 1_000,
  ...over,
});

describe("BindingRepo (T5 location service)", () => {
  it("T5: MUST persist bindings with every field and replace them on refresh", () => {
    const { repos } = testStore();
    const b = binding({ userAgent: "Yealink", q: 0.5, source: { transport: "tcp", address: "::1", port: 5, connectionId: "c1" } });
    repos.bindings.upsert(b);
    expect(repos.bindings.list("1001")).toEqual([b]);
    repos.bindings.upsert({ ...b, cseq: 2, expiresAt: 20_000 });
    expect(repos.bindings.list("1001")).toHaveLength(1);
    expect(repos.bindings.list("1001")[0]!.cseq).toBe(2);
    expect(repos.bindings.list("1001")[0]!.userAgent).toBe("Yealink");
  });

  it("T5: MUST keep several contacts per extension and remove one or all", () => {
    const { repos } = testStore();
    repos.bindings.upsert(binding());
    repos.bindings.upsert(binding({ contact: "<sip:1001@192.0.2.11>" }));
    repos.bindings.upsert(binding({ aor: "1002" }));
    expect(repos.bindings.list("1001")).toHaveLength(2);
    expect(repos.bindings.all()).toHaveLength(3);
    repos.bindings.remove("1001", "<sip:1001@192.0.2.11>");
    expect(repos.bindings.list("1001")).toHaveLength(1);
    repos.bindings.removeAll("1001");
    expect(repos.bindings.list("1001")).toEqual([]);
    const plain = repos.bindings.list("1002")[0]!;
    expect("userAgent" in plain).toBe(false);
    expect("connectionId" in plain.source).toBe(false);
  });

  it("T5: MUST purge expired bindings", () => {
    const { repos } = testStore();
    repos.bindings.upsert(binding({ expiresAt: 5_000 }));
    repos.bindings.upsert(binding({ contact: "<sip:b>", expiresAt: 50_000 }));
    expect(repos.bindings.purgeExpired(10_000)).toBe(1);
    expect(repos.bindings.all().map((b) => b.contact)).toEqual(["<sip:b>"]);
  });

  it("T5: MUST take thousands of REGISTER upserts per second", () => {
    const { repos } = testStore();
    const n = 5000;
    const start = performance.now();
    for (let i = 0; i < n; i++) repos.bindings.upsert(binding({ aor: String(1000 + (i % 500)), cseq: i }));
    const perSecond = n / ((performance.now() - start) / 1000);
    expect(perSecond).toBeGreaterThan(5000);
  });
});
