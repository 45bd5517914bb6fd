/** The keys every UI language must translate (src/web/i18n.ts holds the dictionaries). */
export type MessageKey =
  | "appName"
  | "login.title"
  | "login.loginId"
  | "login.password"
  | "login.submit"
  | "login.failed"
  | "login.throttled"
  | "logout"
  | "nav.phones"
  | "nav.services"
  | "nav.trunks"
  | "nav.org"
  | "phones.title"
  | "phones.empty"
  | "phones.extension"
  | "phones.agent"
  | "phones.contact"
  | "phones.source"
  | "phones.userAgent"
  | "phones.expiresIn"
  | "phones.count"
  | "seconds"
  | "language";

/** A translation function for the current request's language. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** UI languages (X7). */
export type Lang = "ko" | "en";
