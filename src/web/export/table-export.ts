import writeXlsxFile from "write-excel-file/node";

/** One exported cell: text, number, or empty. */
export type ExportCell = string | number | null;

/** A table as shown on a page: header labels and rows of cells in the same order. */
export interface ExportTable {
  /** Sheet name (Excel limits it to 31 characters). */
  name: string;
  columns: string[];
  rows: ExportCell[][];
}

/**
 * The table as an .xlsx workbook (S2, H2). Wraps `write-excel-file` so it can be replaced; the
 * header row is bold, numbers stay numbers.
 */
export async function toXlsx(table: ExportTable): Promise<Uint8Array> {
  const header = table.columns.map((value) => ({ value, fontWeight: "bold" as const }));
  const body = table.rows.map((r) => r.map((v) => (v === null ? null : { value: v })));
  const sheet = (writeXlsxFile as unknown as (data: unknown, o?: unknown) => { toBuffer(): Promise<Uint8Array> })(
    [header, ...body],
    { sheet: table.name.slice(0, 31) || "Sheet1" },
  );
  return new Uint8Array(await sheet.toBuffer());
}

const csvCell = (v: ExportCell): string => {
  if (v === null) return "";
  const s = String(v);
  // Quote when needed (RFC 4180); a leading = + - @ is prefixed so spreadsheets do not run it as a formula.
  const safe = typeof v === "string" && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The table as CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark so Excel reads Korean correctly. */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns, ...table.rows].map((r) => r.map(csvCell).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replaceAll('"', "");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** MIME type of .xlsx. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
