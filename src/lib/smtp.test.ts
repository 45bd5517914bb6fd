import { describe, expect, it } from "bun:test";
import { smtpMailer } from "./smtp.ts";

/** A fake SMTP server on 127.0.0.1: answers the dialogue, records commands and the message. */
function fakeServer(reject?: string) {
  const seen: string[] = [];
  let data = "";
  let inData = false;
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.write("220 fake ESMTP\r\n");
      },
      data(s, chunk) {
        const text = Buffer.from(chunk).toString("utf8");
        if (inData) {
          data += text;
          if (data.endsWith("\r\n.\r\n")) {
            inData = false;
            s.write("250 queued\r\n");
          }
          return;
        }
        for (const line of text.split("\r\n").filter(Boolean)) {
          seen.push(line);
          const cmd = line.split(/[ :]/)[0]!.toUpperCase();
          if (reject && line.startsWith(reject)) s.write("550 no such user\r\n");
          else if (cmd === "EHLO") s.write("250-fake\r\n250 AUTH PLAIN\r\n");
          else if (cmd === "AUTH") s.write("235 ok\r\n");
          else if (cmd === "DATA") {
            inData = true;
            s.write("354 go\r\n");
          } else if (cmd === "QUIT") s.write("221 bye\r\n");
          else s.write("250 ok\r\n");
        }
      },
    },
  });
  return { seen, message: () => data, server, url: (auth = "") => `smtp://${auth}127.0.0.1:${server.port}` };
}

describe("SMTP mailer (O4 invitations)", () => {
  it("MUST send a UTF-8 message through EHLO, AUTH PLAIN, MAIL FROM, RCPT TO and DATA", async () => {
    const f = fakeServer();
    await smtpMailer({ url: f.url("cc%40example.com:s3cret@"), from: "Contact Center <cc@example.com>" }).send("kim@example.com", "비밀번호 설정", "링크: https://x/y\n.");
    f.server.stop(true);
    expect(f.seen[0]).toStartWith("EHLO ");
    expect(f.seen[1]).toBe(`AUTH PLAIN ${Buffer.from("\0cc@example.com\0s3cret").toString("base64")}`);
    expect(f.seen.slice(2)).toEqual(["MAIL FROM:<cc@example.com>", "RCPT TO:<kim@example.com>", "DATA", "QUIT"]);
    const msg = f.message();
    expect(msg).toContain(`Subject: =?UTF-8?B?${Buffer.from("비밀번호 설정").toString("base64")}?=`);
    const body = msg.split("\r\n\r\n")[1]!.replace(/\r\n\.\r\n$/, "");
    expect(Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8")).toBe("링크: https://x/y\n.");
  });

  it("MUST fail with the server's answer when it refuses the recipient", async () => {
    const f = fakeServer("RCPT");
    const sent = smtpMailer({ url: f.url(), from: "cc@example.com" }).send("nobody@example.com", "x", "y");
    await expect(sent).rejects.toThrow("SMTP RCPT TO: 550 no such user");
    f.server.stop(true);
  });
});
