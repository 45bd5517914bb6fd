import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isHttps } from "../client-ip.ts";

/** The cookie naming a browser that signed in to the admin pages before. */
export const DEVICE_COOKIE = "cc_device";
const DEVICE_DAYS = 180;

/**
 * Browsers that once signed in as an admin (X4, issue 11): each gets a cookie `<random>.<HMAC of
 * login id and random>`. Wrong passwords from elsewhere (a guesser on the same address, or across
 * many) never lock the owner out on a known device: its failures are counted on their own. The key
 * comes from `loadKey` (kept in the database, so a restart forgets no device); without one (before
 * the first run) a key for the process.
 */
export class KnownDevices {
  private loaded?: Buffer;

  constructor(private readonly loadKey: () => Buffer | undefined = () => undefined) {}

  private get key(): Buffer {
    return (this.loaded ??= this.loadKey() ?? randomBytes(32));
  }

  /** The device token for `loginId` in this request's cookie, when it is one we issued. */
  known(c: Context, loginId: string): string | undefined {
    const token = getCookie(c, DEVICE_COOKIE);
    if (!token) return undefined;
    const [nonce, mac] = token.split(".");
    if (!nonce || !mac) return undefined;
    const want = this.mac(loginId, nonce);
    const got = Buffer.from(mac, "base64url");
    return got.length === want.length && timingSafeEqual(got, want) ? token : undefined;
  }

  /** Remember this browser for `loginId` after a correct password. */
  remember(c: Context, loginId: string, trustedProxies: readonly string[]): void {
    const nonce = randomBytes(12).toString("base64url");
    setCookie(c, DEVICE_COOKIE, `${nonce}.${this.mac(loginId, nonce).toString("base64url")}`, {
      path: "/admin",
      httpOnly: true,
      sameSite: "Lax",
      secure: isHttps(c, trustedProxies),
      maxAge: DEVICE_DAYS * 86_400,
    });
  }

  private mac(loginId: string, nonce: string): Buffer {
    return createHmac("sha256", this.key).update(`${loginId}\u0000${nonce}`).digest();
  }
}
