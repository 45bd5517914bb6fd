import type { Clock } from "../../lib/index.ts";
import { MediaBridge } from "../bridge/index.ts";
import type { BridgeSide } from "../bridge/index.ts";
import { mediaClock } from "../player/index.ts";
import { CallRecorder } from "../recorder/index.ts";
import type { CallMedia } from "./call-media.ts";

export interface BridgeCallsOptions {
  /** Record both parties into this stereo WAV (left = `caller`, right = `agent`), SPEC M5. */
  recordTo?: string;
  /** RFC 4733 events across the bridge: forward (default) or swallow. Digits still reach each leg's `onDtmf`. */
  dtmf?: "forward" | "swallow";
  clock?: Clock;
}

/** A running bridge (matches telephony's `Bridge`). */
export interface CallBridge {
  readonly recordingPath?: string;
  /** Undo the bridge and close the recording (the legs stay up). Idempotent. */
  stop(): void;
}

function side(m: CallMedia): BridgeSide {
  return {
    port: m.endpoint,
    get format() {
      return m.format;
    },
    get telephoneEventPt() {
      return m.telephoneEventPt;
    },
  };
}

/**
 * Join two legs' media through the appliance (SPEC M4), optionally recording (M5). Stops whatever either leg
 * was playing; re-INVITEs that change a leg's codec take effect at once (formats are read per packet).
 */
export function bridgeCalls(caller: CallMedia, agent: CallMedia, options: BridgeCallsOptions = {}): CallBridge {
  caller.player.stop();
  agent.player.stop();
  const bridge = new MediaBridge(side(caller), side(agent), { dtmf: options.dtmf });
  const recorder = options.recordTo ? new CallRecorder(options.recordTo, caller.endpoint, agent.endpoint, options.clock ?? mediaClock) : undefined;
  return {
    recordingPath: options.recordTo,
    stop() {
      bridge.stop();
      recorder?.close();
    },
  };
}
