/** RFC 3261 §7.3.3 compact forms (and later RFCs' ones) mapped to long names, lowercased. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  i: "call-id",
  m: "contact",
  e: "content-encoding",
  l: "content-length",
  c: "content-type",
  f: "from",
  s: "subject",
  k: "supported",
  t: "to",
  v: "via",
  o: "event",
  r: "refer-to",
  b: "referred-by",
  u: "allow-events",
  x: "session-expires",
  a: "accept-contact",
  j: "reject-contact",
  d: "request-disposition",
  y: "identity",
  n: "identity-info",
};

const CANONICAL: Readonly<Record<string, string>> = {
  "call-id": "Call-ID",
  cseq: "CSeq",
  "www-authenticate": "WWW-Authenticate",
  "mime-version": "MIME-Version",
  "record-route": "Record-Route",
  "rseq": "RSeq",
  "rack": "RAck",
};

/** Headers whose values may be comma-separated lists (RFC 3261 §7.3.1). */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  "via",
  "contact",
  "route",
  "record-route",
  "allow",
  "supported",
  "require",
  "proxy-require",
  "unsupported",
  "accept",
  "accept-encoding",
  "accept-language",
  "allow-events",
  "content-encoding",
  "in-reply-to",
]);

/** Lowercase long form of a header name as found on the wire. */
export function normalizeHeaderName(name: string): string {
  // Every header of every message passes here: reuse the lowercased string rather than allocate one.
  const known = normalized.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const result = name.length === 1 ? (COMPACT_FORMS[lower] ?? lower) : lower;
  if (normalized.size < 1024) normalized.set(name, result); // bounded: names come from peers
  return result;
}

const normalized = new Map<string, string>();

/** The usual capitalisation of a normalized header name, for serializing. */
export function canonicalHeaderName(lower: string): string {
  const known = CANONICAL[lower] ?? seen.get(lower);
  if (known) return known;
  const name = lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
  // Serializing runs this for every header of every message: remember names (bounded: names come from peers).
  if (seen.size < 512) seen.set(lower, name);
  return name;
}

const seen = new Map<string, string>();
