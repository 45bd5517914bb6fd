import { describe, expect, it } from "bun:test";
import { HeaderList } from "./header-list.ts";
import { canonicalHeaderName, normalizeHeaderName } from "./header-names.ts";
import { parseMessage } from "./parse.ts";

describe("T1: HeaderList", () => {
  it("T1: MUST expand compact forms (RFC 3261 §7.3.3) and match names case-insensitively", () => {
    const pairs: Array<[string, string]> = [
      ["i", "call-id"], ["m", "contact"], ["e", "content-encoding"], ["l", "content-length"], ["c", "content-type"],
      ["f", "from"], ["s", "subject"], ["k", "supported"], ["t", "to"], ["v", "via"], ["o", "event"], ["r", "refer-to"],
      ["b", "referred-by"], ["u", "allow-events"], ["x", "session-expires"],
    ];
    for (const [short, long] of pairs) {
      expect(normalizeHeaderName(short)).toBe(long);
      expect(normalizeHeaderName(short.toUpperCase())).toBe(long);
    }
    const h = new HeaderList().append("I", "abc").append("CALL-ID", "def");
    expect(h.countLines("Call-Id")).toBe(2);
    expect(h.get("call-id")).toBe("abc");
  });

  it("T1: MUST write canonical names", () => {
    expect(canonicalHeaderName("call-id")).toBe("Call-ID");
    expect(canonicalHeaderName("cseq")).toBe("CSeq");
    expect(canonicalHeaderName("www-authenticate")).toBe("WWW-Authenticate");
    expect(canonicalHeaderName("record-route")).toBe("Record-Route");
    expect(canonicalHeaderName("x-custom-thing")).toBe("X-Custom-Thing");
  });

  it("T1: MUST split list headers on commas outside quotes and <> only, keeping order (§7.3.1)", () => {
    const h = new HeaderList()
      .append("Via", "SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2")
      .append("v", "SIP/2.0/TCP c;branch=z9hG4bK3")
      .append("Contact", '"Kim, Agent" <sip:a@x;p=1,2>;q=0.5, <sip:b@y>')
      .append("Subject", "hello, world");
    expect(h.getAll("via").map((v) => v.split(" ")[1])).toEqual(["a;branch=z9hG4bK1", "b;branch=z9hG4bK2", "c;branch=z9hG4bK3"]);
    expect(h.getAll("contact")).toEqual(['"Kim, Agent" <sip:a@x;p=1,2>;q=0.5', "<sip:b@y>"]);
    expect(h.get("subject")).toBe("hello, world"); // not a list header
    expect(h.get("via")).toBe("SIP/2.0/UDP a;branch=z9hG4bK1");
  });

  it("T1: MUST prepend, remove the first element, set and clone without sharing", () => {
    const h = new HeaderList().append("Via", "SIP/2.0/UDP a, SIP/2.0/UDP b").append("To", "<sip:x@y>").append("Route", "<sip:r1;lr>");
    h.prepend("via", "SIP/2.0/UDP proxy");
    expect(h.getAll("via")).toEqual(["SIP/2.0/UDP proxy", "SIP/2.0/UDP a", "SIP/2.0/UDP b"]);
    expect(h.removeFirst("via")).toBe("SIP/2.0/UDP proxy");
    expect(h.removeFirst("via")).toBe("SIP/2.0/UDP a");
    expect(h.getAll("via")).toEqual(["SIP/2.0/UDP b"]);
    const copy = h.clone();
    h.set("to", "<sip:z@y>;tag=1");
    expect(copy.get("to")).toBe("<sip:x@y>");
    expect(h.wireLines("", []).join("")).toBe("Via: SIP/2.0/UDP b\r\nTo: <sip:z@y>;tag=1\r\nRoute: <sip:r1;lr>\r\n");
    expect(h.wireLines("to", []).join("")).toBe("Via: SIP/2.0/UDP b\r\nRoute: <sip:r1;lr>\r\n");
    h.remove("route");
    expect(h.has("route")).toBe(false);
    expect(h.removeFirst("route")).toBeUndefined();
  });

  it("T1: MUST keep multiple Vias across several lines in order after parsing", () => {
    const m = parseMessage(
      "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1,SIP/2.0/TCP h2;branch=z9hG4bK2\r\nv: SIP/2.0/TLS h3;branch=z9hG4bK3\r\n" +
        "f: <sip:x@y>;tag=1\r\nt: <sip:a@b>\r\ni: id1\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n",
    );
    expect(m.headers.getAll("via").length).toBe(3);
    expect(m.headers.getAll("via")[2]).toBe("SIP/2.0/TLS h3;branch=z9hG4bK3");
  });
});
