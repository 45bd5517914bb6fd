import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { z } from "zod";

/** A setting with a bad value; the message is one line naming the setting and what is allowed. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const DEFAULT_SCANNERS =
  "friendly-scanner,sipvicious,sipcli,sip-scan,sundayddr,iWar,VaxSIPUserAgent,pplsip,sipsak-scan";

type Raw = Record<string, string | undefined>;

const port = (allowZero: boolean) =>
  z.string().transform((s, ctx) => {
    const n = /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (!(n >= (allowZero ? 0 : 1) && n <= 65535)) {
      ctx.addIssue({
        code: "custom",
        message: allowZero ? "must be a port number 1-65535, or 0 to disable" : "must be a port number 1-65535",
      });
      return z.NEVER;
    }
    return n;
  });

const posInt = (min = 1) =>
  z.string().transform((s, ctx) => {
    const n = /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN;
    if (!(Number.isSafeInteger(n) && n >= min)) {
      ctx.addIssue({ code: "custom", message: `must be a whole number >= ${min}` });
      return z.NEVER;
    }
    return n;
  });

const list = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);

const nonEmpty = z.string().trim().min(1, "must not be empty");

const portRange = z.string().transform((s, ctx) => {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(s);
  const min = m ? Number(m[1]) : NaN;
  const max = m ? Number(m[2]) : NaN;
  if (!(min >= 1024 && max <= 65535 && min < max)) {
    ctx.addIssue({ code: "custom", message: "must be a port range MIN-MAX with 1024 <= MIN < MAX <= 65535" });
    return z.NEVER;
  }
  return { min, max };
});

/** `CC_MEDIA_WORKERS` when unset (issue 12): one media worker per spare core (cores − 1), at least one. */
export const DEFAULT_MEDIA_WORKERS = Math.max(1, availableParallelism() - 1);

