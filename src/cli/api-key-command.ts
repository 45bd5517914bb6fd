import { COMMAND_LINE, RuleError, type Administration } from "../cc/index.ts";

/**
 * `contact-center api-key add <name>` / `list` / `revoke <name>` (X3): keys for integrations, each
 * named so the audit log says which one did what. The key is printed once. Returns the exit code.
 */
export function runApiKeyCommand(args: string[], admin: Administration, out: (line: string) => void): number {
  const [verb, name] = args;
  try {
    if (verb === "list") {
      const keys = admin.apiKeys.list();
      out("organization\t(the organization's own key)");
      for (const k of keys) out(`${k.name}\tcreated ${new Date(k.createdAt).toISOString()}`);
      return 0;
    }
    if (verb === "add" && name) {
      const key = admin.apiKeys.add(COMMAND_LINE, { name });
      out(`API key "${name}" (shown only now): ${key}`);
      return 0;
    }
    if (verb === "revoke" && name) {
      admin.apiKeys.revoke(COMMAND_LINE, name);
      out(`revoked API key "${name}"`);
      return 0;
    }
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    out(`refused: ${Object.entries(e.fields ?? {}).map(([k, v]) => `${k} ${v}`).join(", ") || e.code}`);
    return 1;
  }
  out("usage: contact-center api-key list | api-key add <name> | api-key revoke <name>");
  return 2;
}
