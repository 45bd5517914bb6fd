/**
 * Dialled strings as they arrive in a SIP Request-URI user part (RFC 3261 §19.1.2):
 * visual separators removed, Korean E.164 forms mapped to the national form (T7),
 * international destinations recognised so outbound calls can refuse them (T7, C9, A4).
 */

/** Strip percent-escapes and visual separators (`-`, `.`, spaces, parentheses) from a dialled string. */
export function cleanDialString(dialled: string): string {
  let s = dialled;
  try {
    s = decodeURIComponent(dialled);
  } catch {
    /* not valid percent-encoding: keep the raw text */
  }
  return s.replace(/[\s().-]/g, "");
}

/**
 * True for a destination outside Korea: `00…` (which covers the Korean international prefixes
 * 001, 002, 005, 006, 008 and 007xx), or `+` followed by a country code other than 82.
 */
export function isInternational(number: string): boolean {
  const n = cleanDialString(number);
  if (n.startsWith("+")) return !n.startsWith("+82");
  return n.startsWith("00");
}

/** A phone number outside the appliance (C9): seven digits or more; shorter ones are extensions. */
export function isOutsideNumber(dialled: string): boolean {
  return /^\+?\d{7,15}$/.test(cleanDialString(dialled));
}

/** A desk-phone feature code: `*` followed by digits (e.g. `*21`). */
export function isFeatureCodeDial(dialled: string): boolean {
  return /^\*\d+$/.test(cleanDialString(dialled));
}

/**
 * The forms under which a dialled number may be listed: as dialled, and for a `+82…`
 * E.164 form also the national forms (`0` + rest for area codes and mobiles, the bare rest
 * for nationwide numbers such as 1588-xxxx).
 */
export function numberForms(dialled: string): string[] {
  const n = cleanDialString(dialled);
  const forms = [n];
  const m = /^\+82(\d{3,})$/.exec(n);
  if (m) forms.push(`0${m[1]}`, m[1]!);
  return forms;
}
