import { describe, expect, it } from "bun:test";
import { SERVICE_PAGES, serviceMenu } from "../../../views/index.ts";
import { testOps } from "./test-ops.ts";

const hrefs = (html: string) => new Set([...html.matchAll(/href="\/admin\/services\/demo\/([^"?]+)"/g)].map((m) => m[1]!));

describe("one navigation for every page of a service (D, S, H, G)", () => {
  it("every page MUST link to the four menus and to every page of its own menu, so each page is reachable", async () => {
    const t = await testOps();
    const sections = serviceMenu("en");
    const firsts = sections.map((x) => x.groups[0]!.links[0]!.path);
    expect(firsts).toEqual(["dashboard", "statistics", "history/calls", "info"]);
    for (const page of SERVICE_PAGES) {
      const res = await t.admin.get(`/admin/services/demo/${page}?lang=en`);
      expect(res.status, page).toBe(200);
      const links = hrefs(await res.text());
      for (const first of firsts) expect(links.has(first), `${page} → ${first}`).toBe(true);
      const mine = sections.find((x) => x.groups.some((g) => g.links.some((l) => l.path === page)))!;
      for (const l of mine.groups.flatMap((g) => g.links)) expect(links.has(l.path), `${page} → ${l.path}`).toBe(true);
    }
  });

  it("the menus together MUST hold the lookups' login history and audit log once, and no settings copies", () => {
    expect(SERVICE_PAGES.filter((p) => p.endsWith("logins") || p.includes("login-history"))).toEqual(["history/logins"]);
    expect(SERVICE_PAGES.filter((p) => p.endsWith("audit"))).toEqual(["history/audit"]);
    expect(new Set(SERVICE_PAGES).size).toBe(SERVICE_PAGES.length);
  });
});
