import { COMMAND_LINE, RuleError, type Administration } from "../cc/index.ts";
import type { Repos } from "../store/index.ts";

/**
 * `contact-center bans list` / `bans lift <address>`: works on the database directly, so an
 * admin can undo a ban while the appliance runs (it re-reads bans every few seconds).
 */
export function runBansCommand(args: string[], repos: Repos, admin: Administration, out: (line: string) => void): number {
  const [verb, address] = args;
  if (verb === "list") {
    const bans = repos.bans.active(Date.now());
    if (bans.length === 0) out("no active bans");
    for (const ban of bans) out(`${ban.address}\tuntil ${new Date(ban.expiresAt).toISOString()}\t${ban.reason}`);
    return 0;
  }
  if (verb === "lift" && address) {
    try {
      admin.bans.lift(COMMAND_LINE, address);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      out(`no ban on ${address}`);
      return 1;
    }
    out(`lifted ban on ${address}`);
    return 0;
  }
  out("usage: contact-center bans list | bans lift <address>");
  return 2;
}
