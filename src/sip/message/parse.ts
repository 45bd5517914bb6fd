import { HeaderList } from "./header-list.ts";
import { normalizeHeaderName } from "./header-names.ts";
import { splitOutsideQuotes, trimmedSlice } from "./split.ts";
import { parseUri } from "./uri.ts";
import { validateNameAddr, validateVia } from "./validate.ts";
import { rememberTopVia } from "./via.ts";
import { SipParseError, type SipMessage, type SipRequest, type SipResponse } from "./types.ts";

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const VERSION_RE = /^SIP\/\d+\.\d+$/i;
const STATUS_LINE_RE = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/i;
const CSEQ_RE = /^(\d{1,10})\s+([^\s]+)$/;
const MAX_UINT32 = 0xffffffff;
const decoder = new TextDecoder("utf-8", { fatal: false });
const encoder = new TextEncoder();

/** Error that still carries what was understood, so a 400 can be addressed to the sender. */
export class SipRequestError extends SipParseError {
  constructor(
    message: string,
    readonly partial: SipRequest,
    status = 400,
  ) {
    super(message, status);
  }
}

/**
 * Parse one SIP message from a datagram or a framed stream chunk (RFC 3261 §7).
 * Throws SipParseError for garbage and for any broken response (nothing to answer: drop it);
 * SipRequestError when a request is understood enough to answer it with `status`
 * (400, 416 for an unknown Request-URI scheme, 505 for an unknown SIP version). Pure: no I/O.
 * With `stream`, Content-Length is mandatory (RFC 3261 §18.3).
 */
export function parseMessage(data: Uint8Array | string, options: { stream?: boolean } = {}): SipMessage {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  let start = 0;
  // RFC 3261 §7.5: "implementations processing SIP messages over stream-oriented transports
  // MUST ignore any CRLF appearing before the start-line".
  while (start + 1 < bytes.length && bytes[start] === 13 && bytes[start + 1] === 10) start += 2;
  const headEnd = findHeaderEnd(bytes, start);
  if (headEnd < 0) throw new SipParseError("no end of headers");
  // The header lines are read in place in the decoded text (issue 12): a name and a value are the only
  // strings made per line, no substring per line and none for trimming (each is an allocation).
  const text = decoder.decode(bytes.subarray(start, headEnd));
  const n = text.length;
  const firstEnd = text.indexOf("\r\n");
  const startLine = firstEnd < 0 ? text : text.slice(0, firstEnd);
  const headers = new HeaderList();
  const facts = newFacts();
  let headerError: string | undefined;
  let name: string | undefined;
  let value = "";
  // [from, to) is the line being read; next is where the one after it starts (-1: none).
  for (let from = firstEnd < 0 ? -1 : firstEnd + 2; from >= 0; ) {
    const crlf = text.indexOf("\r\n", from);
    const to = crlf < 0 ? n : crlf;
    const next = crlf < 0 ? -1 : crlf + 2;
    const first = from < to ? text.charCodeAt(from) : -1;
    // §7.3.1: a line starting with SP or HTAB continues the previous header value (folding).
    if (first === 32 || first === 9) {
      if (name !== undefined) {
        const more = trimmedSlice(text, from, to);
        value = value === "" ? more : `${value} ${more}`;
      } else headerError ??= "continuation line without a header";
      from = next;
      continue;
    }
    if (name !== undefined) {
      headers.appendNormalized(name, value);
      note(facts, name, value);
    }
    name = undefined;
    if (from < to) {
      const colon = text.indexOf(":", from);
      const candidate = colon > from && colon < to ? trimmedSlice(text, from, colon) : "";
      const key = checkedNames.get(candidate) ?? checkName(candidate);
      if (key === undefined) headerError ??= `bad header line: ${text.slice(from, Math.min(to, from + 40))}`;
      else {
        name = key;
        value = trimmedSlice(text, colon + 1, to);
      }
    }
    from = next;
  }
  if (name !== undefined) {
    headers.appendNormalized(name, value);
    note(facts, name, value);
  }
  const body = bytes.subarray(headEnd + 4);
  const stream = options.stream ?? false;
  if (startLine.length > 4 && (startLine.charCodeAt(0) | 0x20) === 0x73 && /^SIP\//i.test(startLine)) {
    return parseResponse(startLine, headers, facts, headerError, body, stream);
  }
  return parseRequest(startLine, headers, facts, headerError, body, stream);
}

