import { describe, expect, it } from "bun:test";
import { Administration } from "../cc/index.ts";
import { silentLogger, systemClock } from "../lib/index.ts";
import { testStore } from "../store/test-db.ts";
import { runTraceCommand } from "./trace-command.ts";

function setup() {
  const { repos } = testStore();
  repos.services.create({ serviceId: "demo", name: "Demo", number: "15881234", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
  const agent = repos.agents.create({ serviceId: "demo", loginId: "a1", name: "A1" }, "pw");
  const admin = new Administration({ repos, clock: systemClock, log: silentLogger });
  const lines: string[] = [];
  const run = (...args: string[]) => runTraceCommand(args, admin, "/var/lib/cc", (l) => lines.push(l));
  return { repos, run, lines, extension: agent.extension };
}

describe("trace command (X6)", () => {
  it("X6: MUST record a trace from the command line for the appliance to pick up, list it and stop it", () => {
    const { repos, run, lines, extension } = setup();
    expect(run("start", extension, "--minutes", "3")).toBe(0);
    const [t] = repos.traces.list();
    expect(t).toMatchObject({ filter: extension, minutes: 3, state: "pending", serviceId: "demo", createdBy: "(command line)" });
    expect(lines).toEqual([
      `trace ${t!.traceId} of ${extension} (service demo) for 3 min recorded; the running appliance starts it within a second`,
      `capture: /var/lib/cc/traces/${t!.traceId}.pcap`,
    ]);
    expect(repos.audit.list("demo")[0]).toMatchObject({ actorKind: "cli", target: `sip trace ${t!.traceId} (${extension}, 3 min)` });
    lines.length = 0;
    expect(run("list")).toBe(0);
    expect(lines[0]).toStartWith(`${t!.traceId}\tpending\tdemo\t${extension}\t3 min`);
    expect(run("stop", t!.traceId)).toBe(0);
    expect(repos.traces.get(t!.traceId)).toMatchObject({ state: "ended", endReason: "stopped" });
    expect(run("start", "1588-1234")).toBe(0);
    expect(repos.traces.list().find((x) => x.traceId !== t!.traceId)).toMatchObject({ filter: "15881234", minutes: 10, state: "pending" });
  });

  it("X6: MUST refuse an unknown or invalid filter and minutes out of range with a clear error, storing nothing", () => {
    const { repos, run, lines, extension } = setup();
    expect(run("start", "9999")).toBe(1);
    expect(run("start", "sip:evil")).toBe(1);
    expect(run("start", extension, "--minutes", "61")).toBe(1);
    expect(run("start", extension, "--minutes", "soon")).toBe(1);
    expect(lines).toEqual([
      "error: filter is not a representative number, trunk number or extension of any service",
      "error: filter must be a number or an extension (digits, optionally + * #)",
      "error: minutes must be between 1 and 60",
      "error: minutes must be a whole number",
    ]);
    expect(run("stop", "nope")).toBe(1);
    expect(run("start")).toBe(2);
    expect(run("start", extension, "--minute", "3")).toBe(2);
    expect(repos.traces.list()).toEqual([]);
    expect(repos.audit.list("demo")).toEqual([]);
  });
});
