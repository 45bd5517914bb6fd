import { describe, expect, it } from "bun:test";
import { runSelfCheckCommand } from "./self-check-command.ts";

/** The command against a fake appliance answering `json` with `status`, remembering the requests. */
function withAnswer(status: number, json: unknown) {
  const lines: string[] = [];
  const asked: { url: string; method?: string }[] = [];
  const ctx = {
    baseUrl: "http://127.0.0.1:8080", apiKey: "cc_key", out: (l: string) => lines.push(l),
    fetch: (url: string, init: RequestInit) => {
      asked.push({ url, method: init.method });
      return Promise.resolve(new Response(JSON.stringify(json), { status, headers: { "Content-Type": "application/json" } }));
    },
  };
  return { ctx, lines, asked };
}

describe("contact-center self-check --latest (issue 17: results kept across a restart)", () => {
  it("issue 17: '--latest' MUST print the stored canary result (when and why it ran) without running one, exit 1 when it failed", async () => {
    const step = { number: "15880000", step: "greeting", ok: false, code: "unreadable", detail: "the service's prompt file cannot be decoded" };
    const r = withAnswer(200, { serviceId: "demo", at: "2026-12-05T02:00:00.000Z", trigger: "startup", ok: false, steps: [step], failure: step });
    expect(await runSelfCheckCommand(["canary", "--latest"], r.ctx)).toBe(1);
    expect(r.asked).toEqual([{ url: "http://127.0.0.1:8080/api/v1/services/demo/canary", method: "GET" }]);
    expect(r.lines[0]).toBe("latest stored result, made 2026-12-05T02:00:00.000Z (startup):");
    expect(r.lines.at(-1)).toBe("demo: the canary call failed at number 15880000, step greeting");
  });

  it("issue 17: '--latest' MUST print the stored reconcile report, refuse --day with it, and say when nothing is stored", async () => {
    const r = withAnswer(200, { serviceId: "demo", day: "2026-12-04", at: "2026-12-05T02:00:01.000Z", compared: 40, differences: [] });
    expect(await runSelfCheckCommand(["reconcile", "--service", "demo", "--latest"], r.ctx)).toBe(0);
    expect(r.asked).toEqual([{ url: "http://127.0.0.1:8080/api/v1/services/demo/reconcile", method: "GET" }]);
    expect(r.lines).toEqual(["latest stored result, made 2026-12-05T02:00:01.000Z:", "demo 2026-12-04: the dashboard, statistics, CSV and call history agree (40 figures compared)"]);
    expect(await runSelfCheckCommand(["reconcile", "--latest", "--day", "2026-12-04"], r.ctx)).toBe(2);
    expect(r.lines.at(-1)).toStartWith("usage:");
    const none = withAnswer(404, { error: { code: "not_found", message: "canary result not found" } });
    expect(await runSelfCheckCommand(["canary", "--latest"], none.ctx)).toBe(2);
    expect(none.lines).toEqual(["error: 404 canary result not found"]);
  });
});
