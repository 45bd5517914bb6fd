import { codeTime } from "../../lib/index.ts";
import type { Flow, IvrTrail } from "../ivr/index.ts";
import { hoursVerdict } from "./hours-verdict.ts";
import type { TrailRecorder } from "./trail-recorder.ts";

/** The ARS hooks of one call writing its trail: the hours verdict with its rule, and each key (issue 17 point 3). */
export function ivrTrail(trail: TrailRecorder, callId: string, serviceId: string, flow: Flow, timeZone: string): IvrTrail {
  return {
    hours: (at) => {
      codeTime.trail.enter(); // the verdict is built for the trail only
      try {
        trail.step(callId, serviceId, "hours", hoursVerdict(flow, at, timeZone));
      } finally {
        codeTime.trail.leave();
      }
    },
    key: (key, to) => trail.step(callId, serviceId, "key", { key, to }),
  };
}
