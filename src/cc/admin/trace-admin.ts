import { z } from "zod";
import { randomToken } from "../../lib/index.ts";
import type { SipTrace } from "../../store/index.ts";
import { cleanDialString, numberForms } from "../routing/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";
import { TRACE_LIMITS } from "./trace-files.ts";
import { TraceSync, type TraceControl } from "./trace-sync.ts";

/** A trace request (X6): one number or extension, for 1 to 60 minutes; `serviceId` scopes a page's request. */
export const traceStartSchema = z.object({
  filter: z
    .string("required")
    .trim()
    .min(1, "required")
    .max(40, "tooLong")
    .transform(cleanDialString)
    .refine((f) => /^\+?[0-9*#]{2,32}$/.test(f), "format"),
  minutes: z.coerce.number("number").int("number").min(1, "range").max(TRACE_LIMITS.maxMinutes, "range").default(10),
  serviceId: z.string().optional(),
});
export type TraceStartInput = z.input<typeof traceStartSchema>;

/** Every form a number may arrive in: as given, and Korean national ⇄ E.164 (+82) forms. */
export function traceForms(filter: string): string[] {
  const forms = new Set(numberForms(filter));
  const national = /^0(\d{5,})$/.exec(filter);
  if (national) forms.add(`+82${national[1]}`);
  if (/^1\d{7}$/.test(filter)) forms.add(`+82${filter}`); // nationwide numbers (1588-xxxx)
  return [...forms];
}

/** A trace id that sorts by time and names its files: 20250301-142500-k3x9. */
const newTraceId = (now: number) => `${new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}-${randomToken(4)}`;

/** SIP traces on demand (X6): started and stopped from the pages and the command line, run by the appliance. */
export class TraceAdmin {
  private runner?: TraceSync;

  constructor(private readonly ctx: AdminContext) {}

  /** Record a trace of a known number or extension; the appliance starts it within a poll. */
  start(actor: Actor, input: TraceStartInput): SipTrace {
    const v = parseInput(traceStartSchema, input);
    const { repos, clock } = this.ctx;
    const trace = this.ctx.changes.commit(actor, () => {
      const owner = this.ownerOf(v.filter);
      if (!owner || (v.serviceId !== undefined && owner !== v.serviceId)) throw refuse("filter", "traceFilter");
      if (repos.traces.open().length >= TRACE_LIMITS.maxConcurrent) throw refuse("filter", "traceLimit", 409);
      const now = clock.now();
      const t = repos.traces.create({ traceId: newTraceId(now), serviceId: owner, filter: v.filter, minutes: v.minutes, createdBy: actor.id, createdAt: now, endsAt: now + v.minutes * 60_000 });
      return { serviceId: owner, action: "create", target: `sip trace ${t.traceId} (${t.filter}, ${t.minutes} min)`, after: { filter: t.filter, minutes: t.minutes }, result: t };
    });
    this.runner?.sync();
    return repos.traces.get(trace.traceId) ?? trace;
  }

  /** End a pending or running trace (within `serviceId` when a page asks). */
  stop(actor: Actor, traceId: string, serviceId?: string): SipTrace {
    const { repos, clock } = this.ctx;
    this.ctx.changes.commit(actor, () => {
      const t = this.get(traceId, serviceId);
      if (t.state === "ended") throw refuse("traceId", "traceEnded", 409);
      repos.traces.end(traceId, clock.now(), "stopped");
      return { serviceId: t.serviceId, action: "update", target: `sip trace ${traceId} (stopped)`, before: { state: t.state }, after: { state: "ended" }, result: undefined };
    });
    this.runner?.sync();
    return repos.traces.get(traceId)!;
  }

  /** The newest traces of a service, or of every service. */
  list(serviceId?: string): SipTrace[] {
    return this.ctx.repos.traces.list(serviceId);
  }

  /** One trace (of `serviceId` when given), or a 404 RuleError. */
  get(traceId: string, serviceId?: string): SipTrace {
    const t = this.ctx.repos.traces.get(traceId);
    if (!t || (serviceId !== undefined && t.serviceId !== serviceId)) throw missing("trace");
    return t;
  }

  /** In the appliance: run traces with the SIP layer's tracer, polling the table; returns the stop. */
  run(control: TraceControl, dataDir: string, everyMs = 1000): { stop(): void } {
    const runner = new TraceSync(this.ctx, control, dataDir, traceForms);
    this.runner = runner;
    runner.start(everyMs);
    return {
      stop: () => {
        runner.stop();
        if (this.runner === runner) this.runner = undefined;
      },
    };
  }

  /** The service a number or extension belongs to: an agent's extension, a trunk DID, a representative number. */
  private ownerOf(filter: string): string | undefined {
    const { repos } = this.ctx;
    const agent = repos.agents.findByExtension(filter);
    if (agent) return agent.serviceId;
    const forms = new Set(traceForms(filter));
    const did = repos.trunks.allNumbers().find((n) => forms.has(cleanDialString(n.number)));
    if (did) return did.serviceId;
    return repos.services.list().find((s) => s.number && forms.has(cleanDialString(s.number)))?.serviceId;
  }
}
