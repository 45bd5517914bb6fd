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
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 60 /* < */) depth++;
    else if (c === 62 /* > */) depth = depth > 0 ? depth - 1 : 0;
    else if (c === sepCode && depth === 0) {
      pushTrimmed(parts, value.slice(start, i));
      start = i + 1;
    }
  }
  pushTrimmed(parts, value.slice(start));
  return parts;
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