/** Schema of the raw CC_* settings (strings in, typed values out). Defaults per SPEC "Contracts". */
const rawSchema = z.object({
  CC_DATA_DIR: nonEmpty.default("./data"),
  CC_HTTP_PORT: port(false).default(8080),
  CC_HTTPS_PORT: port(true).default(8443),
  CC_SIP_PORT: port(false).default(5060),
  CC_SIP_TLS_PORT: port(true).default(5061),
  CC_RTP_PORTS: portRange.default({ min: 10000, max: 20000 }),
  // Issue 15: a leg whose peer sent no RTP this long (while it should) is released; 0 = never.
  CC_RTP_TIMEOUT_SECONDS: posInt(0).default(30),
  // Issue 17 point 5: minutes between canary calls (each service number's path walked); 0 = only after saves and on request.
  CC_CANARY_MINUTES: z
    .string()
    .transform((s, ctx) => {
      const n = /^\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : NaN;
      if (!(Number.isFinite(n) && n >= 0)) {
        ctx.addIssue({ code: "custom", message: "must be a number of minutes >= 0 (decimals allowed, e.g. 0.5)" });
        return z.NEVER;
      }
      return n;
    })
    .default(60),
  // Issue 17 point 5: seconds after start before the first canary call (a restarted box says at once whether it is broken).
  CC_CANARY_STARTUP_SECONDS: posInt(0).default(10),
  // Issue 17: seconds between OPTIONS probes of each registered desk phone (qualify); 0 = no probes
  // (registration expiry and WebSocket close still make an agent unreachable).
  CC_QUALIFY_SECONDS: posInt(0).default(30),
  // Issue 12: media workers (threads running RTP, prompts, recording); 0 = all media on the main thread.
  CC_MEDIA_WORKERS: posInt(0)
    .refine((n) => n <= 64, "must be at most 64")
    .optional(),
  // Issue 12: niceness of the runtime's JIT compiler and memory scavenger threads (SIP and media keep 0); 0 = leave them.
  CC_BACKGROUND_NICE: posInt(0)
    .refine((n) => n <= 19, "must be at most 19")
    .default(10),
  CC_BIND_ADDRESS: nonEmpty.default("0.0.0.0"),
  CC_EXTERNAL_ADDRESS: nonEmpty.optional(),
  CC_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  CC_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  CC_LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warn", "error", "silent"], {
      error: "must be one of trace, debug, info, warn, error, silent",
    })
    .default("info"),
  CC_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, "must be a URL like smtp://user:pass@host:587 or smtps://host")
    .optional(),
  CC_MAIL_FROM: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/, "must be an e-mail address").optional(),
  CC_SIP_REALM: z
    .string()
    .regex(/^[A-Za-z0-9.\-_]+$/, "must be letters, digits, dots, dashes or underscores")
    .default("contact-center"),
  CC_REG_MIN_EXPIRES: posInt(1).default(60),
  CC_REG_MAX_EXPIRES: posInt(1).default(3600),
  CC_REG_DEFAULT_EXPIRES: posInt(1).default(3600),
  CC_SIP_RATE_LIMIT: posInt(1).default(200),
  CC_BAN_AFTER_FAILURES: posInt(1).default(5),
  CC_BAN_SECONDS: posInt(1).default(600),
  CC_SCANNER_USER_AGENTS: list.default(DEFAULT_SCANNERS.split(",")),
  CC_NONCE_SECONDS: posInt(10).default(300),
  CC_TRUSTED_PROXIES: list.default([]),
  // Old phones (libre 1.0, many desk phones) give up on any SHA-256 challenge, so MD5 is the default.
  CC_SIP_DIGEST_ALGORITHMS: list
    .pipe(z.array(z.enum(["MD5", "SHA-256"], { error: "must be a comma list of MD5 and SHA-256" })).min(1, "must name MD5, SHA-256 or both"))
    .default(["MD5"]),
  // X3 webhooks: the first retry waits CC_WEBHOOK_RETRY_MS, each next one twice as long, CC_WEBHOOK_TRIES in all.
  CC_WEBHOOK_RETRY_MS: posInt(1).default(5000),
  CC_WEBHOOK_TRIES: posInt(1).default(6),
  CC_WEBHOOK_TIMEOUT_MS: posInt(100).default(5000),
  // X5 graceful shutdown: on SIGTERM new calls get 503, calls in progress go on this long, then BYE.
  CC_SHUTDOWN_DRAIN_SECONDS: posInt(0).default(60),
  // X5 scheduled backups into <data>/backups (hour of day in local time, or "off"), the newest N kept.
  CC_BACKUP_HOUR: z.string().regex(/^(off|[01]?\d|2[0-3])$/, "must be an hour 0-23 or off").default("3"),
  CC_BACKUP_KEEP: posInt(1).default(7),
  // Optional off-box copy of backups and recordings to an S3-compatible store (Bun's S3 client).
  CC_S3_ENDPOINT: z.string().regex(/^https?:\/\/\S+$/, "must be a URL like https://s3.example.com").optional(),
  CC_S3_BUCKET: nonEmpty.optional(),
  CC_S3_REGION: nonEmpty.optional(),
  CC_S3_ACCESS_KEY_ID: nonEmpty.optional(),
  CC_S3_SECRET_ACCESS_KEY: nonEmpty.optional(),
  CC_S3_PREFIX: z.string().regex(/^[A-Za-z0-9._\-/]*$/, "must be letters, digits, . _ - /").default(""),
  // Recordings governance: a disk budget for the recordings folder ("500MB", "20GB"; 0 = none).
  CC_RECORDINGS_BUDGET: z.string().transform((s, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?\s*$/i.exec(s);
    if (!m) {
      ctx.addIssue({ code: "custom", message: "must be a size like 500MB or 20GB, or 0 for none" });
      return z.NEVER;
    }
    const unit = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 }[(m[2] ?? "B").toUpperCase() as "B"];
    return Math.round(Number(m[1]) * 1024 ** unit);
  }).default(0),
});

