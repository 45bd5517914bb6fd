import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { flush } from "../test-clock.ts";
import { isInternational, isOutsideNumber, numberForms } from "./dial-string.ts";
import { createNumberPlan, normalizeAddress } from "./number-plan.ts";
import { lineToken, matchNumber } from "./trunk-lines.ts";

const service = (serviceId: string, number: string) => ({
  serviceId,
  name: serviceId,
  number,
  callerId: number,
  timezone: "Asia/Seoul",
  language: "ko",
  state: "active" as const,
  licences: 10,
});

const trunk = {
  name: "Carrier",
  host: "203.0.113.5",
  port: 5060,
  transport: "udp" as const,
  username: "",
  password: "",
};

function setup() {
  const { repos } = testStore();
  repos.services.create(service("demo", "15880000"));
  repos.services.create(service("sales", "15881234"));
  const lookups: string[] = [];
  const plan = createNumberPlan(repos, {
    resolve: async (host) => {
      lookups.push(host);
      if (host === "carrier.example") return ["198.51.100.9", "2001:db8::9"];
      throw new Error("ENOTFOUND");
    },
  });
  return { repos, plan, lookups };
}

describe("number plan (T7, T9)", () => {
  it("T7: MUST route a DID to its service", async () => {
    const { repos, plan } = setup();
    repos.trunks.create({ ...trunk, mode: "register", numbers: [{ number: "0212345678", serviceId: "sales" }] });
    await plan.refresh();
    expect(plan.serviceForNumber("0212345678")).toBe("sales");
    expect(plan.serviceForNumber("+82212345678")).toBe("sales");
    expect(plan.serviceForNumber("02-1234-5678")).toBe("sales");
    expect(plan.isApplianceNumber("0212345678")).toBe(true);
  });

  it("T7: MUST route a service's representative number to the service, in national or E.164 form", async () => {
    const { plan } = setup();
    await plan.refresh();
    expect(plan.serviceForNumber("15880000")).toBe("demo");
    expect(plan.serviceForNumber("+8215881234")).toBe("sales");
    expect(plan.serviceForNumber("1001")).toBeUndefined();
    expect(plan.isApplianceNumber("1001")).toBe(false);
    expect(plan.isApplianceNumber("")).toBe(false);
  });

  it("MUST treat feature codes (* and digits) as appliance numbers", async () => {
    const { plan } = setup();
    await plan.refresh();
    for (const code of ["*21", "*221", "*9"]) {
      expect(plan.isFeatureCode(code)).toBe(true);
      expect(plan.isApplianceNumber(code)).toBe(true);
    }
    for (const bad of ["*", "21", "**21", "*2a", "#21"]) expect(plan.isFeatureCode(bad)).toBe(false);
  });

  it("T9: MUST let a carrier peer reach only service numbers", async () => {
    const { repos, plan } = setup();
    repos.trunks.create({ ...trunk, mode: "peer", numbers: [{ number: "0212345678", serviceId: "demo" }] });
    repos.trunks.create({ ...trunk, host: "192.0.2.44", mode: "register", numbers: [] });
    await plan.refresh();
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(true);
    expect(plan.isTrustedPeer("::ffff:203.0.113.5", 5060)).toBe(true);
    // A registration trunk's host is not trusted by address, nor is anyone else.
    expect(plan.isTrustedPeer("192.0.2.44", 5060)).toBe(false);
    expect(plan.isTrustedPeer("127.0.0.1", 5060)).toBe(false);
    // What a trusted peer may reach: the DIDs and representative numbers, never an extension or the trunk.
    expect(plan.isApplianceNumber("0212345678")).toBe(true);
    expect(plan.isApplianceNumber("15880000")).toBe(true);
    expect(plan.isApplianceNumber("1001")).toBe(false);
    expect(plan.isApplianceNumber("001441234567")).toBe(false);
  });

  it("T9: MUST resolve a peer host name once (retrying failures) and trust its addresses", async () => {
    const { repos, plan, lookups } = setup();
    repos.trunks.create({ ...trunk, host: "carrier.example", mode: "peer", numbers: [] });
    repos.trunks.create({ ...trunk, host: "nowhere.invalid", mode: "peer", numbers: [] });
    await plan.refresh();
    await plan.refresh();
    expect(lookups.sort()).toEqual(["carrier.example", "nowhere.invalid", "nowhere.invalid"]);
    expect(plan.isTrustedPeer("198.51.100.9", 5060)).toBe(true);
    expect(plan.isTrustedPeer("[2001:DB8::9]", 5060)).toBe(true);
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(false);
  });

  it("T7: MUST apply trunk and service changes on refresh", async () => {
    const { repos, plan } = setup();
    await plan.refresh();
    expect(plan.serviceForNumber("0311112222")).toBeUndefined();
    const t = repos.trunks.create({ ...trunk, mode: "peer", numbers: [{ number: "0311112222", serviceId: "demo" }] });
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(false); // cached until refreshed
    await plan.refresh();
    expect(plan.serviceForNumber("0311112222")).toBe("demo");
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(true);
    repos.trunks.remove(t.trunkId);
    repos.services.update("sales", { number: "15889999" });
    await plan.refresh();
    expect(plan.serviceForNumber("0311112222")).toBeUndefined();
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(false);
    expect(plan.serviceForNumber("15881234")).toBeUndefined();
    expect(plan.serviceForNumber("15889999")).toBe("sales");
  });

  it("MUST refresh periodically on the injected clock until stopped", async () => {
    const { repos } = setup();
    const clock = new FakeClock();
    const plan = createNumberPlan(repos, { clock, resolve: async () => [] });
    await plan.refresh();
    plan.startPeriodicRefresh(60_000);
    repos.trunks.create({ ...trunk, mode: "peer", numbers: [] });
    clock.advance(59_000);
    await flush();
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(false);
    clock.advance(1_000);
    await flush();
    expect(plan.isTrustedPeer("203.0.113.5", 5060)).toBe(true);
    plan.stop();
    expect(clock.pending).toBe(0);
  });

  it("T7: MUST refuse international numbers for outbound calls", () => {
    for (const n of ["001441234567", "00214155550100", "005", "006861234", "008123", "0079812345", "+14155550100", "+441234", "%2B33123"]) {
      expect(isInternational(n), n).toBe(true);
    }
    for (const n of ["0212345678", "01012345678", "15880000", "+821012345678", "1001", "*21", "010-1234-5678"]) {
      expect(isInternational(n), n).toBe(false);
    }
  });

  it("MUST list the national forms of a Korean E.164 number", () => {
    expect(numberForms("+82212345678")).toEqual(["+82212345678", "0212345678", "212345678"]);
    expect(numberForms("1588-0000")).toEqual(["15880000"]);
    expect(normalizeAddress(" [::FFFF:10.0.0.1] ")).toBe("10.0.0.1");
  });
});

