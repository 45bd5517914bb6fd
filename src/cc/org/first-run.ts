import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatePassword, randomToken, type Logger } from "../../lib/index.ts";
import { hashPassword, type Repos } from "../../store/index.ts";
import { hashConsolePassword } from "../admin/console-password.ts";

/** What first run needs to know (taken from Config by main.ts). */
export interface FirstRunOptions {
  dataDir: string;
  /** SIP digest realm the agents' HA1 hashes are made for. */
  realm: string;
  /** CC_ADMIN_PASSWORD: replaces the generated admin password. */
  adminPassword?: string;
  /** CC_API_KEY: replaces the generated organization API key. */
  apiKey?: string;
  logger?: Logger;
}

/** The credentials made on first run; written to `<dataDir>/initial-credentials.json` (X2). */
export interface InitialCredentials {
  admin: { loginId: "admin"; password: string };
  apiKey: string;
  realm: string;
  /** `password` signs the agent in to the console at /agent/ (A1). */
  agents: { loginId: string; extension: string; sipPassword: string; password: string }[];
}

/** Name of the credentials file inside the data directory. */
export const CREDENTIALS_FILE = "initial-credentials.json";

/** The demo service of SPEC X2: open at all hours, one queue on key 1 with callback. */
export const DEMO_SERVICE = {
  serviceId: "demo",
  name: "Demo",
  number: "15880000",
  callerId: "15880000",
  timezone: "Asia/Seoul",
  language: "ko",
  state: "active",
  licences: 10,
} as const;

/**
 * On an empty database (no organization yet) create the organization, the demo service with its
 * queue, the `admin` org admin and agents agent1..agent3 (extensions 1001–1003, assigned to the
 * queue), write the credentials file with mode 0600 and return the credentials (X2).
 * Returns undefined when the database already holds an organization.
 */
export async function firstRun(repos: Repos, opts: FirstRunOptions): Promise<InitialCredentials | undefined> {
  if (repos.organization.get()) return undefined;
  const adminPassword = opts.adminPassword ?? generatePassword(16);
  const apiKey = opts.apiKey ?? `cc_${randomToken(40)}`;
  const adminHash = await hashPassword(adminPassword);
  const agentPasswords = [1, 2, 3].map(() => generatePassword(16));
  const consolePasswords = [1, 2, 3].map(() => generatePassword(12));
  const consoleHashes = consolePasswords.map(hashConsolePassword);

  const creds = repos.transaction((): InitialCredentials | undefined => {
    if (repos.organization.get()) return undefined;
    repos.organization.create({ name: "Demo organization", domain: "localhost", apiKey });
    repos.services.create({ ...DEMO_SERVICE });
    const admin = repos.members.createHashed({ loginId: "admin", name: "Administrator", orgAdmin: true }, adminHash);
    repos.members.grant(admin.id, DEMO_SERVICE.serviceId, "service-admin");
    const agents = agentPasswords.map((sipPassword, i) => {
      const loginId = `agent${i + 1}`;
      const a = repos.agents.create(
        { serviceId: DEMO_SERVICE.serviceId, loginId, name: `Agent ${i + 1}` },
        sipPassword,
      );
      repos.agentConsole.setPasswordHash(DEMO_SERVICE.serviceId, loginId, consoleHashes[i]!);
      return { loginId, extension: a.extension, sipPassword, password: consolePasswords[i]! };
    });
    repos.queues.create({ serviceId: DEMO_SERVICE.serviceId, queueId: "main", name: "상담 연결", digit: "1", callback: true });
    repos.queues.setAgents(
      DEMO_SERVICE.serviceId,
      "main",
      agents.map((a) => a.loginId),
    );
    return { admin: { loginId: "admin", password: adminPassword }, apiKey, realm: opts.realm, agents };
  });
  if (!creds) return undefined;

  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, CREDENTIALS_FILE);
  writeFileSync(file, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  opts.logger?.info({ file }, "first run: demo organization created");
  return creds;
}

/** The credentials as a few human lines, for main.ts to print once. */
export function formatInitialCredentials(c: InitialCredentials, file?: string): string {
  return [
    "First run: a demo organization and service were created.",
    `  Web admin:  login "${c.admin.loginId}", password ${c.admin.password}`,
    `  API key:    ${c.apiKey}`,
    `  SIP realm:  ${c.realm}`,
    ...c.agents.map((a) => `  ${a.loginId}: extension ${a.extension}, SIP password ${a.sipPassword}, console (/agent/) password ${a.password}`),
    file ? `These are saved in ${file} (readable by you only); they are not shown again.` : "They are not shown again.",
  ].join("\n");
}
