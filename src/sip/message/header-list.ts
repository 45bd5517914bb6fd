import { canonicalHeaderName, LIST_HEADERS, normalizeHeaderName } from "./header-names.ts";
import { splitOutsideQuotes } from "./split.ts";

/**
 * Ordered SIP headers. Names are kept normalized (lowercase long form); order of
 * values with the same name is preserved, as RFC 3261 §7.3.1 requires for Via and Route.
 */
export class HeaderList {
  private readonly entries: Array<[string, string]> = [];

  constructor(entries?: Iterable<[string, string]>) {
    if (entries) for (const [n, v] of entries) this.append(n, v);
  }

  /** First value of a header, or undefined. For list headers this is the first element. */
  get(name: string): string | undefined {
    const key = normalizeHeaderName(name);
    for (const [n, v] of this.entries) {
      if (n === key) return LIST_HEADERS.has(key) ? splitOutsideQuotes(v, ",")[0] : v;
    }
    return undefined;
  }

  /** Every value of a header, comma-separated list values split into elements. */
  getAll(name: string): string[] {
    const key = normalizeHeaderName(name);
    const out: string[] = [];
    for (const [n, v] of this.entries) {
      if (n !== key) continue;
      if (LIST_HEADERS.has(key)) out.push(...splitOutsideQuotes(v, ","));
      else out.push(v);
    }
    return out;
  }

  has(name: string): boolean {
    const key = normalizeHeaderName(name);
    return this.entries.some(([n]) => n === key);
  }

  /** Number of header lines with this name (before splitting lists). */
  countLines(name: string): number {
    const key = normalizeHeaderName(name);
    let count = 0;
    for (const [n] of this.entries) if (n === key) count++;
    return count;
  }

  append(name: string, value: string): this {
    this.entries.push([normalizeHeaderName(name), value]);
    return this;
  }

  /** Insert before every other header of that name (a proxy's own Via, Record-Route). */
  prepend(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const at = this.entries.findIndex(([n]) => n === key);
    if (at < 0) this.entries.push([key, value]);
    else this.entries.splice(at, 0, [key, value]);
    return this;
  }

  /** Replace all values of a header by one. */
  set(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const at = this.entries.findIndex(([n]) => n === key);
    this.remove(key);
    if (at < 0 || at > this.entries.length) this.entries.push([key, value]);
    else this.entries.splice(at, 0, [key, value]);
    return this;
  }

  remove(name: string): this {
    const key = normalizeHeaderName(name);
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]![0] === key) this.entries.splice(i, 1);
    return this;
  }

  /** Remove the first element of a list header (the topmost Via or Route). */
  removeFirst(name: string): string | undefined {
    const key = normalizeHeaderName(name);
    const at = this.entries.findIndex(([n]) => n === key);
    if (at < 0) return undefined;
    const values = splitOutsideQuotes(this.entries[at]![1], ",");
    const first = values.shift();
    if (values.length === 0) this.entries.splice(at, 1);
    else this.entries[at] = [key, values.join(", ")];
    return first;
  }

  clone(): HeaderList {
    return new HeaderList(this.entries.map(([n, v]) => [n, v] as [string, string]));
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    yield* this.entries;
  }

  /** Wire form of every header line, with canonical names. */
  toLines(): string[] {
    return this.entries.map(([n, v]) => `${canonicalHeaderName(n)}: ${v}`);
  }
}
