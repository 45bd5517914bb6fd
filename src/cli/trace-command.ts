import { COMMAND_LINE, RuleError, TRACE_LIMITS, traceFiles, type Administration } from "../cc/index.ts";
import type { SipTrace } from "../store/index.ts";

const USAGE = "usage: contact-center trace start <number|extension> [--minutes N] | trace list | trace stop <traceId>";

/** What a refused field means, in the command line's words. */
const REASONS: Record<string, string> = {
  required: "is required",
  format: "must be a number or an extension (digits, optionally + * #)",
  tooLong: "is too long",
  traceFilter: "is not a representative number, trunk number or extension of any service",
  traceLimit: `is refused: ${TRACE_LIMITS.maxConcurrent} traces are open already (stop one first)`,
  number: "must be a whole number",
  range: `must be between 1 and ${TRACE_LIMITS.maxMinutes}`,
  notFound: "does not exist",
  traceEnded: "has ended already",
};

const when = (ms?: number) => (ms === undefined ? "-" : new Date(ms).toISOString().slice(0, 19).replace("T", " "));

function line(t: SipTrace): string {
  return [t.traceId, t.state + (t.endReason ? ` (${t.endReason})` : ""), t.serviceId, t.filter, `${t.minutes} min`, when(t.startedAt), when(t.endsAt), `${t.messages} msgs`, `${t.bytes} B`].join("\t");
}

/**
 * `contact-center trace start|list|stop` (X6). The command line runs apart from the appliance:
 * it records the request through the domain (validated and audited like the pages), and the
 * running appliance picks it up within a second. Returns the process exit code.
 */
export function runTraceCommand(args: string[], admin: Administration, dataDir: string, out: (line: string) => void): number {
  const [verb, arg, ...rest] = args;
  try {
    if (verb === "list" && !arg) {
      const traces = admin.traces.list();
      if (traces.length === 0) out("no SIP traces");
      for (const t of traces) out(line(t));
      return 0;
    }
    if (verb === "start" && arg) {
      const at = rest.indexOf("--minutes");
      if ((at < 0 && rest.length) || (at >= 0 && rest.length !== 2)) return usage(out);
      const t = admin.traces.start(COMMAND_LINE, { filter: arg, minutes: at >= 0 ? rest[at + 1] : undefined });
      out(`trace ${t.traceId} of ${t.filter} (service ${t.serviceId}) for ${t.minutes} min recorded; the running appliance starts it within a second`);
      out(`capture: ${traceFiles(dataDir, t.traceId).pcap}`);
      return 0;
    }
    if (verb === "stop" && arg && !rest.length) {
      const t = admin.traces.stop(COMMAND_LINE, arg);
      out(`trace ${t.traceId} stopped (${t.messages} messages)`);
      return 0;
    }
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    for (const [field, key] of Object.entries(e.fields ?? { request: e.code })) out(`error: ${field === "traceId" || field === "trace" ? "trace" : field} ${REASONS[key] ?? key}`);
    return 1;
  }
  return usage(out);
}

function usage(out: (line: string) => void): number {
  out(USAGE);
  return 2;
}
