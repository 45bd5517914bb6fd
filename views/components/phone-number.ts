import type { Lang } from "../messages.ts";

/** How a caller who withheld the number is stored (the SIP layer's caller identity, T7). */
export const WITHHELD_NUMBER = "anonymous";

/** A phone number as the pages show it: a withheld caller reads as such, never as "anonymous". */
export function phoneNumberText(lang: Lang, number: string): string {
  if (number !== WITHHELD_NUMBER) return number;
  return lang === "ko" ? "발신번호 표시제한" : "Withheld";
}
