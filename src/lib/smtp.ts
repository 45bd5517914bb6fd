import { hostname } from "node:os";

/** Where and as whom to send mail: `smtp://user:pass@host:587` (plain) or `smtps://…:465` (TLS from the start). */
export interface SmtpOptions {
  url: string;
  /** The sender address (`CC_MAIL_FROM`), `name@host` or `Name <name@host>`. */
  from: string;
  /** Bound on the whole exchange; default 15 s. */
  timeoutMs?: number;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
/** RFC 2047 encoded-word for a header with non-ASCII text. */
const header = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${b64(s)}?=`);
const address = (s: string) => /<([^>]+)>/.exec(s)?.[1] ?? s.trim();

/** The message as sent after DATA: headers, a base64 UTF-8 body, lines ending in CRLF. */
export function smtpMessage(from: string, to: string, subject: string, text: string, date = new Date()): string {
  const body = b64(text).replace(/.{1,76}/g, "$&\r\n");
  return [
    `From: ${from}`, `To: ${to}`, `Subject: ${header(subject)}`, `Date: ${date.toUTCString()}`,
    `Message-ID: <${crypto.randomUUID()}@${hostname()}>`, "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", body,
  ].join("\r\n");
}

/**
 * A minimal SMTP client (RFC 5321) for invitation mail: EHLO, AUTH PLAIN when the URL carries
 * credentials, MAIL FROM, RCPT TO, DATA, QUIT. `smtps://` speaks TLS from the start; STARTTLS is not
 * offered, so plain `smtp://` should point at a relay on a trusted network.
 */
export function smtpMailer(o: SmtpOptions): { send(to: string, subject: string, text: string): Promise<void> } {
  const url = new URL(o.url);
  const secure = url.protocol === "smtps:";
  const port = Number(url.port) || (secure ? 465 : 25);
  return {
    async send(to, subject, text) {
      let buffer = "";
      let waiting: ((reply: { code: number; text: string }) => void) | undefined;
      let failed: ((e: Error) => void) | undefined;
      const replies: { code: number; text: string }[] = [];
      const take = () => {
        // A reply is complete at a line "NNN text" (continuation lines are "NNN-text").
        for (;;) {
          const lines = buffer.split("\r\n");
          const end = lines.findIndex((l) => /^\d{3}( |$)/.test(l));
          if (end < 0 || end === lines.length - 1) return;
          const reply = { code: Number(lines[end]!.slice(0, 3)), text: lines.slice(0, end + 1).join("\n") };
          buffer = lines.slice(end + 1).join("\r\n");
          if (waiting) {
            const w = waiting;
            waiting = undefined;
            w(reply);
          } else replies.push(reply);
        }
      };
      const socket = await Bun.connect({
        hostname: url.hostname, port, tls: secure,
        socket: {
          data(_s, chunk) {
            buffer += Buffer.from(chunk).toString("utf8");
            take();
          },
          error(_s, e) {
            failed?.(e);
          },
          close() {
            failed?.(new Error("SMTP server closed the connection"));
          },
        },
      });
      const deadline = setTimeout(() => {
        failed?.(new Error("SMTP timed out"));
        socket.end();
      }, o.timeoutMs ?? 15_000);
      const next = () =>
        new Promise<{ code: number; text: string }>((resolve, reject) => {
          failed = reject;
          const ready = replies.shift();
          if (ready) resolve(ready);
          else waiting = resolve;
        });
      const expect = async (ok: number[], what: string) => {
        const r = await next();
        if (!ok.includes(r.code)) throw new Error(`SMTP ${what}: ${r.text}`);
        return r;
      };
      const say = (line: string) => socket.write(`${line}\r\n`);
      try {
        await expect([220], "greeting");
        say(`EHLO ${hostname() || "localhost"}`);
        await expect([250], "EHLO");
        if (url.username) {
          say(`AUTH PLAIN ${b64(`\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`)}`);
          await expect([235], "AUTH");
        }
        say(`MAIL FROM:<${address(o.from)}>`);
        await expect([250], "MAIL FROM");
        say(`RCPT TO:<${address(to)}>`);
        await expect([250, 251], "RCPT TO");
        say("DATA");
        await expect([354], "DATA");
        const message = smtpMessage(o.from, to, subject, text).replace(/^\./gm, "..");
        socket.write(`${message}\r\n.\r\n`);
        await expect([250], "message");
        say("QUIT");
        await expect([221], "QUIT").catch(() => undefined); // the message is accepted already
      } finally {
        clearTimeout(deadline);
        failed = undefined;
        socket.end();
      }
    },
  };
}
