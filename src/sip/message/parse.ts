import { HeaderList } from "./header-list.ts";
import { parseNameAddr } from "./name-addr.ts";
import { parseUri } from "./uri.ts";
import { parseVia } from "./via.ts";
import { SipParseError, type SipMessage, type SipRequest } from "./types.ts";

const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const decoder = new TextDecoder("utf-8", { fatal: false });

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
 * Throws SipParseError for garbage; SipRequestError when a request is understood enough
 * to answer it with an error status. Pure: no I/O.
 */
export function parseMessage(data: Uint8Array | string, options: { stream?: boolean } = {}): SipMessage {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let start = 0;
  // RFC 3261 §7.5: ignore CRLFs before the start line.
  while (start + 1 < bytes.length && bytes[start] === 13 && bytes[start + 1] === 10) start += 2;
  const headEnd = findHeaderEnd(bytes, start);
  if (headEnd < 0) throw new SipParseError("no end of headers");
  const head = decoder.decode(bytes.subarray(start, headEnd));
  const bodyBytes = bytes.subarray(headEnd + 4);
  const lines = unfold(head.split("\r\n"));
  const startLine = lines.shift() ?? "";
  const headers = new HeaderList();
  const headerErrors: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) {
      headerErrors.push(`bad header line: ${line.slice(0, 40)}`);
      continue;
    }
    const name = line.slice(0, colon).trim();
    if (!TOKEN_RE.test(name)) {
      headerErrors.push(`bad header name: ${name.slice(0, 40)}`);
      continue;
    }
    headers.append(name, line.slice(colon + 1).trim());
  }

  if (startLine.startsWith("SIP/")) {
    const m = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/.exec(startLine);
    if (!m) throw new SipParseError(`bad status line: ${startLine.slice(0, 60)}`);
    if (headerErrors.length) throw new SipParseError(headerErrors[0]!);
    const body = takeBody(headers, bodyBytes, options.stream ?? false, (msg) => new SipParseError(msg));
    const response = { kind: "response" as const, status: Number(m[1]), reason: m[2] ?? "", headers, body };
    checkCommonHeaders(response.headers, (msg) => new SipParseError(msg));
    return response;
  }

  const parts = startLine.split(" ");
  if (parts.length !== 3) throw new SipParseError(`bad request line: ${startLine.slice(0, 60)}`);
  const [method, uri, version] = parts as [string, string, string];
  if (!TOKEN_RE.test(method)) throw new SipParseError(`bad method: ${method.slice(0, 20)}`);
  const request: SipRequest = { kind: "request", method, uri, headers, body: "" };
  const fail = (msg: string, status = 400) => new SipRequestError(msg, request, status);
  if (!headers.has("via") || !headers.has("call-id") || !headers.has("cseq")) {
    throw new SipParseError("request lacks Via, Call-ID or CSeq");
  }
  if (version !== "SIP/2.0") {
    throw fail(/^SIP\/\d+\.\d+$/i.test(version) ? "unsupported SIP version" : `bad SIP version: ${version}`, version.toUpperCase() === "SIP/2.0" ? 400 : 505);
  }
  if (headerErrors.length) throw fail(headerErrors[0]!);
  request.body = takeBody(headers, bodyBytes, options.stream ?? false, fail);
  checkCommonHeaders(headers, fail);
  const cseq = headers.get("cseq")!;
  const cm = /^(\d{1,10})\s+([^\s]+)$/.exec(cseq);
  if (!cm || Number(cm[1]) > 0xffffffff) throw fail(`bad CSeq: ${cseq}`);
  if (cm[2] !== method) throw fail("CSeq method does not match the request method");
  try {
    parseUri(uri);
  } catch (error) {
    if (error instanceof SipParseError) throw fail(error.message, error.status);
    throw error;
  }
  const mf = headers.get("max-forwards");
  if (mf !== undefined && !/^\d{1,3}$/.test(mf)) throw fail(`bad Max-Forwards: ${mf}`);
  const expires = headers.get("expires");
  if (expires !== undefined && !/^\d{1,10}$/.test(expires)) throw fail(`bad Expires: ${expires}`);
  return request;
}

function checkCommonHeaders(headers: HeaderList, fail: (msg: string) => Error): void {
  for (const name of ["from", "to", "call-id", "cseq"]) {
    if (headers.countLines(name) !== 1) throw fail(`expected exactly one ${name} header`);
  }
  try {
    parseNameAddr(headers.get("from")!);
    parseNameAddr(headers.get("to")!);
    for (const via of headers.getAll("via")) parseVia(via);
    for (const contact of headers.getAll("contact")) if (contact !== "*") parseNameAddr(contact);
  } catch (error) {
    if (error instanceof SipParseError) throw fail(error.message);
    throw error;
  }
}

function takeBody(headers: HeaderList, body: Uint8Array, stream: boolean, fail: (msg: string) => Error): string {
  const cl = headers.get("content-length");
  if (headers.countLines("content-length") > 1) throw fail("more than one Content-Length");
  if (cl === undefined) {
    if (stream) throw fail("Content-Length is required on stream transports");
    return decoder.decode(body);
  }
  if (!/^\d{1,9}$/.test(cl)) throw fail(`bad Content-Length: ${cl}`);
  const length = Number(cl);
  // RFC 3261 §18.3: a datagram longer than Content-Length is truncated; shorter is an error.
  if (length > body.length) throw fail("Content-Length larger than the message body");
  return decoder.decode(body.subarray(0, length));
}

/** Join continuation lines (leading SP/HTAB) to the line before them (RFC 3261 §7.3.1). */
function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && out.length > 0) {
      out[out.length - 1] += " " + line.trim();
    } else if (line.length > 0) out.push(line);
  }
  return out;
}

/** Index of the CRLFCRLF that ends the headers, or -1. */
export function findHeaderEnd(bytes: Uint8Array, from = 0): number {
  for (let i = from; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}
