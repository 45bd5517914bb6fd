import { describe, expect, it } from "bun:test";
import { Administration } from "../cc/index.ts";
import { silentLogger, systemClock } from "../lib/index.ts";
import { testStore } from "../store/test-db.ts";
import { runAccessCommand } from "./access-command.ts";

describe("access command (G10)", () => {
  it("G10: MUST list ranges and clear a service's ranges to undo a lock-out", () => {
    const { repos } = testStore();
    repos.services.create({ serviceId: "demo", name: "Demo", number: "", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 1 });
    repos.access.replace("demo", [{ cidr: "10.0.0.0/8", note: "office" }]);
    const admin = new Administration({ repos, clock: systemClock, log: silentLogger });
    const lines: string[] = [];
    expect(runAccessCommand(["list"], repos, admin, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(["demo\t10.0.0.0/8\toffice"]);
    expect(runAccessCommand(["clear", "demo"], repos, admin, (l) => lines.push(l))).toBe(0);
    expect(repos.access.list("demo")).toEqual([]);
    expect(repos.audit.list("demo")[0]!.target).toBe("access (cleared)");
    expect(runAccessCommand(["clear", "nope"], repos, admin, (l) => lines.push(l))).toBe(1);
    expect(runAccessCommand([], repos, admin, (l) => lines.push(l))).toBe(2);
  });
});
