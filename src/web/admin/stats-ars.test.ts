import { describe, expect, it } from "bun:test";
import readXlsxFile from "read-excel-file/node";
import { testOps } from "./test-ops.ts";

const RANGE = "from=2026-03-04&to=2026-03-04";

/** One answered call through queue "main", and two callers who hang up in the ARS before choosing a queue. */
async function withArsCalls() {
  const t = await testOps();
  await t.answeredCall("01011110001", 3000, 30_000);
  for (const from of ["01011110002", "01011110003"]) {
    const leg = t.telephony.call(from, "1588");
    await t.advance(1000);
    leg.remoteHangup();
    await t.flush();
  }
  return t;
}

describe("statistics: calls that ended in the ARS (issue 9, S1, S2, D3)", () => {
  it("S1: by queue, the page and both exports MUST have an 'ended in the ARS' row, so offered adds up to the total inbound", async () => {
    const t = await withArsCalls();
    const html = await (await t.admin.get(`/admin/services/demo/statistics?by=queue&${RANGE}`)).text();
    expect(html).toMatch(/>ARS에서 종료 \(상담큐 진입 전\)<\/td><td[^>]*>2<\/td><td[^>]*>0<\/td>/);
    expect(html).toContain('data-inbound="3" data-ars="2"');

    const csv = (await (await t.admin.get(`/admin/services/demo/statistics/export.csv?by=queue&${RANGE}&lang=en`)).text()).split("\r\n");
    expect(csv[1]).toStartWith("Main,1,1,0,0,0,");
    expect(csv[2]).toStartWith("Ended in the ARS (before a queue),2,0,0,0,0,,");
    const xlsx = await t.admin.get(`/admin/services/demo/statistics/export.xlsx?by=queue&${RANGE}&lang=ko`);
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    const rows = sheet!.data.slice(1);
    expect(rows.map((r) => r[0])).toEqual(["Main", "ARS에서 종료 (상담큐 진입 전)"]);
    expect(rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(3);
  });

  it("S1: with an interval, the ARS row MUST be split by period like the queues'", async () => {
    const t = await withArsCalls();
    const csv = (await (await t.admin.get(`/admin/services/demo/statistics/export.csv?by=queue&interval=day&${RANGE}&lang=en`)).text()).split("\r\n");
    expect(csv.find((l) => l.includes("Ended in the ARS"))).toStartWith("2026-03-04,Ended in the ARS (before a queue),2,");
  });

  it("S1: by agent and by type, calls that never reached a queue MUST NOT get an ARS row (they have no agent or type)", async () => {
    const t = await withArsCalls();
    for (const by of ["agent", "type"]) {
      const csv = await (await t.admin.get(`/admin/services/demo/statistics/export.csv?by=${by}&${RANGE}&lang=en`)).text();
      expect(csv, by).not.toContain("Ended in the ARS");
    }
  });
});
