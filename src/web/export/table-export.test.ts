import { describe, expect, it } from "bun:test";
import { unzipSync } from "fflate";
import readXlsxFile from "read-excel-file/node";
import { attachment, toCsv, toXlsx, zipFiles } from "./index.ts";

const table = { name: "통계", columns: ["큐", "인입", "응답률"], rows: [["main", 3, 0.5], ["=cmd", 0, null]] };

describe("export wrappers (S2, H2)", () => {
  it("MUST write an .xlsx whose rows read back as shown", async () => {
    const bytes = await toXlsx(table);
    const [sheet] = await readXlsxFile(Buffer.from(bytes));
    expect(sheet!.data).toEqual([["큐", "인입", "응답률"], ["main", 3, 0.5], ["=cmd", 0, null]]);
  });

  it("MUST write CSV with a BOM, CRLF, quoting and formula neutralising", () => {
    const csv = toCsv({ name: "x", columns: ["a", "b"], rows: [["x,y", 1], ["=1+1", null]] });
    expect(csv).toBe('\uFEFFa,b\r\n"x,y",1\r\n\'=1+1,\r\n');
  });

  it("MUST zip files and name downloads in UTF-8", () => {
    const z = unzipSync(zipFiles({ "a.mp3": new Uint8Array([1, 2, 3]) }));
    expect([...z["a.mp3"]!]).toEqual([1, 2, 3]);
    expect(attachment("통계.xlsx")).toContain("filename*=UTF-8''%ED%86%B5");
  });
});
