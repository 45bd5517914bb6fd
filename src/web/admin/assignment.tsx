import { Hono, type Context } from "hono";
import { AssignmentPage, AssignmentSection, type AssignmentProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields, many } from "./form.ts";
import { previewFirst } from "./change-preview.tsx";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** Assignment (G6): agents ↔ queues, many-to-many; saved all at once or not at all. */
export function assignmentRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, extra: Partial<AssignmentProps> = {}, status: 200 | 422 = 200) => {
    const id = c.get("service").serviceId;
    const props: AssignmentProps = {
      frame: frameOf(c, deps),
      queues: deps.repos.queues.list(id),
      agents: deps.repos.agents.list(id),
      saved: c.req.query("saved") === "1",
      ...extra,
    };
    return respond(c, () => <AssignmentPage {...props} />, () => <AssignmentSection {...props} />, status);
  };

  app.get("/", (c) => render(c));

  app.post("/", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const known = new Set(deps.repos.agents.list(id).map((a) => a.loginId));
    const queues = deps.repos.queues.list(id);
    const wanted = queues.map((q) => ({ queueId: q.queueId, loginIds: [...new Set(many(fields[`queue.${q.queueId}`]))] }));
    const queueIds = new Set(queues.map((q) => `queue.${q.queueId}`));
    const strayQueue = Object.keys(fields).some((k) => k.startsWith("queue.") && !queueIds.has(k));
    if (strayQueue || wanted.some((w) => w.loginIds.some((l) => !known.has(l)))) {
      return render(c, { errors: { _form: "unknown" } }, 422);
    }
    // Issue 9: a queue left without an agent strands its callers; say so, and save only when confirmed.
    const blocked = new Set(deps.repos.agents.list(id).filter((a) => a.blocked).map((a) => a.loginId));
    const stranded = queues.filter((q) => !wanted.find((w) => w.queueId === q.queueId)!.loginIds.some((l) => !blocked.has(l)));
    if (stranded.length && fields.confirmEmpty !== "1") {
      const shown = queues.map((q) => ({ ...q, agents: wanted.find((w) => w.queueId === q.queueId)!.loginIds }));
      return render(c, { queues: shown, stranded: stranded.map((q) => `${q.digit} ${q.name}`) });
    }
    // Issue 17 point 6: which of the last 7 days' calls would have reached other agents, before saving.
    const preview = previewFirst(c, deps, "assignment", { change: "assignment", queues: wanted.map((w) => ({ queueId: w.queueId, agents: w.loginIds })) }, fields);
    if (preview) return preview;
    const done = await attempt(() => deps.admin.queues.assign(memberActor(c, deps), id, wanted));
    if (!done.ok) return render(c, { errors: { _form: "unknown" } }, 422);
    return c.redirect(areaUrl(c, "assignment", "?saved=1"), 303);
  });
  return app;
}
