import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { Hono, type Context } from "hono";
import { TraceList, TraceMessagesPage, TracePage, TraceSection, type TraceProps } from "../../../views/index.ts";
import { TRACE_LIMITS, traceFiles } from "../../cc/index.ts";
import type { SipTrace } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** The page shows at most this much of a trace's text; the pcap holds everything. */
const TEXT_SHOWN = 512 * 1024;

/** The first `limit` bytes of a file ("" when it does not exist yet). */
function head(path: string, limit: number): { text: string; size: number } {
  if (!existsSync(path)) return { text: "", size: 0 };
  const size = statSync(path).size;
  const buffer = Buffer.alloc(Math.min(size, limit));
  const fd = openSync(path, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  return { text: buffer.toString("utf8"), size };
}

/** SIP trace on demand (X6): every change through `deps.admin.traces`, files read from `<dataDir>/traces`. */
export function traceRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const serviceId = (c: Context<ServiceEnv>) => c.get("service").serviceId;
  /** The trace of this service named in the path, or undefined (another service's is not found either). */
  const traceOf = (c: Context<ServiceEnv>): SipTrace | undefined => {
    const t = deps.repos.traces.get(c.req.param("traceId") ?? "");
    return t && t.serviceId === serviceId(c) ? t : undefined;
  };
  const render = (c: Context<ServiceEnv>, extra: Partial<TraceProps> = {}, status: 200 | 422 = 200) => {
    const props: TraceProps = {
      frame: frameOf(c, deps),
      timeZone: c.get("service").timezone,
      traces: deps.admin.traces.list(serviceId(c)),
      limits: { max: TRACE_LIMITS.maxConcurrent, minutes: TRACE_LIMITS.maxMinutes },
      started: c.req.query("started") === "1",
      ...extra,
    };
    return respond(c, () => <TracePage {...props} />, () => (status === 200 ? <TraceList {...props} /> : <TraceSection {...props} />), status);
  };

  app.get("/", (c) => render(c));

  app.post("/", async (c) => {
    const f = await formFields(c);
    const values = { filter: String(f.filter ?? ""), minutes: String(f.minutes ?? "") };
    const done = await attempt(() => deps.admin.traces.start(memberActor(c, deps), { ...values, serviceId: serviceId(c) }));
    if (!done.ok) return render(c, { values, errors: done.errors }, 422);
    return c.redirect(areaUrl(c, "trace", "?started=1"), 303);
  });

  app.post("/:traceId/stop", async (c) => {
    const done = await attempt(() => deps.admin.traces.stop(memberActor(c, deps), c.req.param("traceId"), serviceId(c)));
    if (!done.ok && done.status === 404) return c.text("Not found", 404);
    return c.redirect(areaUrl(c, "trace", "?done=saved"), 303);
  });

  app.get("/:traceId", (c) => {
    const t = traceOf(c);
    if (!t) return c.text("Not found", 404);
    const { text, size } = head(traceFiles(deps.config.dataDir, t.traceId).text, TEXT_SHOWN);
    audit(c, "view", `sip trace ${t.traceId}`);
    c.header("Cache-Control", "no-store");
    return c.html(<TraceMessagesPage frame={frameOf(c, deps)} timeZone={c.get("service").timezone} trace={t} text={text} truncated={size > TEXT_SHOWN} shownBytes={TEXT_SHOWN} />);
  });

  app.get("/:traceId/pcap", (c) => {
    const t = traceOf(c);
    const path = t && traceFiles(deps.config.dataDir, t.traceId).pcap;
    if (!t || !path || !existsSync(path)) return c.text("Not found", 404);
    audit(c, "download", `sip trace ${t.traceId}`);
    return new Response(readFileSync(path), {
      headers: {
        "Content-Type": "application/vnd.tcpdump.pcap",
        "Content-Disposition": `attachment; filename="sip-trace-${t.traceId}.pcap"`,
        "Cache-Control": "no-store",
      },
    });
  });
  return app;
}
