import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COUNT_FIGURES, DERIVED_FIGURES, FIGURE_DEFINITIONS, figureDefinitionsTable, isFigure } from "./figure-definitions.ts";

const DOC = join(import.meta.dir, "../../../public/docs/figures.md");

describe("one written definition of every figure (issue 17 point 4)", () => {
  it("issue 17 point 4: MUST define every figure in Korean and English, a derived one naming the count it is computed from", () => {
    for (const f of [...COUNT_FIGURES, ...DERIVED_FIGURES]) {
      const d = FIGURE_DEFINITIONS[f];
      expect(d.ko.length).toBeGreaterThan(5);
      expect(d.en.length).toBeGreaterThan(5);
      expect((COUNT_FIGURES as readonly string[]).includes(d.base)).toBe(true);
    }
    expect(isFigure("answered")).toBe(true);
    expect(isFigure("bogus")).toBe(false);
    expect(isFigure("constructor")).toBe(false);
  });

  it("issue 17 point 4: the docs MUST show the same definitions as the pages (public/docs/figures.md from this module)", () => {
    const doc = readFileSync(DOC, "utf8");
    expect(doc).toContain(figureDefinitionsTable("en"));
    expect(doc).toContain(figureDefinitionsTable("ko"));
  });
});