describe("peer trunks by address and port (T7, T9, issue 16)", () => {
  it("T9: MUST trust a peer carrier only from its port, so a phone on the same address is not taken for it", async () => {
    const { repos, plan } = setup();
    repos.trunks.create({ ...trunk, host: "127.0.0.1", port: 5070, mode: "peer", numbers: [] });
    await plan.refresh();
    expect(plan.isTrustedPeer("127.0.0.1", 5070)).toBe(true);
    expect(plan.isTrustedPeer("127.0.0.1", 5062)).toBe(false); // a desk phone or SBC beside it
  });

  it("T7: MUST trust any port when the carrier sends from several, and its extra signalling addresses", async () => {
    const { repos, plan } = setup();
    repos.trunks.create({ ...trunk, mode: "peer", anyPort: true, addresses: ["198.51.100.20", "2001:db8::20"], numbers: [] });
    await plan.refresh();
    for (const [address, port] of [["203.0.113.5", 5060], ["203.0.113.5", 40000], ["198.51.100.20", 5080], ["[2001:db8::20]", 5060]] as const) {
      expect(plan.isTrustedPeer(address, port)).toBe(true);
    }
    expect(plan.isTrustedPeer("198.51.100.21", 5060)).toBe(false);
  });
});

describe("registration trunks' calls (T7, issue 16)", () => {
  it("T7: MUST know a registration trunk by its line token, with only its numbers, and no peer trunk by any token", async () => {
    const { repos, plan } = setup();
    const reg = repos.trunks.create({ ...trunk, mode: "register", username: "acct", password: "s3cret", numbers: [{ number: "07012345678", serviceId: "sales" }] });
    repos.trunks.create({ ...trunk, mode: "peer", host: "203.0.113.6", numbers: [{ number: "0212340000", serviceId: "demo" }] });
    await plan.refresh();
    const token = lineToken(reg);
    expect(token).toMatch(/^[0-9a-f]{24}$/);
    expect(plan.trunkForLine(token)).toEqual({ trunkId: reg.trunkId, numbers: ["07012345678"] });
    expect(plan.trunkForLine("0".repeat(24))).toBeUndefined();
    expect(lineToken({ ...reg, password: "other" })).not.toBe(token);
  });

  it("T7: MUST match a trunk number written nationally, in E.164 with or without +, or as a tel: URI", () => {
    const numbers = ["07012345678", "15885555"];
    for (const form of ["07012345678", "+827012345678", "827012345678", "tel:+827012345678", "070-1234-5678"]) {
      expect(matchNumber(form, numbers)).toBe("07012345678");
    }
    expect(matchNumber("+8215885555", numbers)).toBe("15885555");
    expect(matchNumber("07099999999", numbers)).toBeUndefined();
    expect(matchNumber("acct", numbers)).toBeUndefined();
  });
});

describe("outside numbers (C9)", () => {
  it("C9: MUST take seven digits or more as an outside number and shorter ones as extensions", () => {
    expect(["0212345678", "010-1234-5678", "+82212345678", "15880000"].map(isOutsideNumber)).toEqual([true, true, true, true]);
    expect(["1001", "123456", "*21", "abc1234567"].map(isOutsideNumber)).toEqual([false, false, false, false]);
  });
});
