import { describe, expect, it } from "bun:test";
import { Canary, Reconciler } from "../../cc/index.ts";
import { insertRandomDay } from "../../cc/reconcile/testing/random-day.ts";
import { silentLogger } from "../../lib/index.ts";
import { statisticsCsvTotals } from "./statistics.tsx";
import { testOps } from "./test-ops.ts";

// The test clock stands at 2026-03-04 10:00 in Seoul: the day's calls are those of 00:00–09:00 (and a few
// just before midnight and after 09:00, up to 09:10), so the dashboard's "today" and the statistics' day hold the same.
const FROM = Date.UTC(2026, 2, 3, 15, 0);
const TO = FROM + 9 * 3_600_000;
const DAY = "from=2026-03-04&to=2026-03-04";
const COUNTS = ["offered", "answered", "abandoned", "shortAbandoned", "callbacks"] as const;

/** The admin pages over a random day of 1,000 calls, with the self-checks wired. */
async function randomDayPages() {
  const t = await testOps();
  t.repos.queues.create({ serviceId: "demo", queueId: "sales", name: "Sales", digit: "2", callback: false });
  t.repos.queues.setAgents("demo", "sales", ["a2"]);
  insertRandomDay(t.repos, { serviceId: "demo", from: FROM, to: TO, n: 1000, queues: ["main", "sales"], agents: ["a1", "a2", "a3"], seed: 17 });
  const reconciler = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger, csv: (id, f, to) => statisticsCsvTotals(t.deps, id, f, to) });
  const canary = new Canary({ repos: t.repos, clock: t.clock, log: silentLogger, flow: (id) => t.cc.flow(id), minutes: 0, ear: async () => ({ unreadable: false, receivedMs: 1000, rmsDbfs: -20 }) });
  t.deps.selfChecks = { reconciler, canary };
  const page = async (path: string) => {
    const res = await t.admin.get(path);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The number of calls a drill-down page lists (its count, checked against its rows). */
  const drill = async (href: string) => {
    const html = await page(href.replaceAll("&amp;", "&"));
    const count = Number(/id="figure-count" data-count="(\d+)"/.exec(html)![1]);
    expect(html.match(/<tr data-call=/g)?.length ?? 0).toBe(count);
    return count;
  };
  return { ...t, reconciler, page, drill };
}

const COUNTED = /^(offered|answered|abandoned|shortAbandoned|callbacks)$/;
const unescape = (v: string) => v.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

/**
 * The drill-down link of every count in the statistics table as the page script builds it from the
 * table's one URL pattern (issue 12): the table's data-drill, the column's data-figure, the row's
 * data-key and data-period; with the number the cell shows.
 */
function patternLinks(html: string): (readonly [string, string])[] {
  const base = unescape(/<table data-drill="([^"]*)"/.exec(html)![1]!);
  const head = /<thead>([^]*?)<\/thead>/.exec(html)![1]!;
  const figures = [...head.matchAll(/<th([^>]*)>/g)].map((m) => /data-figure="([^"]*)"/.exec(m[1]!)?.[1] ?? null);
  const out: (readonly [string, string])[] = [];
  for (const [, attrs, cells] of html.matchAll(/<tr( data-key[^>]*)>([^]*?)<\/tr>/g)) {
    const key = unescape(/data-key="([^"]*)"/.exec(attrs!)![1]!);
    const period = /data-period="([^"]*)"/.exec(attrs!)?.[1];
    const texts = [...cells!.matchAll(/<td[^>]*>(?:<a [^>]*>)?([^<]*)/g)].map((m) => m[1]!);
    texts.forEach((text, i) => {
      const f = figures[i];
      if (!f || !COUNTED.test(f)) return;
      out.push([`${base}&figure=${encodeURIComponent(f)}&key=${encodeURIComponent(key)}${period === undefined ? "" : `&period=${encodeURIComponent(unescape(period))}`}`, text]);
    });
  }
  return out;
}

