import { describe, expect, it } from "bun:test";
import { callEndCause } from "./call-end-cause.ts";

describe("why a call freed its agent (issue 17 point 2)", () => {
  it("A2: MUST name a BYE, a media timeout with its length, a failed session refresh and a restart", () => {
    expect(callEndCause("caller", { by: "remote", cause: "bye" })).toBe("call: caller hung up");
    expect(callEndCause("agent", { by: "system", cause: "media-timeout", silentMs: 3_000 })).toBe("media: no RTP from the agent's phone for 3 s");
    expect(callEndCause("caller", { by: "system", cause: "expired" })).toBe("sip: session refresh failed (caller)");
    expect(callEndCause("system", { by: "local", cause: "shutdown" })).toBe("restart");
    expect(callEndCause("agent", { by: "remote", cause: "failed", status: 503 })).toBe("call: failed 503 (agent's phone)");
  });
});
