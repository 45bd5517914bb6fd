import { z } from "zod";
import type { Queue } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import type { FlowAdmin } from "./flow-admin.ts";
import type { PromptAdmin } from "./prompt-admin.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

/** A queue (menu entry connecting to agents, C4/C5) with its agents (G6). */
export const newQueueSchema = z.object({
  queueId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "format"),
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  digit: z.string().regex(/^[0-9]$/, "format"),
  callback: z.boolean().default(false),
  agents: z.array(z.string()).default([]),
});
export type NewQueueInput = z.input<typeof newQueueSchema>;

/** A menu entry from the menu page (C4): a queue needs a name, an information message its text. */
export const menuEntryInputSchema = z
  .object({
    digit: z.string().regex(/^[0-9]$/, "format"),
    kind: z.enum(["queue", "info"], "format"),
    name: z.string().trim().max(50, "tooLong").default(""),
    callback: z.boolean().default(false),
    text: z.string().trim().max(200, "tooLong").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "queue" && !v.name) ctx.addIssue({ code: "custom", path: ["name"], message: "required" });
    if (v.kind === "info" && !v.text) ctx.addIssue({ code: "custom", path: ["text"], message: "required" });
  });
export type MenuEntryInput = z.input<typeof menuEntryInputSchema>;

/** The prompt of the information message on a menu key. */
export const infoPrompt = (digit: string) => `custom:info-${digit}`;

/** Queues, menu entries and the assignment of agents to queues (C4, C5, G6). */
export class QueueAdmin {
  constructor(
    private readonly ctx: AdminContext,
    private readonly flows: FlowAdmin,
    private readonly prompts: PromptAdmin,
  ) {}

  /** Add a queue with its agents (REST API). */
  create(actor: Actor, serviceId: string, input: NewQueueInput): Queue {
    const v = parseInput(newQueueSchema, input);
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      if (this.ctx.repos.queues.get(serviceId, v.queueId)) throw refuse("queueId", "duplicate", 409);
      if (this.digitTaken(serviceId, v.digit)) throw refuse("digit", "duplicate", 409);
      this.checkAgents(serviceId, v.agents, "agents");
      this.ctx.repos.queues.create({ serviceId, queueId: v.queueId, name: v.name, digit: v.digit, callback: v.callback }, this.ctx.clock.now());
      const q = this.ctx.repos.queues.setAgents(serviceId, v.queueId, v.agents)!;
      return { serviceId, action: "create", target: `queues/${q.queueId}`, after: q, result: q };
    });
  }

  /** Replace the agents of one queue (G6). */
  setAgents(actor: Actor, serviceId: string, queueId: string, loginIds: string[]): Queue {
    return this.assign(actor, serviceId, [{ queueId, loginIds }], () => "loginIds")[0]!;
  }

  /** Replace the agents of several queues at once (the assignment page, G6): all or nothing. */
  assign(actor: Actor, serviceId: string, wanted: { queueId: string; loginIds: string[] }[], field = (queueId: string) => `queue.${queueId}`): Queue[] {
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const before = wanted.map((w) => this.ctx.repos.queues.get(serviceId, w.queueId) ?? (() => { throw missing("queue"); })());
      const after = wanted.map((w, i) => {
        this.checkAgents(serviceId, w.loginIds, field(w.queueId));
        return this.ctx.repos.queues.setAgents(serviceId, before[i]!.queueId, [...new Set(w.loginIds)])!;
      });
      const target = `assignment (${after.map((q) => `${q.queueId}: ${q.agents.join(" ")}`).join("; ")})`;
      return { serviceId, action: "update", target, before: before.map(agentsOf), after: after.map(agentsOf), result: after };
    });
  }

  /** Add a menu entry (C4): a new queue on the key, or an information message spoken by TTS. */
  async addMenuEntry(actor: Actor, serviceId: string, input: MenuEntryInput): Promise<void> {
    const v = parseInput(menuEntryInputSchema, input);
    if (this.digitTaken(serviceId, v.digit)) throw refuse("digit", "duplicate", 409);
    if (v.kind === "queue") {
      let queueId = `menu${v.digit}`;
      for (let i = 2; this.ctx.repos.queues.get(serviceId, queueId); i++) queueId = `menu${v.digit}-${i}`;
      this.ctx.changes.commit(actor, () => {
        serviceOf(this.ctx, serviceId);
        const q = this.ctx.repos.queues.create({ serviceId, queueId, name: v.name, digit: v.digit, callback: v.callback }, this.ctx.clock.now());
        return { serviceId, action: "create", target: `menu/${v.digit} (queue ${queueId})`, after: q, result: q };
      });
      return;
    }
    const prompt = infoPrompt(v.digit);
    this.flows.change(actor, serviceId, "create", `menu/${v.digit} (information message)`, (f) => {
      this.prompts.storeText(serviceId, prompt, v.text);
      return { ...f, menu: [...f.menu, { digit: v.digit, kind: "info", prompt }] };
    });
    await this.prompts.speak(serviceId, prompt, v.text);
  }

  /** Remove the entry on a key: its queue, or its information message (C4). */
  removeMenuEntry(actor: Actor, serviceId: string, digit: string): void {
    const queue = this.ctx.repos.queues.list(serviceId).find((q) => q.digit === digit);
    const info = this.flows.read(serviceId).menu.some((m) => m.digit === digit);
    if (!queue && !info) throw refuse("digit", "notFound", 404);
    this.flows.change(actor, serviceId, "delete", `menu/${digit}`, (f) => {
      if (queue) this.ctx.repos.queues.remove(serviceId, queue.queueId);
      return { ...f, menu: f.menu.filter((m) => m.digit !== digit) };
    });
  }

  private digitTaken(serviceId: string, digit: string): boolean {
    return this.ctx.repos.queues.list(serviceId).some((q) => q.digit === digit) || this.flows.read(serviceId).menu.some((m) => m.digit === digit);
  }

  private checkAgents(serviceId: string, loginIds: string[], field: string): void {
    const known = new Set(this.ctx.repos.agents.list(serviceId).map((a) => a.loginId));
    if (loginIds.some((l) => !known.has(l))) throw refuse(field, "unknown");
  }
}

const agentsOf = (q: Queue) => ({ queueId: q.queueId, agents: q.agents });
