import { COMMAND_LINE, type Administration } from "../cc/index.ts";
import type { Repos } from "../store/index.ts";

/**
 * `contact-center access list` / `access clear <serviceId>` (G10): shows the admin address ranges
 * of every service, or removes a service's ranges to undo a lock-out. Works on the database
 * directly, so it also works while the appliance runs. Returns the process exit code.
 */
export function runAccessCommand(args: string[], repos: Repos, admin: Administration, out: (line: string) => void): number {
  const [verb, serviceId] = args;
  if (verb === "list") {
    const ranges = repos.access.all();
    if (ranges.length === 0) out("no address ranges: the admin pages of every service are reachable from anywhere");
    for (const r of ranges) out(`${r.serviceId}\t${r.cidr}${r.note ? `\t${r.note}` : ""}`);
    return 0;
  }
  if (verb === "clear" && serviceId) {
    if (!repos.services.get(serviceId)) {
      out(`no service "${serviceId}"`);
      return 1;
    }
    const n = admin.access.clear(COMMAND_LINE, serviceId);
    out(n ? `removed ${n} address range(s) of ${serviceId}: its admin pages are reachable from anywhere` : `${serviceId} had no address ranges`);
    return 0;
  }
  out("usage: contact-center access list | access clear <serviceId>");
  return 2;
}