describe("figures click down to their calls, and the numbers reconcile (issue 17 point 4)", () => {
  it("issue 17 point 4: a randomized day of 1,000 calls MUST give dashboard total = statistics = CSV = drill-down rows, figure by figure", async () => {
    const t = await randomDayPages();
    // The dashboard (its /live figures and the page's numbers), the statistics page, its CSV.
    const live = (await t.call("GET", "/services/demo/live")).json as { service: Record<string, number> & { totalInbound: number }; queues: Record<string, number | string>[] };
    const dash = await t.page("/admin/services/demo/dashboard?lang=en");
    expect(dash).toContain(`data-figure="service-requests">${live.service.offered}<`);
    expect(dash).toContain(`data-figure="total-inbound">${live.service.totalInbound}<`);
    const csv = (await (await t.admin.get(`/admin/services/demo/statistics/export.csv?by=queue&${DAY}&lang=en`)).text()).replace("\uFEFF", "");
    const [head, ...rows] = csv.trim().split("\r\n").map((l) => l.split(","));
    const queued = rows.filter((r) => r[0] !== "Ended in the ARS" && !/ARS/.test(r[0]!));
    const csvSum = (label: string, rs = queued) => rs.reduce((n, r) => n + Number(r[head!.indexOf(label)]), 0);
    const labels = { offered: "Offered", answered: "Answered", abandoned: "Abandoned", shortAbandoned: "Short abandons", callbacks: "Callbacks" };
    for (const f of COUNTS) {
      const rowsOfFigure = await t.drill(`/admin/services/demo/statistics/calls?figure=${f}&by=service&${DAY}`);
      expect([f, live.service[f], csvSum(labels[f])]).toEqual([f, rowsOfFigure, rowsOfFigure]);
    }
    expect(csvSum("Offered", rows)).toBe(live.service.totalInbound);
    expect(await t.drill(`/admin/services/demo/statistics/calls?figure=totalInbound&by=service&${DAY}`)).toBe(live.service.totalInbound);
    // Every linked number of the statistics table and the dashboard lists exactly that many calls.
    // The statistics table by agent and hour is large enough to link through its one URL pattern (issue 12),
    // the table by queue has real links built by the same pattern.
    for (const url of [`/admin/services/demo/statistics?by=queue&${DAY}&lang=en`, `/admin/services/demo/statistics?by=agent&interval=hour&${DAY}&lang=en`, "/admin/services/demo/dashboard?lang=en"]) {
      const html = await t.page(url);
      const anchors = [...html.matchAll(/<a href="([^"]*figure=(offered|answered|abandoned|shortAbandoned|callbacks|totalInbound|internalCalls|callbackConversions)[^"]*)"[^>]*data-drill="true"[^>]*>(?:<strong[^>]*>)?(\d+)</g)]
        .map(([, href, , shown]) => [href!, shown!] as const);
      const pattern = url.includes("/statistics") ? patternLinks(html) : [];
      if (url.includes("by=queue")) expect(pattern.map(([h]) => h)).toEqual(anchors.map(([h]) => h.replaceAll("&amp;", "&")));
      if (url.includes("by=agent")) expect([anchors.length, pattern.length]).toEqual([0, expect.any(Number)]);
      const links = url.includes("by=agent") ? pattern : anchors;
      expect(links.length).toBeGreaterThan(5);
      for (const [href, shown] of links.slice(0, 15)) expect([href, await t.drill(href)]).toEqual([href, Number(shown)]);
    }
  }, 60_000);

  it("issue 17 point 4: the reconcile check MUST report zero differences for that day through the API, and name a corrupted figure on the API and the dashboard", async () => {
    const t = await randomDayPages();
    const ok = await t.call("POST", "/services/demo/reconcile?day=2026-03-04");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ serviceId: "demo", day: "2026-03-04", differences: [] });
    expect((ok.json as { compared: number }).compared).toBeGreaterThan(60);
    expect(await t.page("/admin/services/demo/dashboard?lang=en")).toContain('data-reconcile="ok"');
    t.db.run("UPDATE call_rollup SET callbacks = callbacks + 1 WHERE service_id = 'demo' AND dim = 'queue' AND key = 'sales' AND kind IN ('q', 'Q', 'D')");
    const bad = await t.call("POST", "/services/demo/reconcile?day=2026-03-04");
    const diffs = (bad.json as { differences: { source: string; figure: string; scope: string }[] }).differences;
    expect(diffs).toContainEqual(expect.objectContaining({ source: "statistics-by-queue", figure: "callbacks", scope: "queue:sales" }));
    expect(diffs).toContainEqual(expect.objectContaining({ source: "csv", figure: "callbacks", scope: "service" }));
    const dash = await t.page("/admin/services/demo/dashboard?lang=en");
    expect(dash).toContain('data-reconcile="differences"');
    expect(dash).toContain("statistics-by-queue");
    expect((await t.call("GET", "/services/demo/reconcile")).json).toMatchObject({ day: "2026-03-04" });
    // "Check now" on the dashboard: the canary's result and a new reconcile report on the card.
    const run = await t.admin.post("/admin/services/demo/dashboard/self-checks", { check: "canary" });
    expect(run.status).toBe(303);
    expect(await t.page("/admin/services/demo/dashboard?lang=en")).toContain('data-canary="ok"');
    // A failing step is worded in the page's language, with what was measured.
    t.repos.queues.setAgents("demo", "sales", []);
    await t.admin.post("/admin/services/demo/dashboard/self-checks", { check: "canary" });
    const ko = await t.page("/admin/services/demo/dashboard?lang=ko");
    expect(ko).toContain('data-step="queue sales"');
    expect(ko).toContain("큐에 배정된 상담원이 없습니다 (queue sales has no agents)");
    expect((await t.admin.post("/admin/services/demo/dashboard/self-checks", { check: "reconcile" })).status).toBe(303);
    expect((await t.admin.post("/admin/services/demo/dashboard/self-checks", { check: "nonsense" })).status).toBe(400);
    // Bad input: a clear 4xx, nothing changed.
    expect((await t.call("POST", "/services/demo/reconcile?day=2026-02-30")).status).toBe(400);
    expect((await t.call("POST", "/services/demo/reconcile?day=yesterday")).status).toBe(422);
    expect((await t.call("POST", "/services/nope/reconcile")).status).toBe(404);
    expect((await t.admin.get("/admin/services/demo/statistics/calls?figure=bogus")).status).toBe(400);
    expect((await t.admin.get("/admin/services/demo/statistics/calls?figure=constructor")).status).toBe(400);
    expect((await t.admin.get("/admin/services/demo/statistics/calls?figure=offered&by=nonsense&from=yesterday")).status).toBe(200);
  }, 60_000);
});
