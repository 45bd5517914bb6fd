/** The call layer as the domain sees it (ARCHITECTURE: cc drives calls only through CallLeg). */
export type * from "./call-leg.ts";
