/** Recognizes the User-Agent strings of known SIP scanners (sipvicious, sipcli …), case-insensitively. */
export class ScannerFilter {
  private readonly needles: string[];

  constructor(userAgents: readonly string[]) {
    this.needles = userAgents.map((u) => u.trim().toLowerCase()).filter((u) => u.length > 0);
  }

  isScanner(userAgent: string | undefined): boolean {
    if (!userAgent) return false;
    const ua = userAgent.toLowerCase();
    return this.needles.some((n) => ua.includes(n));
  }
}
