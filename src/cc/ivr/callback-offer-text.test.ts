import { describe, expect, it } from "bun:test";
import { callbackOfferText } from "./callback-offer-text.ts";

describe("callback offer text (C7, M6)", () => {
  it("C7: MUST name the key the flow takes, in Korean (Hangul, right particle) and English", () => {
    expect(callbackOfferText("*", "ko")).toBe("기다리지 않고 상담사의 전화를 받으시려면 별표를 눌러 주십시오.");
    expect(callbackOfferText("9", "ko")).toBe("기다리지 않고 상담사의 전화를 받으시려면 구 번을 눌러 주십시오.");
    expect(callbackOfferText("#", "ko")).toContain("우물 정자를");
    expect(callbackOfferText("*", "en")).toBe("To get a call back instead of waiting, press star.");
    expect(callbackOfferText("3", "en")).toBe("To get a call back instead of waiting, press 3.");
  });
});
