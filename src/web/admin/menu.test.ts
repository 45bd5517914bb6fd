import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { readFlow } from "./flow.ts";
import { adminClient } from "./test-admin.ts";

describe("menu entries (C4)", () => {
  it("C4: MUST refuse bad entries with 422 (nothing stored), add a queue and an information message, delete", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const noName = await admin.post("/admin/services/demo/menu", { digit: "2", kind: "queue", name: "" });
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain('id="name-error"');
    const noText = await admin.post("/admin/services/demo/menu", { digit: "3", kind: "info", text: "" });
    expect(await noText.text()).toContain('id="text-error"');
    expect((await admin.post("/admin/services/demo/menu", { digit: "1", kind: "queue", name: "dup" })).status).toBe(422);
    expect((await admin.post("/admin/services/demo/menu", { digit: "4", kind: "info", text: "x".repeat(201) })).status).toBe(422);
    expect(repos.queues.list("demo")).toHaveLength(1);
    expect(readFlow({ repos } as never, "demo").menu).toEqual([]);

    expect((await admin.post("/admin/services/demo/menu", { digit: "2", kind: "queue", name: "A/S", callback: "1" })).status).toBe(303);
    expect(repos.queues.list("demo").find((q) => q.digit === "2")).toMatchObject({ name: "A/S", callback: true, agents: [] });
    expect((await admin.post("/admin/services/demo/menu", { digit: "9", kind: "info", text: "영업시간은 평일 9시부터 6시까지입니다." })).status).toBe(303);
    expect(readFlow({ repos } as never, "demo").menu).toEqual([{ digit: "9", kind: "info", prompt: "custom:info-9" }]);
    const page = await (await admin.get("/admin/services/demo/menu")).text();
    expect(page).toContain("영업시간은 평일");
    await admin.post("/admin/services/demo/menu/9/delete", {});
    await admin.post("/admin/services/demo/menu/2/delete", {});
    expect(readFlow({ repos } as never, "demo").menu).toEqual([]);
    expect(repos.queues.list("demo").map((q) => q.digit)).toEqual(["1"]);
  });
});
