import type { Lang } from "../messages.ts";
import { errorText, settingsText } from "../settings/text.ts";
import { CONSOLE_EN } from "./text-en.ts";
import { CONSOLE_KO, type ConsoleKey } from "./text-ko.ts";

export type { ConsoleKey } from "./text-ko.ts";

/** Translation function of the agent console. */
export type ConsoleText = (key: ConsoleKey, vars?: Record<string, string | number>) => string;

/** The agent console's strings in `lang` (X7). */
export function consoleText(lang: Lang): ConsoleText {
  const dict: Record<ConsoleKey, string> = lang === "ko" ? CONSOLE_KO : CONSOLE_EN;
  return (key, vars) => {
    let text = dict[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** A key built at run time (a state, reason, result …) when the console knows it, else the raw value. */
export function consoleLabel(lang: Lang, prefix: string, value: string | null | undefined): string {
  if (!value) return "";
  const key = `${prefix}.${value}`;
  const dict: Record<string, string> = lang === "ko" ? CONSOLE_KO : CONSOLE_EN;
  return dict[key] ?? value;
}

/** A domain rule's message key (the same keys every door translates, views/settings "err.*"). */
export function consoleError(lang: Lang, key: string): string {
  return errorText(settingsText(lang), key);
}

/** "1:05" or "1:02:03" from seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Local date and time in the service's zone ("2026-03-04 10:05"). */
export function localDateTime(ms: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
  return `${z.toPlainDate().toString()} ${String(z.hour).padStart(2, "0")}:${String(z.minute).padStart(2, "0")}`;
}

/** A ratio as a percentage ("87.5%"), "—" when there is none. */
export const percent = (r: number | null | undefined): string => (r === null || r === undefined ? "—" : `${Math.round(r * 1000) / 10}%`);

