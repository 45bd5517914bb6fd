import { describe, expect, it } from "bun:test";
import { testStore } from "./test-db.ts";
import { NumberTakenError, UnknownServiceError, type NewTrunk } from "./trunk-repo.ts";

const demo = {
  serviceId: "demo",
  name: "Demo",
  number: "15880000",
  callerId: "15880000",
  timezone: "Asia/Seoul",
  language: "ko",
  state: "active" as const,
  licences: 10,
};

const carrier: NewTrunk = {
  name: "Carrier",
  mode: "register",
  host: "sip.carrier.example",
  port: 5060,
  transport: "udp",
  username: "acct",
  password: "secret-pw",
  numbers: [{ number: "0212345678", serviceId: "demo" }],
};

function store() {
  const s = testStore();
  s.repos.services.create(demo);
  return s;
}

describe("trunk repository (T7)", () => {
  it("T7: MUST store a trunk with its DIDs and read it back", () => {
    const { repos } = store();
    const t = repos.trunks.create(carrier, 1000);
    expect(t.trunkId).toMatch(/^trunk-[a-z0-9]{8}$/);
    expect(t).toMatchObject({ ...carrier, createdAt: 1000, updatedAt: 1000 });
    expect(repos.trunks.get(t.trunkId)).toEqual(t);
    expect(repos.trunks.list()).toEqual([t]);
    expect(repos.trunks.allNumbers()).toEqual([{ number: "0212345678", serviceId: "demo", trunkId: t.trunkId }]);
  });

  it("T7: MUST let a number belong to at most one trunk, storing nothing on conflict", () => {
    const { repos } = store();
    repos.trunks.create({ ...carrier, trunkId: "a" });
    expect(() => repos.trunks.create({ ...carrier, trunkId: "b" })).toThrow(NumberTakenError);
    expect(repos.trunks.get("b")).toBeUndefined();
    expect(() =>
      repos.trunks.create({ ...carrier, trunkId: "c", numbers: [{ number: "1", serviceId: "nope" }] }),
    ).toThrow(UnknownServiceError);
    expect(repos.trunks.list().map((t) => t.trunkId)).toEqual(["a"]);
  });

  it("T7: MUST apply a partial change, replacing numbers only when given", () => {
    const { repos } = store();
    repos.trunks.create({ ...carrier, trunkId: "a" }, 1000);
    const renamed = repos.trunks.update("a", { name: "Renamed", mode: "peer" }, 2000)!;
    expect(renamed).toMatchObject({ name: "Renamed", mode: "peer", password: "secret-pw", createdAt: 1000, updatedAt: 2000 });
    expect(renamed.numbers).toEqual(carrier.numbers);
    const moved = repos.trunks.update("a", { numbers: [{ number: "15880000", serviceId: "demo" }] })!;
    expect(moved.numbers).toEqual([{ number: "15880000", serviceId: "demo" }]);
    repos.trunks.create({ ...carrier, trunkId: "b" });
    expect(() => repos.trunks.update("a", { numbers: carrier.numbers })).toThrow(NumberTakenError);
    expect(repos.trunks.get("a")!.numbers).toEqual([{ number: "15880000", serviceId: "demo" }]);
    expect(repos.trunks.update("nope", { name: "x" })).toBeUndefined();
  });

  it("T7: MUST delete a trunk with its numbers, and drop a deleted service's numbers", () => {
    const { repos } = store();
    repos.trunks.create({ ...carrier, trunkId: "a" });
    expect(repos.trunks.remove("a")).toBe(true);
    expect(repos.trunks.remove("a")).toBe(false);
    expect(repos.trunks.allNumbers()).toEqual([]);
    repos.trunks.create({ ...carrier, trunkId: "b" });
    repos.services.remove("demo");
    expect(repos.trunks.get("b")!.numbers).toEqual([]);
  });

  it("MUST refuse a mode or transport outside the schema", () => {
    const { repos } = store();
    expect(() => repos.trunks.create({ ...carrier, mode: "open" as never, numbers: [] })).toThrow();
    expect(() => repos.trunks.create({ ...carrier, transport: "sctp" as never, numbers: [] })).toThrow();
  });

  it("T7: MUST keep a TLS trunk as TLS (stored as tcp with the tls flag) and switch it back", () => {
    const { repos } = store();
    const t = repos.trunks.create({ ...carrier, transport: "tls", numbers: [] });
    expect(repos.trunks.get(t.trunkId)!.transport).toBe("tls");
    expect(repos.trunks.update(t.trunkId, { transport: "udp" })!.transport).toBe("udp");
  });
});
