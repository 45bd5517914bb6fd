import { describe, expect, it } from "bun:test";
import { LANGS, MESSAGES, translator } from "./i18n.ts";

describe("UI languages (X7)", () => {
  it("X7: MUST translate every key in Korean and English", () => {
    const keys = Object.keys(MESSAGES.ko).sort();
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort()).toEqual(keys);
      for (const text of Object.values(MESSAGES[lang])) expect(text.trim().length).toBeGreaterThan(0);
    }
  });

  it("MUST fill placeholders", () => {
    expect(translator("en")("phones.count", { count: 3 })).toBe("3 registered");
    expect(translator("ko")("seconds", { n: 5 })).toBe("5초");
  });
});
