import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { NonceKeeper } from "./nonce-keeper.ts";

describe("NonceKeeper", () => {
  it("T4: MUST accept a fresh nonce with increasing nonce-counts", () => {
    const keeper = new NonceKeeper(new FakeClock(), 60_000);
    const nonce = keeper.issue();
    expect(keeper.check(nonce, "00000001")).toBe("ok");
    expect(keeper.check(nonce, "00000003")).toBe("ok");
    expect(keeper.tracked).toBe(1);
  });

  it("T4: MUST refuse a replayed or lower nonce-count", () => {
    const keeper = new NonceKeeper(new FakeClock(), 60_000);
    const nonce = keeper.issue();
    expect(keeper.check(nonce, "00000002")).toBe("ok");
    expect(keeper.check(nonce, "00000002")).toBe("replay");
    expect(keeper.check(nonce, "00000001")).toBe("replay");
  });

  it("T4: MUST mark an expired nonce stale", () => {
    const clock = new FakeClock();
    const keeper = new NonceKeeper(clock, 60_000);
    const nonce = keeper.issue();
    clock.advance(60_001);
    expect(keeper.check(nonce, "00000001")).toBe("stale");
  });

  it("T4: MUST refuse a tampered nonce (HMAC)", () => {
    const clock = new FakeClock();
    const keeper = new NonceKeeper(clock, 60_000);
    const [issued, rand, mac] = keeper.issue().split(".") as [string, string, string];
    // Pretend it was issued later to extend its life: the MAC no longer matches.
    expect(keeper.check(`${(Number.parseInt(issued, 36) + 1000).toString(36)}.${rand}.${mac}`, "00000001")).toBe("invalid");
    expect(keeper.check(`${issued}.${rand}X.${mac}`, "00000001")).toBe("invalid");
    expect(keeper.check("garbage", "00000001")).toBe("invalid");
    expect(keeper.check(`${issued}.${rand}.${"é".repeat(mac.length)}`, "00000001")).toBe("invalid");
  });

  it("T4: MUST refuse a missing or malformed nonce-count", () => {
    const keeper = new NonceKeeper(new FakeClock(), 60_000);
    const nonce = keeper.issue();
    expect(keeper.check(nonce, undefined)).toBe("invalid");
    expect(keeper.check(nonce, "1")).toBe("invalid");
    expect(keeper.check(nonce, "zzzzzzzz")).toBe("invalid");
  });

  it("T4: MUST keep memory bounded; a nonce pushed out of its slot becomes stale, never replayable", () => {
    const clock = new FakeClock();
    const keeper = new NonceKeeper(clock, 600_000, 2);
    const first = keeper.issue();
    expect(keeper.check(first, "00000001")).toBe("ok");
    const later: string[] = [];
    for (let i = 0; i < 40; i++) {
      clock.advance(1);
      const nonce = keeper.issue();
      expect(keeper.check(nonce, "00000001")).toBe("ok");
      later.push(nonce);
    }
    expect(keeper.tracked).toBeLessThanOrEqual(2);
    // Its slot was taken by a later nonce (2⁻⁴⁰ that it never was): the first is stale, replayed or not.
    expect(keeper.check(first, "00000001")).toBe("stale");
    expect(keeper.check(first, "00000002")).toBe("stale");
    // The newest still refuses its own replay.
    expect(keeper.check(later.at(-1)!, "00000001")).toBe("replay");
  });

  it("T4: MUST forget expired nonces: not counted, their slot free for a new one", () => {
    const clock = new FakeClock();
    const keeper = new NonceKeeper(clock, 1000, 2);
    keeper.check(keeper.issue(), "00000001");
    clock.advance(500);
    keeper.check(keeper.issue(), "00000001");
    clock.advance(600);
    expect(keeper.tracked).toBeLessThanOrEqual(1);
    for (let i = 0; i < 10; i++) {
      clock.advance(1); // after a push-out, a nonce of the holder's millisecond is stale (it could have been there)
      expect(keeper.check(keeper.issue(), "00000001")).toBe("ok");
    }
  });

  it("T3/T4: MUST challenge a retransmitted request with the same nonce, and any other request with a new one", () => {
    const clock = new FakeClock();
    const keeper = new NonceKeeper(clock, 300_000);
    const first = keeper.issue("z9hG4bKa|10.0.0.1:5060|REGISTER");
    clock.advance(500); // T1: the first retransmission
    expect(keeper.issue("z9hG4bKa|10.0.0.1:5060|REGISTER")).toBe(first);
    expect(keeper.issue("z9hG4bKb|10.0.0.1:5060|REGISTER")).not.toBe(first);
    expect(keeper.issue()).not.toBe(keeper.issue());
    // The nonce is used once, whichever 401 the client read; its replay is still refused.
    expect(keeper.check(first, "00000001")).toBe("ok");
    expect(keeper.check(first, "00000001")).toBe("replay");
    // Past Timer F (32 s) the same key is a new request (a reused branch), not a retransmission.
    clock.advance(32_000);
    expect(keeper.issue("z9hG4bKa|10.0.0.1:5060|REGISTER")).not.toBe(first);
  });
});
