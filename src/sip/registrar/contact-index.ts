/**
 * Which extensions hold a Contact URI, for `Registrar.findByContact` on every in-dialog request the proxy routes
 * (issue 12: it was a walk over every binding, ≈ 400 per ACK and BYE in `npm run bench`). Written only when a
 * contact is new to an extension or leaves it, never on a refresh, so the collector does not revisit it per
 * REGISTER. A contact is usually held by one extension; a phone may register one Contact for two lines.
 */
export class ContactIndex {
  private readonly holders = new Map<string, string[]>();

  add(contact: string, aor: string): void {
    const aors = this.holders.get(contact);
    if (!aors) this.holders.set(contact, [aor]);
    else if (!aors.includes(aor)) aors.push(aor);
  }

  remove(contact: string, aor: string): void {
    const aors = this.holders.get(contact);
    if (!aors) return;
    const at = aors.indexOf(aor);
    if (at < 0) return;
    if (aors.length === 1) this.holders.delete(contact);
    else aors.splice(at, 1);
  }

  /** The extensions holding `contact`, oldest first (empty when none). */
  aorsOf(contact: string): readonly string[] {
    return this.holders.get(contact) ?? [];
  }
}
