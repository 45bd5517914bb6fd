import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger, type Logger } from "../../lib/index.ts";
import { MemoryBanStore } from "../testing/memory-stores.ts";
import { BanList } from "./ban-list.ts";
import type { Ban } from "./ban-store.ts";

function recordingLogger(lines: string[]): Logger {
  const log: Logger = {
    debug() {},
    info() {},
    warn: (_o, m) => void lines.push(m ?? ""),
    error() {},
    child: () => log,
  };
  return log;
}

function setup(opts: { failureWindowMs?: number } = {}) {
  const clock = new FakeClock();
  const store = new MemoryBanStore();
  const lines: string[] = [];
  const bans: Ban[] = [];
  const list = new BanList({ clock, store, log: recordingLogger(lines), failuresBeforeBan: 5, banMs: 3600_000, onBan: (b) => bans.push(b), ...opts });
  return { clock, store, list, lines, bans };
}

describe("BanList", () => {
  it("T9: MUST ban a source after repeated authentication failures", () => {
    const { list, store, bans } = setup();
    for (let i = 0; i < 4; i++) expect(list.recordFailure("198.51.100.7", "wrong-password")).toBe(false);
    expect(list.isBanned("198.51.100.7")).toBe(false);
    expect(list.recordFailure("198.51.100.7", "wrong-password")).toBe(true);
    expect(list.isBanned("198.51.100.7")).toBe(true);
    expect(list.isBanned("198.51.100.8")).toBe(false);
    expect(store.bans.get("198.51.100.7")?.reason).toBe("5 authentication failures");
    expect(bans).toHaveLength(1);
    expect(list.list().map((b) => b.address)).toEqual(["198.51.100.7"]);
  });

  it("T9: MUST write SECURITY log lines for failures, bans and unbans", () => {
    const { list, lines } = setup();
    for (let i = 0; i < 5; i++) list.recordFailure("198.51.100.7", "why=wrong-password");
    list.lift("198.51.100.7");
    expect(lines.filter((l) => l.startsWith("SECURITY auth-failure source=198.51.100.7"))).toHaveLength(5);
    expect(lines.some((l) => l.startsWith("SECURITY ban source=198.51.100.7"))).toBe(true);
    expect(lines.at(-1)).toBe("SECURITY unban source=198.51.100.7");
  });

  it("T9: MUST forget failures older than the window", () => {
    const { list, clock } = setup({ failureWindowMs: 60_000 });
    for (let i = 0; i < 4; i++) list.recordFailure("198.51.100.7", "x");
    clock.advance(61_000);
    expect(list.recordFailure("198.51.100.7", "x")).toBe(false);
  });

  it("T9: a successful authentication MUST reset the failure count", () => {
    const { list } = setup();
    for (let i = 0; i < 4; i++) list.recordFailure("198.51.100.7", "x");
    list.recordSuccess("198.51.100.7");
    expect(list.recordFailure("198.51.100.7", "x")).toBe(false);
  });

  it("T9: a ban MUST end after its duration", () => {
    const { list, clock } = setup();
    for (let i = 0; i < 5; i++) list.recordFailure("198.51.100.7", "x");
    clock.advance(3600_000);
    expect(list.isBanned("198.51.100.7")).toBe(false);
    expect(list.list()).toHaveLength(0);
  });

  it("T9: MUST lift a ban on request", () => {
    const { list, store } = setup();
    for (let i = 0; i < 5; i++) list.recordFailure("198.51.100.7", "x");
    expect(list.lift("198.51.100.7")).toBe(true);
    expect(list.isBanned("198.51.100.7")).toBe(false);
    expect(store.bans.size).toBe(0);
    expect(list.lift("198.51.100.7")).toBe(false);
    // The failure count starts again from zero.
    expect(list.recordFailure("198.51.100.7", "x")).toBe(false);
  });

  it("T9: MUST load bans from the store at start and pick up changes on sync", () => {
    const clock = new FakeClock();
    const store = new MemoryBanStore();
    store.add({ address: "198.51.100.9", reason: "cli", createdAt: clock.now(), expiresAt: clock.now() + 60_000 });
    const list = new BanList({ clock, store, log: silentLogger, failuresBeforeBan: 5, banMs: 1000 });
    expect(list.isBanned("198.51.100.9")).toBe(true);
    store.remove("198.51.100.9");
    store.add({ address: "198.51.100.10", reason: "cli", createdAt: clock.now(), expiresAt: clock.now() + 60_000 });
    list.sync();
    expect(list.isBanned("198.51.100.9")).toBe(false);
    expect(list.isBanned("198.51.100.10")).toBe(true);
    expect(list.size).toBe(1);
  });
});
