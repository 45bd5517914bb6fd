import { afterEach, describe, expect, it } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { parseMessage } from "../message/index.ts";
import { readPcap } from "./pcap.ts";
import { SipTracer } from "./sip-tracer.ts";

const INVITE = "INVITE sip:1001@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.9:5070;branch=z9hG4bK1\r\nFrom: <sip:1002@10.0.0.1>;tag=a\r\nTo: <sip:1001@10.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
const OTHER = INVITE.replaceAll("1001", "1003").replace("c1", "c2");
const peer = { transport: "tcp" as const, address: "10.0.0.9", port: 5070 };
const local = { address: "10.0.0.1", port: 5060 };

let dir = "";
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function setup(maxBytes = 1_000_000) {
  dir = mkdtempSync(join(tmpdir(), "cc-tracer-"));
  const clock = new FakeClock(1_700_000_000_000);
  const tracer = new SipTracer(clock, silentLogger, 2);
  const spec = { traceId: "t1", match: ["1001"], endsAt: clock.now() + 60_000, pcapPath: join(dir, "t1.pcap"), textPath: join(dir, "t1.txt"), maxBytes };
  return { clock, tracer, spec };
}

describe("SIP tracer (X6)", () => {
  it("X6: MUST append matching messages in both directions to the pcap and the text as they pass", () => {
    const { tracer, spec } = setup();
    expect(tracer.on).toBe(false);
    tracer.start(spec);
    expect(tracer.on).toBe(true);
    tracer.capture("in", new TextEncoder().encode(INVITE), parseMessage(INVITE), peer, local);
    tracer.capture("in", new TextEncoder().encode(OTHER), parseMessage(OTHER), peer, local);
    const trying = "SIP/2.0 100 Trying\r\nVia: SIP/2.0/TCP 10.0.0.9:5070;branch=z9hG4bK1\r\nFrom: <sip:1002@10.0.0.1>;tag=a\r\nTo: <sip:1001@10.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    tracer.capture("out", trying, parseMessage(trying), peer, local);
    // Written already (a crash keeps it), before the trace stops.
    const packets = readPcap(readFileSync(spec.pcapPath));
    expect(packets.map((p) => [p.src.port, p.dst.port])).toEqual([[5070, 5060], [5060, 5070]]);
    expect(new TextDecoder().decode(packets[0]!.payload)).toBe(INVITE);
    const text = readFileSync(spec.textPath, "utf8");
    expect(text).toContain("TCP received 10.0.0.9:5070 -> 10.0.0.1:5060\nINVITE sip:1001@10.0.0.1 SIP/2.0");
    expect(text).toContain("TCP sent 10.0.0.1:5060 -> 10.0.0.9:5070\nSIP/2.0 100 Trying");
    expect(text).not.toContain("1003");
    const stats = tracer.stop("t1");
    expect(stats).toMatchObject({ messages: 2, bytes: statSync(spec.pcapPath).size, running: false });
    expect(tracer.on).toBe(false);
  });

  it("X6: MUST stop by itself at its end time and at its size limit, and bound concurrent traces", () => {
    const { clock, tracer, spec } = setup(400);
    tracer.start(spec);
    tracer.start({ ...spec, traceId: "t2", pcapPath: join(dir, "t2.pcap"), textPath: join(dir, "t2.txt"), endsAt: clock.now() + 1000 });
    expect(() => tracer.start({ ...spec, traceId: "t3" })).toThrow();
    expect(existsSync(join(dir, "t3.pcap"))).toBe(false);
    clock.advance(1000);
    tracer.capture("in", INVITE, parseMessage(INVITE), peer, local);
    expect(tracer.stats("t2")).toMatchObject({ running: false, reason: "time", messages: 0 });
    tracer.capture("in", INVITE, parseMessage(INVITE), peer, local);
    expect(tracer.stats("t1")).toMatchObject({ running: false, reason: "size", messages: 2 });
    expect(tracer.on).toBe(false);
    expect(tracer.stop("t1")?.reason).toBe("size");
    expect(tracer.stop("t1")).toBeUndefined();
  });
});
