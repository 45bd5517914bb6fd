import { describe, expect, it } from "bun:test";
import { ScannerFilter } from "./scanner-filter.ts";

describe("ScannerFilter", () => {
  it("T9: MUST recognize scanner user-agents case-insensitively", () => {
    const filter = new ScannerFilter(["friendly-scanner", "sipvicious", " SIPcli ", ""]);
    expect(filter.isScanner("friendly-scanner")).toBe(true);
    expect(filter.isScanner("SIPVicious 0.3")).toBe(true);
    expect(filter.isScanner("sipcli/v1.8")).toBe(true);
    expect(filter.isScanner("Yealink SIP-T46U 66.86")).toBe(false);
    expect(filter.isScanner(undefined)).toBe(false);
    expect(filter.isScanner("")).toBe(false);
  });
});
