import { describe, expect, it } from "bun:test";
import { createResponse, type SipRequest } from "../message/index.ts";
import { answer, CALLER, FakeServerTransaction, invite, makeRequest, proxySetup } from "../testing/test-ua.ts";
import type { Endpoint } from "../transport/index.ts";

const PHONE: Endpoint = { transport: "udp", address: "198.51.100.2", port: 5060 };

/** A call 1001 → 1002 answered by the phone, so the proxy knows the dialog. */
function established() {
  const setup = proxySetup([PHONE]);
  const tx = new FakeServerTransaction(invite());
  setup.proxy.invite(tx);
  const branch = setup.host.of("INVITE")[0]!;
  branch.handlers.onResponse(answer(branch.request, 200));
  return { ...setup, tx, branch };
}

/** A request inside the dialog from the caller, along the route set the proxy recorded. */
function inDialog(method: string, opts: { callId?: string; route?: string; maxForwards?: number } = {}): SipRequest {
  return makeRequest({
    method,
    uri: "sip:1002@198.51.100.2:5060",
    from: "<sip:1001@cc.test>;tag=caller",
    to: "<sip:1002@cc.test>;tag=callee",
    callId: opts.callId ?? "call-1",
    cseq: 2,
    sentBy: `${CALLER.address}:${CALLER.port}`,
    maxForwards: opts.maxForwards,
    headers: [["Route", opts.route ?? "<sip:192.0.2.1:5060;transport=udp;lr>"]],
  });
}

