import type { Context } from "hono";
import type { BannerUpload } from "../../cc/index.ts";

/** A form body (urlencoded or multipart) as plain fields, with an optional uploaded image. */
export async function readForm(c: Context, fileField?: string): Promise<{ fields: Record<string, string | string[]>; file?: BannerUpload }> {
  const body = await c.req.parseBody({ all: true });
  const fields: Record<string, string | string[]> = {};
  let file: BannerUpload | undefined;
  for (const [k, v] of Object.entries(body)) {
    if (k === "_csrf") continue;
    if (k === fileField && v instanceof File) {
      if (v.size > 0) file = { mime: v.type, bytes: new Uint8Array(await v.arrayBuffer()) };
      continue;
    }
    if (Array.isArray(v)) fields[k] = v.filter((x): x is string => typeof x === "string");
    else if (typeof v === "string") fields[k] = v;
  }
  return { fields, file };
}

/** One text field (the first when sent several times). */
export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** A checkbox list (sent zero, one or several times). */
export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
