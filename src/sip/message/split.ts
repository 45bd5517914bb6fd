/**
 * Split a header value on `sep` outside quoted strings and <...> (RFC 3261 §7.3.1:
 * commas inside quotes or angle brackets do not separate values).
 */
export function splitOutsideQuotes(value: string, sep: string): string[] {
  // Hot path (every Via, Contact, parameter list): most values hold no separator at all.
  if (value.indexOf(sep) < 0) {
    const only = value.trim();
    return only.length > 0 ? [only] : [];
  }
  const parts: string[] = [];
  const sepCode = sep.charCodeAt(0);
  for (let from = 0; ; ) {
    const to = partEnd(value, from, sepCode);
    pushTrimmed(parts, value.slice(from, to));
    if (to >= value.length) return parts;
    from = to + 1;
  }
}

/**
 * Where the part of `value` starting at `from` ends: the next `sepCode` outside quoted strings and
 * <...>, or the end of `value`. A part starts outside both, so each is scanned on its own.
 */
export function partEnd(value: string, from: number, sepCode: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 60 /* < */) depth++;
    else if (c === 62 /* > */) depth = depth > 0 ? depth - 1 : 0;
    else if (c === sepCode && depth === 0) return i;
  }
  return value.length;
}

/** The first index in [from, to) of `text` that is not ASCII whitespace (`to` when none). */
export function skipSpace(text: string, from: number, to: number): number {
  while (from < to && isAsciiSpace(text.charCodeAt(from))) from++;
  return from;
}

/** The end of [from, to) of `text` with trailing ASCII whitespace left off. */
export function backOverSpace(text: string, from: number, to: number): number {
  while (to > from && isAsciiSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

/** `text.slice(from, to).trim()`, without the untrimmed string in between when the ends are ASCII. */
export function trimmedSlice(text: string, from: number, to: number): string {
  from = skipSpace(text, from, to);
  to = backOverSpace(text, from, to);
  // Other whitespace at an end (NBSP, U+FEFF …): trim() decides, as it always did.
  if (from < to && (text.charCodeAt(from) > 127 || text.charCodeAt(to - 1) > 127)) return text.slice(from, to).trim();
  return text.slice(from, to);
}

/** SP and TAB, LF, VT, FF, CR: the ASCII characters trim() removes. */
export function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function pushTrimmed(parts: string[], part: string): void {
  const trimmed = part.trim();
  if (trimmed.length > 0) parts.push(trimmed);
}

/** Parse `;a=b;c` parameters into a map (names lowercased, values unquoted). */
export function parseParams(text: string): Map<string, string | null> {
  const params = new Map<string, string | null>();
  for (const part of splitOutsideQuotes(text, ";")) {
    const eq = part.indexOf("=");
    if (eq < 0) params.set(part.trim().toLowerCase(), null);
    else params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  return params;
}

/** Remove surrounding quotes and backslash escapes of a quoted-string. */
export function unquote(value: string): string {
  if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
    const inner = value.slice(1, -1);
    return inner.indexOf("\\") < 0 ? inner : inner.replace(/\\(.)/g, "$1");
  }
  return value;
}