/** Every setting of the installation, typed and frozen. */
export interface Config {
  readonly dataDir: string;
  readonly httpPort: number;
  /** 0 disables HTTPS. */
  readonly httpsPort: number;
  /** SIP over UDP and TCP. */
  readonly sipPort: number;
  /** 0 disables SIP over TLS. */
  readonly sipTlsPort: number;
  /** Seconds without RTP from a peer that should send before its leg is released (issue 15); 0 = never. */
  readonly rtpTimeoutSeconds: number;
  /** Minutes between canary calls (issue 17 point 5); 0 = only after saves of the path and on request. */
  readonly canaryMinutes: number;
  readonly canaryStartupSeconds: number;
  /** Media worker threads (issue 12); 0 runs media on the main thread. */
  readonly mediaWorkers: number;
  /** Niceness given to the runtime's JIT compiler and scavenger threads (issue 12); 0 leaves them alone. */
  readonly backgroundNice: number;
  /** Seconds between OPTIONS probes of each registered desk phone (issue 17); 0 = none. */
  readonly qualifySeconds: number;
  readonly rtpPorts: { readonly min: number; readonly max: number };
  readonly bindAddress: string;
  readonly externalAddress?: string;
  readonly adminPassword?: string;
  readonly apiKey?: string;
  readonly logLevel: "trace" | "debug" | "info" | "warn" | "error" | "silent";
  readonly smtpUrl?: string;
  readonly mailFrom?: string;
  readonly sipRealm: string;
  readonly registrar: { readonly minExpires: number; readonly maxExpires: number; readonly defaultExpires: number };
  readonly security: {
    readonly rateLimitPerSecond: number;
    readonly authFailuresBeforeBan: number;
    readonly banSeconds: number;
    readonly scannerUserAgents: readonly string[];
  };
  readonly nonceSeconds: number;
  /** Digest challenges offered, in preference order (RFC 8760). */
  readonly digestAlgorithms: readonly ("MD5" | "SHA-256")[];
  readonly trustedProxies: readonly string[];
  /** Webhook deliveries (X3): first retry delay (doubling), tries in all, timeout of each POST. */
  readonly webhooks: { readonly retryMs: number; readonly tries: number; readonly timeoutMs: number };
  /** Graceful shutdown (X5): seconds calls in progress may go on after SIGTERM. */
  readonly shutdown: { readonly drainSeconds: number };
  /** Scheduled backups (X5): hour of day (local time) or undefined when off; how many are kept. */
  readonly backups: { readonly hour?: number; readonly keep: number };
  /** Off-box copies to an S3-compatible store; undefined unless endpoint and bucket are set. */
  readonly s3?: { readonly endpoint: string; readonly bucket: string; readonly region?: string; readonly accessKeyId?: string; readonly secretAccessKey?: string; readonly prefix: string };
  /** Disk budget of the recordings folder in bytes (0 = none). */
  readonly recordingsBudgetBytes: number;
}

const KEYS = Object.keys(rawSchema.shape);

function readFile(path: string): Raw {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError(`CC_CONFIG_FILE: cannot read "${path}" as JSON (${(e as Error).message.split("\n")[0]})`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`CC_CONFIG_FILE: "${path}" must hold a JSON object of CC_* keys`);
  }
  const out: Raw = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!KEYS.includes(k)) throw new ConfigError(`CC_CONFIG_FILE: unknown setting "${k}" in "${path}"`);
    if (v === null || v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(",") : String(v);
  }
  return out;
}

function pick(env: Raw): Raw {
  const out: Raw = {};
  for (const k of KEYS) {
    const v = env[k];
    if (v !== undefined && v !== "") out[k] = v;
  }
  return out;
}

/**
 * Read the settings from `env` (and the JSON file named by `CC_CONFIG_FILE`; env wins), validate
 * them and return a frozen Config. Throws ConfigError with one clear line on the first bad value.
 */
