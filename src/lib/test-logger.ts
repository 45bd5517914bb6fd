import type { Logger } from "./log.ts";

/** One captured log line: the fields, plus level, category and message. */
export type LogLine = Record<string, unknown> & { level: string; cat?: string; msg?: string };

/** A Logger that keeps every line (tests check structured log lines with it). */
export function captureLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (cat?: string): Logger => {
    const at = (level: string) => (o: object | string, msg?: string) => {
      lines.push(typeof o === "string" ? { level, cat, msg: o } : { ...(o as Record<string, unknown>), level, cat, msg });
    };
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (c) => make(c) };
  };
  return { log: make(), lines };
}
