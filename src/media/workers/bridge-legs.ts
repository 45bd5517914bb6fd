import { bridgeCalls } from "../session/index.ts";
import type { BridgeCallsOptions, CallBridge, LegMedia } from "../session/index.ts";
import { RemoteCallMedia } from "./remote-call-media.ts";

let nextBridge = 1;

function sameWorker(a: LegMedia | undefined, b: LegMedia | undefined): boolean {
  return a instanceof RemoteCallMedia && b instanceof RemoteCallMedia && a.link === b.link && !a.closed && !b.closed;
}

/**
 * Join two legs' media (SPEC M4, M5) wherever they run: legs of one media worker are bridged and recorded
 * inside it (one message, no packet crosses threads); any other pair — a WebRTC leg with a worker's leg,
 * legs of two workers, legs on this thread — is bridged here over their endpoints (`bridgeCalls`).
 */
export function bridgeLegs(caller: LegMedia, agent: LegMedia, options: BridgeCallsOptions = {}): CallBridge {
  if (!sameWorker(caller, agent)) return bridgeCalls(caller, agent, options);
  const a = caller as RemoteCallMedia;
  const link = a.link;
  const bridge = nextBridge++;
  link.post({ t: "bridge", bridge, a: a.id, b: (agent as RemoteCallMedia).id, recordTo: options.recordTo, dtmf: options.dtmf });
  /** A transfer to a leg on another thread: relayed here from then on (the recording keeps the caller only). */
  let across: CallBridge | undefined;
  let stopped = false;
  return {
    recordingPath: options.recordTo,
    relay(on) {
      if (stopped) return;
      if (across) return across.relay(on);
      link.post({ t: "relay", bridge, on });
    },
    replaceAgent(next) {
      if (stopped) return;
      across?.stop();
      across = undefined;
      if (next === undefined || sameWorker(caller, next)) {
        link.post({ t: "replaceAgent", bridge, agent: (next as RemoteCallMedia | undefined)?.id });
        return;
      }
      link.post({ t: "replaceAgent", bridge });
      across = bridgeCalls(caller, next, { dtmf: options.dtmf });
      across.relay(false);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      across?.stop();
      link.post({ t: "unbridge", bridge });
    },
  };
}
