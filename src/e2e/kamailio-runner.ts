import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { freePort, sleep, track, waitFor } from "./harness.ts";
import { optionsRequest, udpExchange } from "./sip-wire.ts";

/** A Kamailio carrier started for a test. */
export interface Kamailio {
  port: number;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Kamailio's `version` and `subscriber` tables in a new SQLite file (auth_db with clear-text
 * passwords and `calculate_ha1`), for the carrier of the e2e tests and the peer of the SIP bench.
 */
export function writeSubscribers(dbPath: string, users: { username: string; password: string; domain: string }[]): string {
  const db = new Database(dbPath, { create: true });
  db.exec(`CREATE TABLE version (id INTEGER PRIMARY KEY NOT NULL, table_name VARCHAR(32) NOT NULL,
             table_version INTEGER DEFAULT 0 NOT NULL, CONSTRAINT version_table_name_idx UNIQUE (table_name));
           INSERT INTO version (table_name, table_version) VALUES ('version', 1), ('subscriber', 7);
           CREATE TABLE subscriber (id INTEGER PRIMARY KEY NOT NULL, username VARCHAR(64) DEFAULT '' NOT NULL,
             domain VARCHAR(64) DEFAULT '' NOT NULL, password VARCHAR(64) DEFAULT '' NOT NULL,
             ha1 VARCHAR(128) DEFAULT '' NOT NULL, ha1b VARCHAR(128) DEFAULT '' NOT NULL,
             CONSTRAINT subscriber_account_idx UNIQUE (username, domain));
           CREATE INDEX subscriber_username_idx ON subscriber (username);`);
  const ins = db.prepare("INSERT INTO subscriber (username, domain, password) VALUES (?, ?, ?)");
  db.transaction(() => users.forEach((u) => ins.run(u.username, u.domain, u.password)))();
  db.close();
  return dbPath;
}

/**
 * Start Kamailio (Debian's, not ours) with a config from src/e2e/kamailio/ on 127.0.0.1, its
 * subscribers in an SQLite table (clear-text passwords, `calculate_ha1`), `defines` passed as
 * `-A NAME="value"`. Waits (bounded) until it answers OPTIONS.
 */
export async function startKamailio(o: {
  cfg: string;
  dir: string;
  users: { username: string; password: string }[];
  defines?: Record<string, string>;
  /** Listen on TCP too, on the same port (registration over TCP, T7). */
  tcp?: boolean;
}): Promise<Kamailio> {
  mkdirSync(o.dir, { recursive: true });
  const dbPath = writeSubscribers(join(o.dir, "subscriber.db"), o.users.map((u) => ({ ...u, domain: "127.0.0.1" })));

  const port = await freePort();
  const defines = Object.entries(o.defines ?? {}).flatMap(([k, v]) => ["-A", `${k}="${v}"`]);
  const output: string[] = [];
  const proc = Bun.spawn(
    ["kamailio", "-f", o.cfg, "-DD", "-E", "-l", `udp:127.0.0.1:${port}`, ...(o.tcp ? ["-l", `tcp:127.0.0.1:${port}`] : []), "-A", `DBURL="sqlite:///${dbPath}"`, ...defines,
      "-w", o.dir, "-P", join(o.dir, "kamailio.pid"), "-m", "64", "-M", "8"],
    { cwd: o.dir, stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  track(proc);
  void (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) output.push(new TextDecoder().decode(c));
  })();
  const target = { host: "127.0.0.1", port };
  try {
    await waitFor(async () => (await udpExchange(optionsRequest(target), target, { waitMs: 300 })).some((x) => x.status === 200), {
      timeoutMs: 10_000, what: `kamailio on ${port}`,
    });
  } catch (err) {
    proc.kill("SIGTERM");
    throw new Error(`${String(err)}\n${output.join("").slice(-2000)}`);
  }
  return {
    port,
    logs: () => output.join(""),
    stop: async () => {
      proc.kill("SIGTERM"); // the main process takes its children down with it
      await Promise.race([proc.exited, sleep(3000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}
