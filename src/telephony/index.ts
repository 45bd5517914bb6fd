export * from "./call-leg.ts";
export * from "./switchboard.ts";
export { SipCallLeg, infoDigit, type PromptResolver } from "./sip-call-leg.ts";
export { TrunkRegistrations, type TrunkAccounts, type TrunkStatus, type TrunkTargets } from "./trunk-registrations.ts";
export { drainCalls, type DrainResult, type DrainTarget } from "./call-drain.ts";
export { mediaMetricsSampler } from "./media-metrics.ts";
