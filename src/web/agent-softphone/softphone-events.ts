/**
 * The small events the agent console hooks on `window.ccSoftphone` (issue 8, softphone mode). Each is a DOM
 * `CustomEvent` whose `detail` is given here; `ccSoftphone.on(type, fn)` is a shortcut that hands `fn` the detail.
 */
export interface SoftphoneEvents {
  /** The connection to /ws changed. */
  connection: { state: ConnectionState };
  registered: { extension: string };
  unregistered: { extension: string };
  /** A call rings in the browser. */
  incoming: { caller: string; displayName?: string };
  /** The call is up, audio flows. */
  established: { caller: string };
  /** The call ended (by either side, or refused). */
  ended: { caller: string; reason: "hangup" | "remote" | "rejected" | "cancelled" | "failed" };
  held: { held: boolean };
  muted: { muted: boolean };
  /** The microphone check's result (at start and whenever it is checked again). */
  microphone: { ok: boolean; problem?: string; message?: string };
  /** Something the agent should know: `code` is stable, `message` plain English. */
  error: { code: SoftphoneErrorCode; message: string };
}

export type ConnectionState = "offline" | "connecting" | "connected";

export type SoftphoneErrorCode = "no-microphone" | "register-failed" | "connection-lost" | "call-failed" | "device" | "busy";

export type SoftphoneEventType = keyof SoftphoneEvents;

/** A typed wrapper around `EventTarget` (DOM events, so plain `addEventListener` works as well). */
export class SoftphoneEmitter extends EventTarget {
  emit<K extends SoftphoneEventType>(type: K, detail: SoftphoneEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Listen to one event type; returns the function that stops listening. */
  on<K extends SoftphoneEventType>(type: K, listener: (detail: SoftphoneEvents[K]) => void): () => void {
    const handler = (e: Event) => listener((e as CustomEvent<SoftphoneEvents[K]>).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }
}
