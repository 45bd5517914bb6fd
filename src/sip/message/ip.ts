/** True for a dotted-quad IPv4 address (RFC 3261 §25.1 IPv4address). */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return false;
  }
  return true;
}

/**
 * True for an IPv6 address without brackets (RFC 3261 §25.1 IPv6address, with the RFC 5118
 * §4.9 correction: at most one "::", so "2001:db8:::192.0.2.1" is refused).
 */
export function isIPv6(text: string): boolean {
  if (text.length < 2 || text.length > 45) return false;
  const double = text.indexOf("::");
  if (double >= 0 && text.indexOf("::", double + 1) >= 0) return false;
  let groups = 0;
  const count = (part: string, allowV4Tail: boolean): boolean => {
    if (part === "") return true;
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (allowV4Tail && i === pieces.length - 1 && piece.includes(".")) {
        if (!isIPv4(piece)) return false;
        groups += 2;
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) groups += 1;
      else return false;
    }
    return true;
  };
  if (double < 0) return count(text, true) && groups === 8;
  const head = text.slice(0, double);
  const tail = text.slice(double + 2);
  if (!count(head, false) || !count(tail, true)) return false;
  return groups <= 7;
}