export function loadConfig(env: Raw = process.env): Config {
  const file = env.CC_CONFIG_FILE ? readFile(env.CC_CONFIG_FILE) : {};
  const merged = { ...file, ...pick(env) };
  const result = rawSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? "config");
    const got = merged[key];
    throw new ConfigError(`${key}: ${issue.message}${got !== undefined ? ` (got ${JSON.stringify(got)})` : ""}`);
  }
  const r = result.data;
  if (!(r.CC_REG_MIN_EXPIRES <= r.CC_REG_DEFAULT_EXPIRES && r.CC_REG_DEFAULT_EXPIRES <= r.CC_REG_MAX_EXPIRES)) {
    throw new ConfigError(
      `CC_REG_DEFAULT_EXPIRES: must be between CC_REG_MIN_EXPIRES and CC_REG_MAX_EXPIRES (got min ${r.CC_REG_MIN_EXPIRES}, default ${r.CC_REG_DEFAULT_EXPIRES}, max ${r.CC_REG_MAX_EXPIRES})`,
    );
  }
  const config: Config = {
    dataDir: r.CC_DATA_DIR,
    httpPort: r.CC_HTTP_PORT,
    httpsPort: r.CC_HTTPS_PORT,
    sipPort: r.CC_SIP_PORT,
    sipTlsPort: r.CC_SIP_TLS_PORT,
    rtpPorts: Object.freeze({ ...r.CC_RTP_PORTS }),
    rtpTimeoutSeconds: r.CC_RTP_TIMEOUT_SECONDS,
    canaryMinutes: r.CC_CANARY_MINUTES,
    canaryStartupSeconds: r.CC_CANARY_STARTUP_SECONDS,
    mediaWorkers: r.CC_MEDIA_WORKERS ?? DEFAULT_MEDIA_WORKERS,
    backgroundNice: r.CC_BACKGROUND_NICE,
    qualifySeconds: r.CC_QUALIFY_SECONDS,
    bindAddress: r.CC_BIND_ADDRESS,
    externalAddress: r.CC_EXTERNAL_ADDRESS,
    adminPassword: r.CC_ADMIN_PASSWORD,
    apiKey: r.CC_API_KEY,
    logLevel: r.CC_LOG_LEVEL,
    smtpUrl: r.CC_SMTP_URL,
    mailFrom: r.CC_MAIL_FROM,
    sipRealm: r.CC_SIP_REALM,
    registrar: Object.freeze({
      minExpires: r.CC_REG_MIN_EXPIRES,
      maxExpires: r.CC_REG_MAX_EXPIRES,
      defaultExpires: r.CC_REG_DEFAULT_EXPIRES,
    }),
    security: Object.freeze({
      rateLimitPerSecond: r.CC_SIP_RATE_LIMIT,
      authFailuresBeforeBan: r.CC_BAN_AFTER_FAILURES,
      banSeconds: r.CC_BAN_SECONDS,
      scannerUserAgents: Object.freeze([...r.CC_SCANNER_USER_AGENTS]),
    }),
    nonceSeconds: r.CC_NONCE_SECONDS,
    digestAlgorithms: Object.freeze([...r.CC_SIP_DIGEST_ALGORITHMS]),
    trustedProxies: Object.freeze([...r.CC_TRUSTED_PROXIES]),
    webhooks: Object.freeze({ retryMs: r.CC_WEBHOOK_RETRY_MS, tries: r.CC_WEBHOOK_TRIES, timeoutMs: r.CC_WEBHOOK_TIMEOUT_MS }),
    shutdown: Object.freeze({ drainSeconds: r.CC_SHUTDOWN_DRAIN_SECONDS }),
    backups: Object.freeze({ hour: r.CC_BACKUP_HOUR === "off" ? undefined : Number(r.CC_BACKUP_HOUR), keep: r.CC_BACKUP_KEEP }),
    s3: s3Settings(r),
    recordingsBudgetBytes: r.CC_RECORDINGS_BUDGET,
  };
  return Object.freeze(config);
}

function s3Settings(r: z.output<typeof rawSchema>): Config["s3"] {
  if (!r.CC_S3_ENDPOINT && !r.CC_S3_BUCKET) return undefined;
  if (!r.CC_S3_ENDPOINT || !r.CC_S3_BUCKET) throw new ConfigError(`${r.CC_S3_ENDPOINT ? "CC_S3_BUCKET" : "CC_S3_ENDPOINT"}: must be set with ${r.CC_S3_ENDPOINT ? "CC_S3_ENDPOINT" : "CC_S3_BUCKET"}`);
  const prefix = r.CC_S3_PREFIX.replace(/^\/+/, "");
  return Object.freeze({
    endpoint: r.CC_S3_ENDPOINT,
    bucket: r.CC_S3_BUCKET,
    region: r.CC_S3_REGION,
    accessKeyId: r.CC_S3_ACCESS_KEY_ID,
    secretAccessKey: r.CC_S3_SECRET_ACCESS_KEY,
    prefix: prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix,
  });
}

const SECRET = /password|apikey|smtpurl|secretaccesskey/i;

/** The effective settings as `key = value` lines for `--print-config`, secrets shown as "***". */
export function formatConfig(config: Config, prefix = ""): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(config)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === undefined) lines.push(`${key} = (unset)`);
    else if (SECRET.test(k)) lines.push(`${key} = ***`);
    else if (Array.isArray(v)) lines.push(`${key} = ${v.join(",")}`);
    else if (typeof v === "object") lines.push(formatConfig(v as Config, key));
    else lines.push(`${key} = ${String(v)}`);
  }
  return lines.join("\n");
}
