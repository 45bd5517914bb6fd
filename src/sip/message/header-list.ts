import { canonicalHeaderName, LIST_HEADERS, normalizeHeaderName } from "./header-names.ts";
import { splitOutsideQuotes } from "./split.ts";

/**
 * Ordered SIP headers. Names are kept normalized (lowercase long form); order of
 * values with the same name is preserved, as RFC 3261 §7.3.1 requires for Via and Route.
 */
export class HeaderList {
  // Two parallel arrays rather than one [name, value] tuple per header: a parsed message is
  // ~10 headers, kept alive for 32 s by its transaction, so this saves ~20 arrays per message.
  private readonly names: string[] = [];
  private readonly values: string[] = [];

  constructor(entries?: Iterable<[string, string]>) {
    if (entries) for (const [n, v] of entries) this.append(n, v);
  }

  /** First value of a header, or undefined. For list headers this is the first element. */
  get(name: string): string | undefined {
    const key = normalizeHeaderName(name);
    const at = this.names.indexOf(key);
    if (at < 0) return undefined;
    const v = this.values[at]!;
    return LIST_HEADERS.has(key) ? splitOutsideQuotes(v, ",")[0] : v;
  }

  /** Every value of a header, comma-separated list values split into elements. */
  getAll(name: string): string[] {
    const key = normalizeHeaderName(name);
    const out: string[] = [];
    const list = LIST_HEADERS.has(key);
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] !== key) continue;
      if (list) for (const element of splitOutsideQuotes(this.values[i]!, ",")) out.push(element);
      else out.push(this.values[i]!);
    }
    return out;
  }

  has(name: string): boolean {
    return this.names.indexOf(normalizeHeaderName(name)) >= 0;
  }

  /** Number of header lines with this name (before splitting lists). */
  countLines(name: string): number {
    const key = normalizeHeaderName(name);
    let count = 0;
    for (let i = 0; i < this.names.length; i++) if (this.names[i] === key) count++;
    return count;
  }

  append(name: string, value: string): this {
    return this.appendNormalized(normalizeHeaderName(name), value);
  }

  /** {@link append} for a name already normalized (the parser's). */
  appendNormalized(key: string, value: string): this {
    this.names.push(key);
    this.values.push(value);
    return this;
  }

  /** Insert before every other header of that name (a proxy's own Via, Record-Route). */
  prepend(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const at = this.names.indexOf(key);
    this.insert(at < 0 ? this.names.length : at, key, value);
    return this;
  }

  /** Replace all values of a header by one. */
  set(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const at = this.names.indexOf(key);
    this.remove(key);
    this.insert(at < 0 || at > this.names.length ? this.names.length : at, key, value);
    return this;
  }

  remove(name: string): this {
    const key = normalizeHeaderName(name);
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === key) {
        this.names.splice(i, 1);
        this.values.splice(i, 1);
      }
    }
    return this;
  }

  /** Remove the first element of a list header (the topmost Via or Route). */
  removeFirst(name: string): string | undefined {
    const key = normalizeHeaderName(name);
    const at = this.names.indexOf(key);
    if (at < 0) return undefined;
    const values = splitOutsideQuotes(this.values[at]!, ",");
    const first = values.shift();
    if (values.length === 0) {
      this.names.splice(at, 1);
      this.values.splice(at, 1);
    } else this.values[at] = values.join(", ");
    return first;
  }

  /** Replace the first element of a list header in place (markReceived's rewritten top Via). */
  replaceFirst(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const at = this.names.indexOf(key);
    if (at < 0) return this.append(key, value);
    const current = this.values[at]!;
    if (current.indexOf(",") < 0 && current.trim().length > 0) this.values[at] = value;
    else {
      this.removeFirst(key);
      this.prepend(key, value);
    }
    return this;
  }

  clone(): HeaderList {
    const copy = new HeaderList();
    for (let i = 0; i < this.names.length; i++) {
      copy.names.push(this.names[i]!);
      copy.values.push(this.values[i]!);
    }
    return copy;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i]!, this.values[i]!];
  }

  /**
   * Wire form of every header but `skip` (a normalized name), pushed onto `lines` in pieces to be joined:
   * `Name: value` lines with canonical names, each ending in CRLF.
   */
  wireLines(skip: string, lines: string[]): string[] {
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      if (name !== skip) lines.push(canonicalHeaderName(name), ": ", this.values[i]!, "\r\n");
    }
    return lines;
  }

  private insert(at: number, key: string, value: string): void {
    if (at >= this.names.length) {
      this.names.push(key);
      this.values.push(value);
    } else {
      this.names.splice(at, 0, key);
      this.values.splice(at, 0, value);
    }
  }
}
