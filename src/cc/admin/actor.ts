import type { AuditActorKind } from "../../store/index.ts";

/**
 * Who asks for a change or a look (H5): a member signed in to the pages, a named API key, the
 * command line, an agent in the console, or the appliance itself. Every door names its actor.
 */
export interface Actor {
  kind: AuditActorKind;
  /** Member or agent login id, API key name, "(command line)", "(system)". */
  id: string;
  /** The client address, when the door has one. */
  ip?: string;
}

export const COMMAND_LINE: Actor = Object.freeze({ kind: "cli", id: "(command line)" });
export const SYSTEM: Actor = Object.freeze({ kind: "system", id: "(system)" });
