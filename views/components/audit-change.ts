/** The most lines one change shows; the rest is summed up as "+N". */
export const MAX_CHANGE_LINES = 6;
/** The longest value shown; longer ones end in "…". */
const MAX_VALUE = 60;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value in a few characters: strings bare (the empty one as ""), others as JSON, nothing as "∅". */
export function compactValue(v: unknown): string {
  const text = v === undefined ? "∅" : typeof v === "string" && v !== "" ? v : (JSON.stringify(v) ?? String(v));
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function walk(path: string, before: unknown, after: unknown, out: string[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk(path ? `${path}.${key}` : key, before[key], after[key], out);
    }
    return;
  }
  out.push(`${path ? `${path}: ` : ""}${compactValue(before)} → ${compactValue(after)}`);
}

/**
 * A change of the audit log (H5) as a few "field: before → after" lines: only the fields that
 * differ, nested objects by dotted path; a creation or removal as one "∅ → …" / "… → ∅" line.
 * Pure; the audit page shows it beside the entry.
 */
export function changeLines(before: unknown, after: unknown, max = MAX_CHANGE_LINES): string[] {
  if (before === undefined && after === undefined) return [];
  const out: string[] = [];
  if (before === undefined || after === undefined) out.push(`${compactValue(before)} → ${compactValue(after)}`);
  else walk("", before, after, out);
  return out.length > max ? [...out.slice(0, max - 1), `… +${out.length - max + 1}`] : out;
}