describe("Proxy", () => {
  it("T6: MUST answer 404 for an unknown extension and 480 for an unregistered one", () => {
    const { proxy, host } = proxySetup([PHONE]);
    const unknown = new FakeServerTransaction(invite("4242"));
    proxy.invite(unknown);
    expect(unknown.statuses).toEqual([404]);
    const unregistered = new FakeServerTransaction(invite("1003"));
    proxy.invite(unregistered);
    expect(unregistered.statuses).toEqual([480]);
    expect(unregistered.responses[0]!.headers.get("to")).toContain(";tag=");
    expect(host.requests).toHaveLength(0);
  });

  it("C11 (issue 17.3): an INVITE to an unregistered extension MUST be reported as an unanswered call (480), so it has a record and a trail", () => {
    const { proxy, host } = proxySetup([PHONE]);
    const ended: { to: string; status?: number; endCause?: string; answeredAt: number | null }[] = [];
    proxy.dialogs.onEnded.subscribe((call) => ended.push(call));
    proxy.invite(new FakeServerTransaction(invite("1003")));
    expect(ended).toEqual([expect.objectContaining({ from: "1001", to: "1003", status: 480, endCause: "unavailable", answeredAt: null, startedAt: host.clock.now() })]);
    proxy.invite(new FakeServerTransaction(invite("4242")));
    expect(ended).toHaveLength(1); // an unknown extension is not a call
  });

  it("T6: MUST answer 483 when Max-Forwards is exhausted", () => {
    const { proxy, host } = proxySetup([PHONE]);
    const tx = new FakeServerTransaction(invite("1002", [], 0));
    proxy.invite(tx);
    expect(tx.statuses).toEqual([483]);
    expect(host.requests).toHaveLength(0);
  });

  it("T6: MUST stop calling an extension whose registration expired", () => {
    const { proxy, host } = proxySetup([PHONE]);
    host.clock.advance(601_000);
    const tx = new FakeServerTransaction(invite());
    proxy.invite(tx);
    expect(tx.statuses).toEqual([480]);
  });

  it("T9: MUST answer 481 to an in-dialog request of an unknown dialog (nothing reaches a phone)", () => {
    const { proxy, host } = established();
    const tx = new FakeServerTransaction(inDialog("BYE", { callId: "forged" }));
    proxy.inDialog(tx);
    expect(tx.statuses).toEqual([481]);
    expect(host.of("BYE")).toHaveLength(0);
  });

  it("T6: MUST route a BYE of a known dialog: pop its own Route, send to the contact, relay the answer", () => {
    const { proxy, host } = established();
    const tx = new FakeServerTransaction(inDialog("BYE"));
    proxy.inDialog(tx);
    const [bye] = host.of("BYE");
    expect(bye!.target).toEqual(PHONE);
    expect(bye!.request.headers.has("route")).toBe(false);
    expect(bye!.request.headers.get("max-forwards")).toBe("69");
    expect(bye!.request.headers.get("via")).toStartWith("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK");
    bye!.handlers.onResponse(createResponse(bye!.request, 100));
    bye!.handlers.onResponse(createResponse(bye!.request, 200));
    expect(tx.statuses).toEqual([200]);
    expect(tx.responses[0]!.headers.getAll("via")).toEqual(tx.request.headers.getAll("via"));
    expect(proxy.dialogs.has("call-1")).toBe(false);
  });

  it("T6: MUST follow a further Route after its own (loose routing)", () => {
    const { proxy, host } = established();
    const route = "<sip:192.0.2.1:5060;lr>, <sip:198.51.100.77:5080;lr>";
    proxy.inDialog(new FakeServerTransaction(inDialog("INFO", { route })));
    const [info] = host.of("INFO");
    expect(info!.target).toEqual({ transport: "udp", address: "198.51.100.77", port: 5080 });
    expect(info!.request.headers.getAll("route")).toEqual(["<sip:198.51.100.77:5080;lr>"]);
  });

  it("T6: MUST answer 408 when an in-dialog request times out, and forget the dialog on BYE", () => {
    const { proxy, host } = established();
    const tx = new FakeServerTransaction(inDialog("BYE"));
    proxy.inDialog(tx);
    host.of("BYE")[0]!.handlers.onTimeout();
    expect(tx.statuses).toEqual([408]);
    expect(proxy.dialogs.has("call-1")).toBe(false);
  });

  it("T6: MUST answer 483 to an in-dialog request without hops left", () => {
    const { proxy } = established();
    const tx = new FakeServerTransaction(inDialog("BYE", { maxForwards: 0 }));
    proxy.inDialog(tx);
    expect(tx.statuses).toEqual([483]);
  });

  it("T6: MUST forward an ACK for a 2xx statelessly, and drop one of an unknown dialog", () => {
    const { proxy, host } = established();
    proxy.ack(inDialog("ACK"));
    expect(host.sent).toHaveLength(1);
    const { message, target } = host.sent[0]!;
    expect(target).toEqual(PHONE);
    expect(message.kind === "request" && message.method).toBe("ACK");
    expect(message.headers.getAll("via")).toHaveLength(2);
    proxy.ack(inDialog("ACK", { callId: "forged" }));
    expect(host.sent).toHaveLength(1);
  });

  it("T6: MUST forward a stray 2xx (retransmission) to the next Via", () => {
    const { proxy, host, branch } = established();
    const retransmission = answer(branch.request, 200);
    proxy.strayResponse(retransmission);
    expect(host.sent).toHaveLength(1);
    expect(host.sent[0]!.target).toMatchObject({ transport: "udp", address: CALLER.address, port: CALLER.port });
    expect(host.sent[0]!.message.headers.getAll("via")).toHaveLength(1);
  });

  it("T9: MUST NOT forward a stray response whose top Via is not its own (no reflection)", () => {
    const { proxy, host } = established();
    const forged = createResponse(invite(), 200, undefined, "x");
    forged.headers.prepend("via", "SIP/2.0/UDP 203.0.113.66:5060;branch=z9hG4bKevil");
    proxy.strayResponse(forged);
    expect(host.sent).toHaveLength(0);
    // A response with only our Via was meant for us: nothing to forward.
    proxy.strayResponse(createResponse(makeRequest({ method: "OPTIONS", uri: "sip:x", from: "<sip:a@b>;tag=1", to: "<sip:c@d>", sentBy: "192.0.2.1:5060" }), 200));
    expect(host.sent).toHaveLength(0);
  });
});
