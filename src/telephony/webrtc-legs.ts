import type { Logger } from "../lib/index.ts";
import { CallMedia, type WebRtcFactory } from "../media/index.ts";
import type { Endpoint } from "../sip/index.ts";

/** A flow a browser softphone uses: sip.js over WebSocket (RFC 7118, T2). Its calls get WebRTC media. */
export function isBrowserFlow(flow: Endpoint): boolean {
  return flow.transport === "ws" || flow.transport === "wss";
}

/**
 * A WebRTC leg whose host candidate is `address` (our address as the browser reaches it, T10), or undefined —
 * logged — when WebRTC was not started or the port range is exhausted.
 */
export function browserMedia(factory: WebRtcFactory | undefined, address: string, log: Logger): CallMedia | undefined {
  if (!factory) {
    log.warn("WebRTC is not started: a browser softphone cannot be called");
    return undefined;
  }
  try {
    return CallMedia.webrtc(factory, { advertisedAddress: address, logger: log });
  } catch (error) {
    log.warn({ err: String(error) }, "no WebRTC leg could be made");
    return undefined;
  }
}
