import type { Lang } from "../messages.ts";
import { SETTINGS_EN } from "./messages-en.ts";
import { SETTINGS_KO, type SettingsKey } from "./messages-ko.ts";

export type { SettingsKey } from "./messages-ko.ts";

/** Translation function of the service-settings pages. */
export type SettingsText = (key: SettingsKey, vars?: Record<string, string | number>) => string;

/** The service-settings strings in `lang` (X7). */
export function settingsText(lang: Lang): SettingsText {
  const dict: Record<SettingsKey, string> = lang === "ko" ? SETTINGS_KO : SETTINGS_EN;
  return (key, vars) => {
    let text = dict[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** A field error (an error key from the server's zod messages) in `lang`; unknown keys pass through. */
export function errorText(s: SettingsText, key: string, vars?: Record<string, string | number>): string {
  return key in SETTINGS_KO ? s(key as SettingsKey, vars) : s(`err.${key}` as SettingsKey, vars);
}
