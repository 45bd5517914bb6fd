/**
 * The server of bench/webrtc-bench.ts (run by it, one process per step): N calls of our media layer as the
 * appliance makes them — a plain-RTP caller leg (`CallMedia.open`) bridged by `bridgeCalls`, with a stereo WAV
 * recording, to an agent leg that is WebRTC (`CallMedia.webrtc`: werift, DTLS-SRTP, the certificate made at
 * start-up) or plain RTP. The load process sets the calls up over a small HTTP control API:
 *
 *   POST /call/:i    → { offer?, callerLeg, agentLeg }   (WebRTC: our offer, the appliance ringing a browser)
 *   POST /answer/:i  ← the browser's answer; waits for DTLS, then bridges and records → { ready }
 *
 *   bun bench/webrtc-bench-server.ts --calls=N --mode=webrtc|rtp --base=PORT --control=PORT --dir=DIR
 */
import { join } from "node:path";
import { bridgeCalls, CallMedia, PortAllocator, WebRtcFactory } from "../src/media/index.ts";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? "";
const N = Number(arg("calls"));
const MODE = arg("mode") === "rtp" ? "rtp" : "webrtc";
const BASE = Number(arg("base"));
const DIR = arg("dir");
/** The load's sockets (outside the server's range, which the capture covers). */
export const callerPort = (base: number, i: number) => base + 10000 + i;
export const agentPort = (base: number, i: number) => base + 12000 + i;

if (import.meta.main) {
  const allocator = new PortAllocator(BASE, BASE + 4 * N + 99);
  const factory = await WebRtcFactory.start({ bindAddress: "127.0.0.1", allocator });
  const local = { allocator, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
  const calls = new Map<number, { caller: CallMedia; agent: CallMedia }>();

  const answer = async (i: number, sdp: string) => {
    const call = calls.get(i)!;
    if (sdp) call.agent.applyAnswer(sdp);
    const ready = await call.agent.whenReady(10_000);
    bridgeCalls(call.caller, call.agent, { recordTo: join(DIR, `call-${i}.wav`) });
    return { ready, callerLeg: call.caller.endpoint.port, agentLeg: call.agent.endpoint.port };
  };

  Bun.serve({
    hostname: "127.0.0.1",
    port: Number(arg("control")),
    async fetch(req) {
      const [, what, index] = new URL(req.url).pathname.split("/");
      const i = Number(index);
      try {
        if (what === "call") {
          const caller = await CallMedia.open(local);
          caller.endpoint.setRemote({ address: "127.0.0.1", port: callerPort(BASE, i) });
          if (MODE === "webrtc") {
            const agent = CallMedia.webrtc(factory, local);
            await agent.prepareOffer();
            calls.set(i, { caller, agent });
            return Response.json({ offer: agent.offer(), callerLeg: caller.endpoint.port, agentLeg: agent.endpoint.port });
          }
          const agent = await CallMedia.open(local);
          agent.endpoint.setRemote({ address: "127.0.0.1", port: agentPort(BASE, i) });
          calls.set(i, { caller, agent });
          return Response.json(await answer(i, ""));
        }
        if (what === "answer") return Response.json(await answer(i, await req.text()));
        return new Response("not found", { status: 404 });
      } catch (error) {
        return new Response(String(error), { status: 500 });
      }
    },
  });
  console.log("listening");
}
