import type { Endpoint } from "./endpoint.ts";

/** What every transport hands up: one whole message's bytes and where it came from. */
export type InboundHandler = (bytes: Uint8Array, source: Endpoint) => void;

/** A listening transport that can also send. Sends never throw: failures return false. */
export interface Transport {
  readonly name: Endpoint["transport"];
  readonly port: number;
  send(data: string | Uint8Array, target: Endpoint): boolean;
  close(): void;
}
