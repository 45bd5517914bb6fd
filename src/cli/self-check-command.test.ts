import { describe, expect, it } from "bun:test";
import { runSelfCheckCommand } from "./self-check-command.ts";

/** The command against a fake appliance answering `answer` (status, JSON) and remembering the requests. */
function withAnswer(status: number, json: unknown) {
  const lines: string[] = [];
  const asked: { url: string; method?: string; auth?: string }[] = [];
  const ctx = {
    baseUrl: "http://127.0.0.1:8080", apiKey: "cc_key", out: (l: string) => lines.push(l),
    fetch: (url: string, init: RequestInit) => {
      asked.push({ url, method: init.method, auth: (init.headers as Record<string, string>).Authorization });
      return Promise.resolve(new Response(JSON.stringify(json), { status, headers: { "Content-Type": "application/json" } }));
    },
  };
  return { ctx, lines, asked };
}

describe("contact-center self-check (issue 17 points 4, 5)", () => {
  it("issue 17 point 4: 'self-check reconcile' MUST ask the appliance for the day and print agreement (0) or each difference (1)", async () => {
    const ok = withAnswer(200, { serviceId: "demo", day: "2026-03-03", compared: 83, differences: [] });
    expect(await runSelfCheckCommand(["reconcile", "--service", "demo", "--day", "2026-03-03"], ok.ctx)).toBe(0);
    expect(ok.asked).toEqual([{ url: "http://127.0.0.1:8080/api/v1/services/demo/reconcile?day=2026-03-03", method: "POST", auth: "Bearer cc_key" }]);
    expect(ok.lines).toEqual(["demo 2026-03-03: the dashboard, statistics, CSV and call history agree (83 figures compared)"]);
    const bad = withAnswer(200, {
      serviceId: "demo", day: "2026-03-03", compared: 83,
      differences: [{ source: "csv", figure: "offered", scope: "service", value: 99, expected: 100 }],
    });
    expect(await runSelfCheckCommand(["reconcile"], bad.ctx)).toBe(1);
    expect(bad.lines).toEqual(["demo 2026-03-03: 1 figures disagree", "  csv\toffered\tservice\tshown 99\tcalls 100"]);
  });

  it("issue 17 point 5: 'self-check canary' MUST print every step and name the failing number and step (exit 1)", async () => {
    const step = { number: "15880000", step: "greeting", ok: false, code: "unreadable", detail: "the service's prompt file cannot be decoded" };
    const r = withAnswer(200, { serviceId: "demo", ok: false, steps: [step], failure: step });
    expect(await runSelfCheckCommand(["canary", "--service", "demo"], r.ctx)).toBe(1);
    expect(r.lines).toEqual(["  FAIL\t15880000\tgreeting\tthe service's prompt file cannot be decoded", "demo: the canary call failed at number 15880000, step greeting"]);
  });

  it("MUST refuse bad input with one clear line: usage, no key, the appliance's refusal, no appliance", async () => {
    const { ctx, lines, asked } = withAnswer(404, { error: "not_found", message: 'service "nope" not found' });
    expect(await runSelfCheckCommand(["bogus"], ctx)).toBe(2);
    expect(await runSelfCheckCommand(["reconcile", "--day"], ctx)).toBe(2);
    expect(await runSelfCheckCommand(["canary", "--day", "2026-03-03"], ctx)).toBe(2);
    expect(lines.filter((l) => l.startsWith("usage:"))).toHaveLength(3);
    expect(asked).toEqual([]);
    expect(await runSelfCheckCommand(["reconcile"], { ...ctx, apiKey: undefined })).toBe(2);
    expect(lines.at(-1)).toContain("CC_API_KEY");
    expect(await runSelfCheckCommand(["reconcile", "--service", "nope"], ctx)).toBe(2);
    expect(lines.at(-1)).toBe('error: 404 service "nope" not found');
    expect(await runSelfCheckCommand(["reconcile"], { ...ctx, fetch: () => Promise.reject(new Error("connection refused")) })).toBe(2);
    expect(lines.at(-1)).toBe("error: the appliance at http://127.0.0.1:8080 did not answer (connection refused)");
  });
});
