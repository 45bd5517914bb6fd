import { describe, expect, it } from "bun:test";
import { finalScreenCount } from "./sipp-runner.ts";

// The end of a screen SIPp 3.6 writes on exit (-trace_screen): periodic and cumulative columns.
const SCREEN = `
  Total Calls created    |                           |       20
  Current Calls          |        0                  |
-------------------------+---------------------------+--------------------------
  Successful call        |        1                  |       19
  Failed call            |        0                  |        0
------- Waiting for active calls to end. Press [q] again to force exit. -------
  Total Calls created    |                           |       20
  Current Calls          |        0                  |
-------------------------+---------------------------+--------------------------
  Successful call        |        1                  |       20
  Failed call            |        0                  |        0
`;

describe("SIPp runner", () => {
  it("MUST read the final cumulative counts from the last screen SIPp wrote", () => {
    expect(finalScreenCount(SCREEN, "Successful call")).toBe(20);
    expect(finalScreenCount(SCREEN, "Failed call")).toBe(0);
    expect(finalScreenCount(SCREEN, "Total Calls created")).toBe(20);
    expect(finalScreenCount("", "Successful call")).toBeUndefined();
  });
});
