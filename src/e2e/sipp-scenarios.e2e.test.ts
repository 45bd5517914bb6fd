/**
 * Our SIPp scenarios themselves (no appliance): a raw UDP peer plays the proxy and replays the
 * message orders loss and a stalled peer produce, which T3 (`-lost 10`) met as rare failures:
 * - uas-answer.xml aborted its call on the proxy's copy of the INVITE (Timer A) read after its 200,
 *   then never answered the BYE, so the caller gave the BYE up ("UDP retransmission timeout");
 * - uac-call.xml took the callee's retransmitted 200 to the INVITE for the BYE's 200 when its ACK
 *   and BYE were lost, ending the call without retransmitting the BYE (the callee never ended).
 */
import { afterEach, describe, expect, it } from "bun:test";
import { join } from "node:path";
import type { udp } from "bun";
import { cleanupDir, freePort, haveBinaries, sleep, tempDir } from "./harness.ts";
import { describeSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_SIPP = haveBinaries("sipp");

/** A UDP socket that keeps every datagram and waits for one matching a predicate. */
class Peer {
  readonly received: { text: string; port: number }[] = [];
  private waiters: (() => void)[] = [];
  private constructor(readonly socket: udp.Socket<"buffer">) {}

  static async open(): Promise<Peer> {
    let peer: Peer | undefined;
    const socket = await Bun.udpSocket({
      hostname: "127.0.0.1",
      socket: {
        data(_s, buf, port) {
          peer!.received.push({ text: Buffer.from(buf).toString("latin1"), port });
          for (const w of peer!.waiters.splice(0)) w();
        },
      },
    });
    peer = new Peer(socket);
    return peer;
  }

  get port(): number {
    return this.socket.port;
  }

  /** The first message after index `from` matching `test`, within `ms`; returns it and its index. */
  async next(test: (text: string) => boolean, from: number, what: string, ms = 5000): Promise<{ text: string; port: number; index: number }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.received.findIndex((m, i) => i >= from && test(m.text));
      if (index >= 0) return { ...this.received[index]!, index };
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms; got:\n${this.received.map((m) => m.text.split("\r\n")[0]).join("\n")}`);
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), sleep(left)]);
    }
  }

  send(text: string, port: number): void {
    this.socket.send(text, port, "127.0.0.1");
  }

  close(): void {
    this.socket.close();
  }
}

const header = (text: string, name: string): string => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(text)?.[1]?.trim() ?? "";
const firstLine = (text: string): string => text.split("\r\n")[0] ?? "";
const isRequest = (method: string, cseq?: number) => (t: string) =>
  firstLine(t).startsWith(`${method} `) && (cseq === undefined || header(t, "CSeq") === `${cseq} ${method}`);
const isResponse = (status: number, cseqMethod: string) => (t: string) =>
  firstLine(t).startsWith(`SIP/2.0 ${status} `) && header(t, "CSeq").endsWith(` ${cseqMethod}`);

const SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

/** A response to `request`, its headers copied as a UAS (or a proxy relaying one) would. */
function response(request: string, status: string, { toTag, extra = [], body = "" }: { toTag?: string; extra?: string[]; body?: string } = {}): string {
  const vias = request.split("\r\n").filter((l) => /^Via:/i.test(l));
  const to = header(request, "To");
  return [
    `SIP/2.0 ${status}`,
    ...vias,
    `From: ${header(request, "From")}`,
    `To: ${toTag && !/;tag=/.test(to) ? `${to};tag=${toTag}` : to}`,
    `Call-ID: ${header(request, "Call-ID")}`,
    `CSeq: ${header(request, "CSeq")}`,
    ...extra,
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

describe.skipIf(!HAVE_SIPP)("SIPp scenarios under loss and reordering (T3)", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function peer(): Promise<Peer> {
    const p = await Peer.open();
    cleanups.push(() => p.close());
    return p;
  }

  function sipp(run: SippProcess): SippProcess {
    cleanups.push(() => run.stop());
    return run;
  }

  it("uas-answer.xml MUST absorb a late copy of the INVITE and of the ACK and still answer the BYE (and its retransmission) with the BYE's 200", async () => {
    const proxy = await peer();
    const uasPort = await freePort();
    const uas = sipp(startSipp({ scenario: "uas-answer.xml", target: `127.0.0.1:${proxy.port}`, localPort: uasPort, calls: 1, timeoutMs: 20_000 }));
    await sleep(300);
    const via = (branch: string) => `Via: SIP/2.0/UDP 127.0.0.1:${proxy.port};branch=${branch};rport`;
    const dialog = (cseq: string, toTag?: string) =>
      [`From: <sip:1002@127.0.0.1>;tag=caller1`, `To: <sip:1003@127.0.0.1>${toTag ? `;tag=${toTag}` : ""}`, `Call-ID: late-copies@127.0.0.1`, `CSeq: ${cseq}`, "Max-Forwards: 69"];
    const invite = [
      `INVITE sip:1003@127.0.0.1:${uasPort} SIP/2.0`,
      via("z9hG4bK-inv"),
      ...dialog("2 INVITE"),
      `Contact: <sip:1002@127.0.0.1:${proxy.port}>`,
      "Content-Type: application/sdp",
      `Content-Length: ${SDP.length}`,
      "",
      SDP,
    ].join("\r\n");
    proxy.send(invite, uasPort);
    const ok = await proxy.next(isResponse(200, "INVITE"), 0, "200 to the INVITE");
    const toTag = /;tag=([^;>\s]+)/.exec(header(ok.text, "To"))?.[1];
    expect(toTag).toBeTruthy();
    // The proxy's Timer A copy, read by SIPp after it answered: once an "unexpected message".
    proxy.send(invite, uasPort);
    await sleep(100);
    const inDialog = (method: string, cseq: string, branch: string) =>
      [`${method} sip:127.0.0.1:${uasPort} SIP/2.0`, via(branch), ...dialog(cseq, toTag), "Content-Length: 0", "", ""].join("\r\n");
    const ack = inDialog("ACK", "2 ACK", "z9hG4bK-ack");
    const bye = inDialog("BYE", "3 BYE", "z9hG4bK-bye");
    proxy.send(bye, uasPort);
    const byeOk = await proxy.next(isResponse(200, "BYE"), ok.index + 1, "200 to the BYE");
    // The caller's ACK again (for a 200 retransmission it got), after the BYE; then the BYE again.
    proxy.send(ack, uasPort);
    await sleep(100);
    proxy.send(bye, uasPort);
    const again = await proxy.next((t) => firstLine(t).startsWith("SIP/2.0 200 "), byeOk.index + 1, "200 to the retransmitted BYE");
    expect(header(again.text, "CSeq"), "the retransmitted BYE's 200 is the BYE's, not built from the late ACK").toBe("3 BYE");
    expect(again.text).toContain("branch=z9hG4bK-bye");

    const r = await uas.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    expect(r.failed, describeSipp(r)).toBe(0);
  }, 30_000);

  it("uac-call.xml MUST answer the callee's retransmitted 200 after its BYE with the ACK again, and end only on the BYE's own 200", async () => {
    const proxy = await peer();
    const work = tempDir("cc-sipp-scenarios-");
    cleanups.push(() => cleanupDir(work));
    const csv = writeInjectionCsv(join(work, "caller.csv"), [["1002", "secret"]]);
    const uac = sipp(startSipp({ scenario: "uac-call.xml", target: `127.0.0.1:${proxy.port}`, inf: csv, service: "1003", calls: 1, pauseMs: 200, timeoutMs: 20_000 }));

    const first = await proxy.next(isRequest("INVITE", 1), 0, "the first INVITE");
    const challenge = 'Proxy-Authenticate: Digest realm="cc", nonce="n0nce", algorithm=MD5';
    proxy.send(response(first.text, "407 Proxy Authentication Required", { toTag: "px", extra: [challenge] }), first.port);
    await proxy.next(isRequest("ACK", 1), first.index + 1, "the ACK of the 407");
    const second = await proxy.next(isRequest("INVITE", 2), first.index + 1, "the INVITE with credentials");
    expect(header(second.text, "Proxy-Authorization")).toContain('username="1002"');
    const contact = [`Contact: <sip:127.0.0.1:${proxy.port};transport=UDP>`];
    proxy.send(response(second.text, "180 Ringing", { toTag: "callee1", extra: contact }), second.port);
    const ok = response(second.text, "200 OK", { toTag: "callee1", extra: contact, body: SDP });
    proxy.send(ok, second.port);
    // Its ACK and then its BYE are "lost": the callee retransmits the 200.
    const ack = await proxy.next(isRequest("ACK", 2), second.index + 1, "the ACK of the 200");
    const bye = await proxy.next(isRequest("BYE", 3), ack.index + 1, "the BYE");
    proxy.send(ok, second.port);
    const ackAgain = await proxy.next(isRequest("ACK", 2), bye.index + 1, "the ACK again for the retransmitted 200");
    const byeAgain = await proxy.next(isRequest("BYE", 3), ackAgain.index + 1, "the BYE retransmitted (no 200 to it yet)");
    expect(header(byeAgain.text, "Via")).toBe(header(bye.text, "Via"));
    proxy.send(response(byeAgain.text, "200 OK"), byeAgain.port);

    const r = await uac.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    expect(r.failed, describeSipp(r)).toBe(0);
  }, 30_000);
});
