import pino from "pino";

/** A category logger: every module gets one injected, nothing writes to the console directly. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(category: string): Logger;
}

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "silent";

/** Structured JSON logs on stdout (pino without transports: they die in a compiled executable). */
export function createLogger(level: LogLevel = "info", destination?: pino.DestinationStream): Logger {
  const root = destination ? pino({ level, base: undefined }, destination) : pino({ level, base: undefined });
  return wrap(root);
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (o, m) => (typeof o === "string" ? p.debug(o) : p.debug(o, m)),
    info: (o, m) => (typeof o === "string" ? p.info(o) : p.info(o, m)),
    warn: (o, m) => (typeof o === "string" ? p.warn(o) : p.warn(o, m)),
    error: (o, m) => (typeof o === "string" ? p.error(o) : p.error(o, m)),
    child: (category) => wrap(p.child({ cat: category })),
  };
}

/** A logger that drops everything (unit tests). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
