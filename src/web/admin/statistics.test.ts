import { describe, expect, it } from "bun:test";
import readXlsxFile from "read-excel-file/node";
import { testOps } from "./test-ops.ts";

/** Two answered calls and one abandoned on 2026-03-04 (Seoul) in queue "main". */
async function withCalls() {
  const t = await testOps();
  await t.answeredCall("01011110001", 3000, 30_000);
  await t.answeredCall("01011110002", 40_000, 30_000);
  t.cc.setState("demo", "a1", "away", "break");
  const caller = await t.queueCall("01011110003");
  await t.advance(10_000);
  caller.remoteHangup();
  await t.flush();
  return t;
}

const RANGE = "from=2026-03-04&to=2026-03-04";
/** The page's cells without their drill-down links (issue 17 point 4), to match numbers. */
const plain = (html: string) => html.replace(/<a [^>]*data-drill[^>]*>([^<]*)<\/a>/g, "$1");

describe("statistics (S1–S2)", () => {
  it("S1: MUST show offered, answered, abandoned and rates by queue for the range in the URL", async () => {
    const t = await withCalls();
    const html = plain(await (await t.admin.get(`/admin/services/demo/statistics?by=queue&${RANGE}`)).text());
    expect(html).toContain("상담큐별");
    expect(html).toContain('value="2026-03-04"');
    // key, offered 3, answered 2, abandoned 1, short 0, callbacks 0, answer rate 66.7 %
    expect(html).toMatch(/>Main<\/td><td[^>]*>3<\/td><td[^>]*>2<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td><td[^>]*>0<\/td><td[^>]*>66\.7</);
    expect(html).toContain('data-chart="stats"');
    const empty = await (await t.admin.get("/admin/services/demo/statistics?by=queue&from=2026-03-05&to=2026-03-06")).text();
    expect(empty).not.toContain(">Main</td>");
  });

  it("S1: MUST split by interval and group by agent", async () => {
    const t = await withCalls();
    const html = plain(await (await t.admin.get(`/admin/services/demo/statistics?by=agent&interval=hour&${RANGE}&lang=en`)).text());
    expect(html).toContain("2026-03-04T10");
    expect(html).toMatch(/>a1<\/td><td[^>]*>2<\/td><td[^>]*>2</);
  });

  it("S2: MUST export exactly the shown table as .xlsx and CSV, and audit every export", async () => {
    const t = await withCalls();
    const res = await t.admin.get(`/admin/services/demo/statistics/export.xlsx?by=queue&${RANGE}&lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("demo-statistics-queue-2026-03-04_2026-03-04.xlsx");
    const [sheet] = await readXlsxFile(Buffer.from(await res.arrayBuffer()));
    expect(sheet!.data[0]!.slice(0, 4)).toEqual(["Queue", "Offered", "Answered", "Abandoned"]);
    expect(sheet!.data[1]!.slice(0, 8)).toEqual(["Main", 3, 2, 1, 0, 0, 66.7, 50]);
    const csv = await (await t.admin.get(`/admin/services/demo/statistics/export.csv?by=queue&${RANGE}&lang=en`)).text();
    expect(csv.split("\r\n")[1]).toStartWith("Main,3,2,1,0,0,66.7,50,");
    const log = t.repos.audit.list("demo", 50).filter((a) => a.action === "export");
    expect(log.map((a) => a.target)).toEqual([
      "demo-statistics-queue-2026-03-04_2026-03-04.csv (1)",
      "demo-statistics-queue-2026-03-04_2026-03-04.xlsx (1)",
    ]);
  });

  it("S1: MUST report the average wrap-up time by queue and by agent, shown and exported", async () => {
    const t = await testOps();
    await t.answeredCall("01011110001", 3000, 30_000);
    await t.advance(12_000);
    t.cc.setState("demo", "a1", "ready"); // 12 s of wrap-up
    await t.answeredCall("01011110002", 3000, 30_000);
    await t.advance(60_000); // 30 s of wrap-up (timer)
    for (const by of ["queue", "agent"]) {
      const ko = await (await t.admin.get(`/admin/services/demo/statistics?by=${by}&${RANGE}`)).text();
      expect(ko).toContain("평균 후처리시간");
      const csv = await (await t.admin.get(`/admin/services/demo/statistics/export.csv?by=${by}&${RANGE}&lang=en`)).text();
      const [head, row] = csv.replace("\uFEFF", "").split("\r\n").map((l) => l.split(","));
      const col = head!.indexOf("Avg wrap-up (s)");
      expect(col).toBeGreaterThan(0);
      expect(row![col]).toBe("21");
      if (by === "agent") expect(row![head!.indexOf("Outbound")]).toBe("0");
      const xlsx = await (await t.admin.get(`/admin/services/demo/statistics/export.xlsx?by=${by}&${RANGE}&lang=en`)).arrayBuffer();
      const [sheet] = await readXlsxFile(Buffer.from(xlsx));
      expect(sheet!.data[1]![col]).toBe(21);
    }
  });

  it("MUST never count another service's calls", async () => {
    const t = await withCalls();
    const other = await (await t.admin.get(`/admin/services/other/statistics?by=queue&${RANGE}&lang=en`)).text();
    expect(other).toContain("Nothing matches from 2026-03-04 to 2026-03-04");
  });
});
