import { z } from "zod";
import type { AgentPrefs, CallRecord, Notice } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

/** The most characters of a call's inquiry/action notes (A6: 1024). */
export const NOTES_MAX = 1024;

/** A call's wrap-up (A6): consultation type ("" = none) and inquiry/action notes (line ends kept as \n). */
export const callNotesSchema = z.object({
  callId: z.string().min(1, "required").max(64, "tooLong"),
  typeId: z.string().trim().max(20, "tooLong").regex(/^\d*$/, "format").default(""),
  notes: z
    .string()
    .max(NOTES_MAX * 4, "tooLong")
    .transform((s) => s.replace(/\r\n?/g, "\n"))
    .refine((s) => [...s].length <= NOTES_MAX, "tooLong"),
});
export type CallNotesInput = z.input<typeof callNotesSchema>;

/** The agent's own console settings (A3 screen-pop, A5 softphone or desk phone). */
export const agentPrefsSchema = z.object({
  screenPop: z.boolean(),
  phoneMode: z.enum(["softphone", "desk"], "format"),
});
export type AgentPrefsInput = z.input<typeof agentPrefsSchema>;

/** A notice to agents (A11), posted by a service admin (this service) or an org admin (all services). */
export const noticeSchema = z.object({
  title: z.string().trim().min(1, "required").max(100, "tooLong"),
  body: z.string().trim().min(1, "required").max(2000, "tooLong"),
  everyService: z.boolean().default(false),
});
export type NoticeInput = z.input<typeof noticeSchema>;

/**
 * What the agent console changes (A6, A11): a call's consultation type and notes (saved at wrap-up,
 * editable later from history, H2), the agent's console settings, notices read; and the notices
 * admins post for the consoles.
 */
export class ConsoleAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** Save the type and notes of a call the agent answered; refused whole (nothing saved is lost) when a field is wrong. */
  saveNotes(actor: Actor, serviceId: string, loginId: string, input: CallNotesInput): CallRecord {
    const v = parseInput(callNotesSchema, input);
    const { repos } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      const before = repos.calls.get(v.callId);
      if (!before || before.serviceId !== serviceId || before.agent !== loginId) throw missing("callId");
      const type = v.typeId ? repos.consultationTypes.get(serviceId, Number(v.typeId)) : undefined;
      if (v.typeId && (!type || (type.retired && before.type !== v.typeId))) throw refuse("typeId", "unknown");
      const patch = { type: v.typeId || null, notes: v.notes };
      repos.calls.update(v.callId, patch);
      return {
        serviceId, action: "notes", target: `calls/${v.callId}`,
        before: { type: before.type, notes: before.notes }, after: patch, result: { ...before, ...patch },
      };
    });
  }

  /** The agent's screen-pop and phone mode. */
  setPrefs(actor: Actor, serviceId: string, loginId: string, input: AgentPrefsInput): AgentPrefs {
    const v = parseInput(agentPrefsSchema, input);
    const { repos } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      if (!repos.agents.get(serviceId, loginId)) throw missing("agent");
      const before = repos.agentConsole.prefs(serviceId, loginId);
      const after = { ...before, ...v };
      repos.agentConsole.putPrefs(serviceId, loginId, after);
      return {
        serviceId, action: "update", target: `agents/${loginId}/console-settings`,
        before: { screenPop: before.screenPop, phoneMode: before.phoneMode }, after: v, result: after,
      };
    });
  }

  /** The agent read the notices up to now: a mark of the agent's own, not a change of the center (not audited). */
  noticesSeen(serviceId: string, loginId: string): void {
    const { repos, clock } = this.ctx;
    if (!repos.agents.get(serviceId, loginId)) return;
    repos.agentConsole.putPrefs(serviceId, loginId, { ...repos.agentConsole.prefs(serviceId, loginId), noticesSeenAt: clock.now() });
  }

  /** Post a notice; `everyService` (organization-wide) only for an org admin (the door checks the role). */
  postNotice(actor: Actor, serviceId: string, input: NoticeInput, orgAdmin: boolean): Notice {
    const v = parseInput(noticeSchema, input);
    if (v.everyService && !orgAdmin) throw refuse("everyService", "forbidden", 422);
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const n = this.ctx.repos.notices.add({ serviceId: v.everyService ? undefined : serviceId, title: v.title, body: v.body, author: actor.id }, this.ctx.clock.now());
      return { serviceId, action: "create", target: `notices/${n.id} (${n.title})`, after: n, result: n };
    });
  }

  /** Remove a notice of this service (or, for an org admin, an organization-wide one). */
  removeNotice(actor: Actor, serviceId: string, id: number, orgAdmin: boolean): void {
    this.ctx.changes.commit(actor, () => {
      const before = this.ctx.repos.notices.get(id);
      if (!before || (before.serviceId !== serviceId && !(before.serviceId === undefined && orgAdmin))) throw missing("notice");
      this.ctx.repos.notices.remove(id);
      return { serviceId, action: "delete", target: `notices/${id} (${before.title})`, before, result: undefined };
    });
  }
}