/** Header names seen on the wire that are tokens, normalized (bounded: names come from peers). */
const checkedNames = new Map<string, string>();

/** The normalized name of a header name first seen, or undefined when it is no token. */
function checkName(name: string): string | undefined {
  if (!TOKEN_RE.test(name)) return undefined;
  const key = normalizeHeaderName(name);
  if (checkedNames.size < 1024) checkedNames.set(name, key);
  return key;
}

function parseResponse(startLine: string, headers: HeaderList, facts: Facts, headerError: string | undefined, bodyBytes: Uint8Array, stream: boolean): SipResponse {
  const m = STATUS_LINE_RE.exec(startLine);
  // A response that cannot be parsed is dropped (RFC 4475 §3.1.2.19: "4294967301" is no status code).
  if (!m) throw new SipParseError(`bad status line: ${startLine.slice(0, 60)}`);
  if (headerError) throw new SipParseError(headerError);
  const drop = (msg: string) => new SipParseError(msg);
  checkCommonHeaders(facts, drop);
  const body = takeBody(facts, bodyBytes, stream, drop);
  checkCSeq(facts, undefined, drop);
  return { kind: "response", status: Number(m[1]), reason: m[2] ?? "", headers, body };
}

function parseRequest(startLine: string, headers: HeaderList, facts: Facts, headerError: string | undefined, bodyBytes: Uint8Array, stream: boolean): SipRequest {
  let method: string;
  let uri: string;
  let version: string;
  let lineError: string | undefined;
  const strict = /^([^ ]+) ([^ ]+) ([^ ]+)$/.exec(startLine);
  if (strict) {
    [, method, uri, version] = strict as unknown as [string, string, string, string];
  } else {
    // Still a request if it starts with a method and ends with a SIP version: answer 400
    // (RFC 4475 §3.1.2.8-10: LWS inside the Request-URI, several SPs, trailing SP).
    const sp = startLine.indexOf(" ");
    const trimmed = startLine.trimEnd();
    const lastSp = trimmed.lastIndexOf(" ");
    if (sp <= 0 || lastSp <= sp) throw new SipParseError(`bad request line: ${startLine.slice(0, 60)}`);
    method = startLine.slice(0, sp);
    uri = trimmed.slice(sp + 1, lastSp).trim();
    version = trimmed.slice(lastSp + 1);
    lineError = "malformed Request-Line: SP and LWS";
  }
  if (!TOKEN_RE.test(method) || !VERSION_RE.test(version)) {
    throw new SipParseError(`bad request line: ${startLine.slice(0, 60)}`);
  }
  // RFC 3261 §18.2.1: the response goes where the top Via says; without one there is no answer.
  if (facts.vias.length === 0) throw new SipParseError("request lacks Via");
  const request: SipRequest = { kind: "request", method, uri, headers, body: "" };
  const fail = (msg: string, status = 400) => new SipRequestError(msg, request, status);
  // §7.1: "The SIP-Version string is case-insensitive"; §8.2.2.x / RFC 4475 §3.1.2.16: unknown version → 505.
  if (version.toUpperCase() !== "SIP/2.0") throw fail(`unsupported SIP version: ${version}`, 505);
  if (lineError) throw fail(lineError);
  if (headerError) throw fail(headerError);
  checkCommonHeaders(facts, fail);
  request.body = takeBody(facts, bodyBytes, stream, fail);
  checkCSeq(facts, method, fail);
  let parsedUri;
  try {
    parsedUri = parseUri(uri);
  } catch (error) {
    if (error instanceof SipParseError) throw fail(error.message, error.status);
    throw error;
  }
  // §19.1.5: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
  if (parsedUri.headers) throw fail("escaped headers in the Request-URI");
  const mf = facts.maxForwards;
  if (mf !== undefined && !(/^\d{1,10}$/.test(mf) && Number(mf) <= 255)) throw fail(`bad Max-Forwards: ${mf.slice(0, 20)}`);
  const expires = facts.expires;
  if (expires !== undefined && !(/^\d{1,10}$/.test(expires) && Number(expires) <= MAX_UINT32)) {
    throw fail(`bad Expires: ${expires.slice(0, 20)}`);
  }
  return request;
}

/** What the parser learns about the headers it checks, collected in the one pass over the lines. */
interface Facts {
  from?: string;
  to?: string;
  cseq?: string;
  contentLength?: string;
  maxForwards?: string;
  expires?: string;
  /** Lines of from, to, call-id, cseq, content-length. */
  counts: [number, number, number, number, number];
  vias: string[];
  contacts: string[];
}

