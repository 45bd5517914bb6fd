import type { Clock } from "../../lib/index.ts";
import { MediaBridge } from "../bridge/index.ts";
import type { BridgeSide } from "../bridge/index.ts";
import { mediaClock } from "../player/index.ts";
import { CallRecorder } from "../recorder/index.ts";
import type { LegMedia } from "./leg-media.ts";

export interface BridgeCallsOptions {
  /** Record both parties into this stereo WAV (left = `caller`, right = `agent`), SPEC M5. */
  recordTo?: string;
  /** RFC 4733 events across the bridge: forward (default) or swallow. Digits still reach each leg's `onDtmf`. */
  dtmf?: "forward" | "swallow";
  clock?: Clock;
}

/** A running bridge (what telephony's `Bridge` is built on). */
export interface CallBridge {
  readonly recordingPath?: string;
  /** Undo the bridge and close the recording (the legs stay up). Idempotent. */
  stop(): void;
  /** Stop (hold) or restart relaying between the legs; the recording goes on either way (C10, M7). */
  relay(on: boolean): void;
  /**
   * Put another leg in the agent's place (transfer, C10), or none while the caller waits for one: relaying
   * stops until `relay(true)`, the recording keeps its file and takes the agent channel from the new leg.
   */
  replaceAgent(agent: LegMedia | undefined): void;
}

function side(m: LegMedia): BridgeSide {
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
 * was playing; re-INVITEs that change a leg's codec take effect at once (the bridge reads the formats again).
 */
export function bridgeCalls(caller: LegMedia, agent: LegMedia, options: BridgeCallsOptions = {}): CallBridge {
  let current: LegMedia | undefined = agent;
  let bridge: MediaBridge | undefined;
  let stopped = false;
  const relay = (on: boolean) => {
    if (!on || stopped || !current) {
      bridge?.stop();
      bridge = undefined;
      return;
    }
    if (bridge) return;
    caller.player.stop();
    current.player.stop();
    bridge = new MediaBridge(side(caller), side(current), { dtmf: options.dtmf });
  };
  const refresh = () => bridge?.refresh();
  const callerNegotiated = caller.onNegotiated.subscribe(refresh);
  let agentNegotiated = agent.onNegotiated.subscribe(refresh);
  relay(true);
  const recorder = options.recordTo ? new CallRecorder(options.recordTo, caller.endpoint, agent.endpoint, options.clock ?? mediaClock) : undefined;
  return {
    recordingPath: options.recordTo,
    relay,
    replaceAgent(next) {
      relay(false);
      agentNegotiated();
      agentNegotiated = next?.onNegotiated.subscribe(refresh) ?? (() => {});
      current = next;
      recorder?.replaceAgent(next?.endpoint);
    },
    stop() {
      stopped = true;
      relay(false);
      callerNegotiated();
      agentNegotiated();
      recorder?.close();
    },
  };
}
