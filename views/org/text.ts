import type { Lang } from "../messages.ts";
import { ORG_EN } from "./messages-en.ts";
import { ORG_KO, type OrgKey } from "./messages-ko.ts";

export type { OrgKey } from "./messages-ko.ts";

/** Translation function of the organization pages. */
export type OrgText = (key: OrgKey, vars?: Record<string, string | number>) => string;

/** The organization pages' strings in `lang` (X7). */
export function orgText(lang: Lang): OrgText {
  const dict: Record<OrgKey, string> = lang === "ko" ? ORG_KO : ORG_EN;
  return (key, vars) => {
    let text = dict[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** A field error key (from the domain's rules or zod messages) in `lang`; unknown keys read as "format". */
export function orgError(o: OrgText, key: string, vars?: Record<string, string | number>): string {
  const k = `err.${key}`;
  return k in ORG_KO ? o(k as OrgKey, vars) : o("err.format");
}

/** Whole won with thousands separators. */
export function won(o: OrgText, lang: Lang, amount: number): string {
  return o("svc.won", { amount: amount.toLocaleString(lang === "ko" ? "ko-KR" : "en-US") });
}