function newFacts(): Facts {
  return { counts: [0, 0, 0, 0, 0], vias: [], contacts: [] };
}

function note(facts: Facts, key: string, value: string): void {
  switch (key) {
    case "from":
      facts.from ??= value;
      facts.counts[0]++;
      break;
    case "to":
      facts.to ??= value;
      facts.counts[1]++;
      break;
    case "call-id":
      facts.counts[2]++;
      break;
    case "cseq":
      facts.cseq ??= value;
      facts.counts[3]++;
      break;
    case "content-length":
      facts.contentLength ??= value;
      facts.counts[4]++;
      break;
    case "max-forwards":
      facts.maxForwards ??= value;
      break;
    case "expires":
      facts.expires ??= value;
      break;
    case "via":
      facts.vias.push(value);
      break;
    case "contact":
      facts.contacts.push(value);
      break;
  }
}

const REQUIRED = ["From", "To", "Call-ID", "CSeq"] as const;

function checkCSeq(facts: Facts, method: string | undefined, fail: (msg: string) => Error): void {
  const cseq = facts.cseq!;
  const cm = CSEQ_RE.exec(cseq);
  if (!cm || Number(cm[1]) > MAX_UINT32) throw fail(`bad CSeq: ${cseq.slice(0, 40)}`);
  // §8.2 / RFC 4475 §3.1.2.17: the CSeq method must match the Request-Line method.
  if (method !== undefined && cm[2] !== method) throw fail("CSeq method does not match the request method");
}

/**
 * §8.1.1: "A valid SIP request ... MUST, at a minimum, contain the following header fields:
 * To, From, CSeq, Call-ID, Max-Forwards, and Via" (Max-Forwards is tolerated for RFC 2543 peers),
 * each of the first four exactly once; their values must be well-formed.
 */
function checkCommonHeaders(facts: Facts, fail: (msg: string) => Error): void {
  for (let i = 0; i < REQUIRED.length; i++) {
    if (facts.counts[i] === 0) throw fail(`missing ${REQUIRED[i]}`);
    if (facts.counts[i] !== 1) throw fail(`expected exactly one ${REQUIRED[i]}`);
  }
  try {
    // validateNameAddr is at least as strict as parseNameAddr, so users of the message can parse them later.
    validateNameAddr(facts.from!);
    validateNameAddr(facts.to!);
    let top = true;
    for (const line of facts.vias) {
      for (const via of elements(line)) {
        const parsed = validateVia(via);
        // The top Via is read again at once (received/rport, the transaction key): hand over its parse.
        if (top && parsed) rememberTopVia(via, parsed);
        top = false;
      }
    }
    for (const line of facts.contacts) for (const contact of elements(line)) if (contact !== "*") validateNameAddr(contact);
  } catch (error) {
    if (error instanceof SipParseError) throw fail(error.message);
    throw error;
  }
}

function elements(line: string): string[] {
  return line.includes(",") ? splitOutsideQuotes(line, ",") : [line];
}

function takeBody(facts: Facts, body: Uint8Array, stream: boolean, fail: (msg: string) => Error): string {
  if (facts.counts[4] > 1) throw fail("more than one Content-Length");
  const cl = facts.contentLength;
  if (cl === undefined) {
    if (stream) throw fail("Content-Length is required on stream transports");
    return body.length === 0 ? "" : decoder.decode(body);
  }
  if (!/^\d{1,9}$/.test(cl)) throw fail(`bad Content-Length: ${cl.slice(0, 20)}`);
  const length = Number(cl);
  // RFC 3261 §18.3: "If a message is received with a Content-Length larger than the datagram
  // ... the message MUST be discarded" (we answer 400, RFC 4475 §3.1.2.2); octets beyond it are ignored.
  if (length > body.length) throw fail("Content-Length larger than the message body");
  return length === 0 ? "" : decoder.decode(body.subarray(0, length));
}

/** Index of the CRLFCRLF that ends the headers, or -1. */
export function findHeaderEnd(bytes: Uint8Array, from = 0): number {
  let i = bytes.indexOf(13, from);
  while (i >= 0 && i + 3 < bytes.length) {
    if (bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
    i = bytes.indexOf(13, i + 1);
  }
  return -1;
}
