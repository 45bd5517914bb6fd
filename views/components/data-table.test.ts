import { describe, expect, it } from "bun:test";
import { DataTable, DRILL_LINKS_MAX, drillCellHref, type PlainTable, type TableDrill } from "./data-table.tsx";

const BASE = "/admin/services/demo/statistics/calls?by=agent&from=2026-03-04&to=2026-03-04&interval=day";
const render = (table: PlainTable, drill?: TableDrill, titles?: (string | undefined)[]) =>
  String(DataTable({ id: "stats-table", table, drill, titles, empty: "none" }));

/** A table of `n` rows: period, key, two figures. */
function rows(n: number, key = (j: number) => `agent${j}`) {
  const table: PlainTable = { columns: ["Period", "Agent", "Offered", "Answered"], rows: [] };
  const drill: TableDrill = { base: BASE, figures: [null, null, "offered", "answered"], rows: [] };
  for (let j = 0; j < n; j++) {
    table.rows.push(["2026-03-04", key(j), j, null]);
    drill.rows.push({ key: key(j), period: "2026-03-04" });
  }
  return { table, drill };
}

describe("DataTable: one drill-down URL pattern per table (issue 17 point 4, issue 12)", () => {
  it("MUST carry the pattern once: the base on the table, the figure on each column header, key and period on each row", () => {
    const { table, drill } = rows(DRILL_LINKS_MAX);
    const html = render(table, drill, [undefined, undefined, "Calls that entered a queue.", "Answered calls."]);
    expect(html).toContain(`<table data-drill="${BASE.replaceAll("&", "&amp;")}" data-lead="2">`);
    expect(html).toContain('<th title="Calls that entered a queue." data-figure="offered">Offered</th>');
    expect(html).toContain('<tr data-key="agent7" data-period="2026-03-04"><td>2026-03-04</td><td>agent7</td><td>7</td><td>—</td></tr>');
    // No link, definition or label repeated per cell (the script adds links and labels): about 100 bytes per row of four cells.
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("data-label");
    expect(html.length / DRILL_LINKS_MAX).toBeLessThan(130);
  });

  it("MUST render real links and labels (no script needed) when the table is small, each link exactly the pattern's", () => {
    const { table, drill } = rows(3);
    const html = render(table, drill);
    const hrefs = [...html.matchAll(/<a href="([^"]*)" data-drill="true">/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
    expect(hrefs).toHaveLength(6);
    expect(hrefs[0]).toBe(`${BASE}&figure=offered&key=agent0&period=2026-03-04`);
    expect(hrefs).toContain(drillCellHref(BASE, "answered", { key: "agent2", period: "2026-03-04" }));
    expect(html).toContain('<td data-label="Agent">agent1</td><td data-label="Offered"><a href=');
  });

  it("MUST escape keys and labels in attributes and links", () => {
    const odd = `a&b"<c> d/é`;
    const small = rows(1, () => odd);
    small.table.columns[1] = `Agent"><script>alert(1)</script>`;
    const html = render(small.table, small.drill);
    expect(html).toContain('data-key="a&amp;b&quot;&lt;c&gt; d/é"');
    expect(html).toContain(`key=${encodeURIComponent(odd).replaceAll("&", "&amp;")}&amp;period=`);
    expect(html).toContain('data-label="Agent&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain("<script>");
  });

  it("MUST leave rows without drill data (the ARS rows) and the empty table unlinked", () => {
    const { table, drill } = rows(2);
    table.rows.push(["2026-03-04", "Ended in the ARS", 5, 0]);
    const html = render(table, drill);
    expect(html).toContain('<tr><td data-label="Period">2026-03-04</td><td data-label="Agent">Ended in the ARS</td><td data-label="Offered">5</td>');
    const empty = render({ columns: table.columns, rows: [] }, { ...drill, rows: [] });
    expect(empty).toContain('<td colspan="4">none</td>');
    expect(empty).not.toContain("data-lead");
  });
});
