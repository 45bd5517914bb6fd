/**
 * End-to-end T1: replay the torture corpus (src/sip/message/testdata/torture, RFC 4475 /
 * RFC 5118 style) over UDP and over TCP to the running appliance:
 * - `reject-NNN` cases get that status (over UDP back to the Via address);
 * - `drop` cases get nothing;
 * - valid requests get an answer that is not 400 (valid responses / ACKs get nothing back);
 * and after every case an OPTIONS from a fresh socket still gets 200 (no crash, no stall).
 *
 * Over UDP the top Via's sent-by host is rewritten to our socket's address and port so the
 * answer (RFC 3261 §18.2.2: to the sent-by port) reaches us; the rest stays byte-exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { TORTURE_CASES, loadCase, expectedStatus, type TortureCase } from "../sip/message/testdata/torture/cases.ts";
import { optionsRequest, startAppliance, statusOf, tcpExchange, type Appliance, type SipReply } from "./harness.ts";

const WAIT_MS = 700;

/**
 * Point the first UDP Via at our socket (keeps folding and spacing): a host name or IPv4
 * sent-by becomes `host:port`; an IPv6 reference (possibly the broken part of the case) is
 * kept and only its port changes; the answer then goes to received=127.0.0.1 at our port.
 */
export function pointViaAt(bytes: Uint8Array, host: string, port: number): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const re = /(^(?:via|v)[ \t]*:[ \t\r\n]*SIP[ \t\r\n]*\/[ \t\r\n]*2\.0[ \t\r\n]*\/[ \t\r\n]*UDP[ \t\r\n]+)(\[[^\]\s]*\]|[^;,\s\[]+)((?::[^;,\s]*)?)/im;
  if (!re.test(text)) return bytes;
  const replaced = text.replace(re, (_m, head: string, h: string) => `${head}${h.startsWith("[") ? h : host}:${port}`);
  return new Uint8Array(Buffer.from(replaced, "latin1"));
}

function firstLine(bytes: Uint8Array): string {
  const t = Buffer.from(bytes).toString("latin1");
  return t.slice(0, Math.max(0, t.indexOf("\r\n")));
}
function isRequest(bytes: Uint8Array): boolean {
  return !/^SIP\//.test(firstLine(bytes)) && /^[^\s]+ [^\s]+ SIP\//.test(firstLine(bytes).replace(/\s+/g, " "));
}
function method(bytes: Uint8Array): string {
  return firstLine(bytes).trim().split(/\s+/)[0] ?? "";
}
/** Whether the declared Content-Length disagrees with the body (a TCP framer cannot frame it). */
function badFraming(bytes: Uint8Array): boolean {
  const t = Buffer.from(bytes).toString("latin1");
  const sep = t.indexOf("\r\n\r\n");
  const cls = [...t.slice(0, sep < 0 ? t.length : sep).matchAll(/^(?:content-length|l)[ \t]*:[ \t]*(.*)$/gim)].map((m) => m[1]!.trim());
  if (cls.length !== 1) return cls.length > 1;
  const n = Number(cls[0]);
  return !Number.isInteger(n) || n < 0 || sep < 0 || n > t.length - sep - 4;
}

async function udpSend(bytes: Uint8Array, port: number): Promise<SipReply[]> {
  const replies: SipReply[] = [];
  const sock = await Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: {
      data(_s, buf) {
        const text = Buffer.from(buf).toString("latin1");
        replies.push({ status: statusOf(text), text });
      },
      error() {},
    },
  });
  try {
    sock.send(pointViaAt(bytes, "127.0.0.1", sock.port), port, "127.0.0.1");
    // Stop at the first final answer; otherwise wait the whole window (a late 400 counts).
    for (let t = 0; t < WAIT_MS / 25 && !replies.some((r) => r.status >= 200); t++) await Bun.sleep(25);
  } finally {
    sock.close();
  }
  return replies;
}

async function optionsOk(port: number): Promise<number[]> {
  const replies: number[] = [];
  const target = { host: "127.0.0.1", port };
  const sock = await Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: { data: (_s, buf) => void replies.push(statusOf(Buffer.from(buf).toString("latin1"))), error() {} },
  });
  try {
    const msg = optionsRequest(target).replaceAll("{{LOCAL_PORT}}", String(sock.port)).replaceAll("{{LOCAL_IP}}", "127.0.0.1");
    for (let i = 0; i < 3 && !replies.includes(200); i++) {
      sock.send(msg, port, "127.0.0.1");
      for (let t = 0; t < 20 && !replies.includes(200); t++) await Bun.sleep(50);
    }
  } finally {
    sock.close();
  }
  return replies;
}

function judge(c: TortureCase, bytes: Uint8Array, statuses: number[], transport: "UDP" | "TCP"): string | null {
  const finals = statuses.filter((s) => s >= 200);
  const want = expectedStatus(c);
  if (c.expect === "drop") return statuses.length ? `expected no answer, got ${statuses.join(",")}` : null;
  if (want !== undefined) {
    if (finals.includes(want)) return null;
    if (transport === "TCP" && badFraming(bytes) && finals.length === 0) return null; // cannot be framed on a stream
    return `expected ${want}, got ${statuses.length ? statuses.join(",") : "nothing"}`;
  }
  // valid
  if (finals.includes(400)) return `valid message answered 400`;
  if (isRequest(bytes) && method(bytes) !== "ACK" && finals.length === 0) return `valid request got no final answer (${statuses.join(",") || "nothing"})`;
  return null;
}

describe("T1 torture corpus against the running appliance", () => {
  it("has a torture corpus to replay", () => {
    expect(TORTURE_CASES.length).toBeGreaterThan(20);
  });

  // One appliance per transport: a case replayed over TCP within 32 s of the same case over
  // UDP is (rightly) absorbed as a retransmission of the UDP transaction (same branch).
  for (const transport of ["UDP", "TCP"] as const) {
    let app: Appliance;
    beforeAll(async () => {
      app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "100000" } });
    }, 60_000);
    afterAll(async () => {
      await app?.stop();
    });

    it(`T1/T2: MUST answer or drop every torture case as its manifest says over ${transport}, and keep answering OPTIONS`, async () => {
      const failures: string[] = [];
      for (const c of TORTURE_CASES) {
        const bytes = loadCase(c.name);
        let statuses: number[];
        if (transport === "UDP") {
          statuses = (await udpSend(bytes, app.sipPort)).map((r) => r.status);
        } else {
          const r = await tcpExchange(bytes, { host: "127.0.0.1", port: app.sipPort }, { waitMs: WAIT_MS });
          statuses = r.replies.map((x) => x.status);
        }
        const problem = judge(c, bytes, statuses, transport);
        if (problem) failures.push(`${c.name} (${c.expect}, ${c.modelledOn}): ${problem}`);
        const alive = await optionsOk(app.sipPort);
        if (!alive.includes(200)) {
          failures.push(`${c.name}: OPTIONS afterwards got ${alive.join(",") || "nothing"}${app.exited() ? " (appliance exited)" : ""}`);
          if (app.exited()) break;
        }
      }
      expect(failures, `appliance output tail:\n${app.logs().slice(-2000)}`).toEqual([]);
    }, 180_000);
  }
});
