import { isIPv6 } from "./ip.ts";
import { SipParseError } from "./types.ts";
import { compactVia, VIA_RE, type Via } from "./via.ts";

const TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
const PARAM_RE = new RegExp(`^${TOKEN}(?:\\s*=\\s*(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"|\\[[0-9A-Fa-f:.]+\\]))?$`, "s");
const QUOTED_RE = /^"(?:[^"\\]|\\.)*"$/s;
// Unquoted UTF-8 display names are outside the ABNF but sent by some desk phones ("홍길동 <sip:…>"): tolerated.
const DISPLAY_WORD = "[A-Za-z0-9\\-.!%*_+`'~\\u0080-\\uffff]+";
const DISPLAY_TOKENS_RE = new RegExp(`^${DISPLAY_WORD}(?:[ \\t]+${DISPLAY_WORD})*$`);

/**
 * Check a `;name=value;…` parameter list strictly (RFC 3261 §25.1 generic-param): every
 * parameter has a token name, and empty parameters (";;") are refused (RFC 4475 §3.1.2.1).
 */
export function validateParamList(text: string): void {
  const trimmed = text.trim();
  if (trimmed === "") return;
  if (!trimmed.startsWith(";")) throw new SipParseError(`garbage before parameters: ${text.slice(0, 40)}`);
  let quoted = false;
  let start = 1;
  for (let i = 1; i <= trimmed.length; i++) {
    const c = trimmed.charCodeAt(i); // NaN past the end
    if (quoted) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) quoted = false;
      continue;
    }
    if (c === 34) quoted = true;
    else if (c === 59 /* ; */ || i === trimmed.length) {
      const part = trimmed.slice(start, i).trim();
      if (!PARAM_RE.test(part)) throw new SipParseError(`bad parameter: ${part.slice(0, 40) || "(empty)"}`);
      start = i + 1;
    }
  }
  if (quoted) throw new SipParseError(`unterminated quoted string in parameters: ${text.slice(0, 40)}`);
}

/**
 * Strict shape check of a From/To/Contact value beyond what `parseNameAddr` accepts:
 * an unquoted display name is tokens and LWS only (RFC 3261 §25.1 display-name, RFC 4475
 * §3.1.2.15); an addr-spec without <> contains no "?", "," or ";" in its URI (§20.10);
 * the parameters are well-formed.
 */
export function validateNameAddr(value: string): void {
  const text = value.trim();
  let quoted = false;
  let lt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 60 /* < */) {
      lt = i;
      break;
    }
  }
  if (quoted) throw new SipParseError(`unterminated quoted string: ${text.slice(0, 40)}`);
  if (lt < 0) {
    const semi = text.indexOf(";");
    const uri = (semi < 0 ? text : text.slice(0, semi)).trim();
    if (uri === "" || !uri.includes(":")) throw new SipParseError(`bad address: ${text.slice(0, 40)}`);
    if (/[?,\s"]/.test(uri)) throw new SipParseError(`addr-spec needs <>: ${text.slice(0, 40)}`);
    if (semi >= 0) validateParamList(text.slice(semi));
    return;
  }
  const display = text.slice(0, lt).trim();
  if (display.startsWith('"') ? !QUOTED_RE.test(display) : display && !DISPLAY_TOKENS_RE.test(display)) {
    throw new SipParseError(`bad display name: ${display.slice(0, 40)}`);
  }
  const gt = text.indexOf(">", lt);
  if (gt < 0) throw new SipParseError(`unterminated <: ${text.slice(0, 40)}`);
  const uri = text.slice(lt + 1, gt);
  if (uri === "" || /\s/.test(uri)) throw new SipParseError(`whitespace inside <>: ${text.slice(0, 40)}`);
  validateParamList(text.slice(gt + 1));
}

/**
 * Strict check of one Via element (RFC 3261 §20.42): what `parseVia` accepts, with well-formed parameters.
 * Returns the parsed Via when it has the usual compact form (its parse is then free), else undefined.
 */
export function validateVia(value: string): Via | undefined {
  const compact = compactVia(value);
  if (compact) return compact;
  const m = VIA_RE.exec(value);
  if (!m) throw new SipParseError(`bad Via: ${value.slice(0, 60)}`);
  if (m[4] !== undefined && Number(m[4]) > 65535) throw new SipParseError(`bad Via port: ${value.slice(0, 60)}`);
  const host = m[3]!;
  if (host.charCodeAt(0) === 91 && !isIPv6(host.slice(1, -1))) throw new SipParseError(`bad IPv6 reference in Via: ${value.slice(0, 60)}`);
  if (m[5] !== undefined) validateParamList(m[5]);
  return undefined;
}
