/**
 * The agent console's browser softphone (SPEC A3, A5, M1, T2; issue 8 softphone mode): sip.js registers the
 * agent's extension over WebSocket (`wss://<host>/ws`, `ws://` on http) and takes the calls the appliance rings
 * it with. No STUN server (`iceServers: []`: the appliance is reached on its own address) and a short bound on
 * ICE gathering. Checks the microphone at start and refuses calls without one; reconnects and registers again
 * after sleep or a network change. Browser code only: it imports sip.js and nothing of the server.
 */
import { Registerer, RegistererState, TransportState, UserAgent } from "sip.js";
import type { Invitation } from "sip.js";
import { checkMicrophone, listAudioDevices, microphoneConstraints, setSpeaker, type MicrophoneCheck } from "./media-devices.ts";
import { SoftphoneCall } from "./softphone-call.ts";
import { SoftphoneEmitter, type ConnectionState } from "./softphone-events.ts";

export interface SoftphoneOptions {
  /** The agent's extension (SIP user). */
  user: string;
  /** Its SIP password. */
  password: string;
  /** WebSocket URL; default `wss://<this host>/ws` (`ws://` when the page is http). */
  server?: string;
  /** SIP domain of the address of record; default this page's host name. */
  domain?: string;
  displayName?: string;
  /** Answer every call at once (tests, kiosk use). Default false. */
  autoAnswer?: boolean;
  /** Let the browser clean the microphone (echo cancellation, noise suppression, gain). Default true. */
  audioProcessing?: boolean;
  /** Where the far end plays; default a hidden `<audio>` added to `#softphone` (or the body). */
  audio?: HTMLAudioElement;
  /** Registration lifetime in seconds. Default 300. */
  expires?: number;
}

const ICE_GATHERING_MS = 500;

export class Softphone extends SoftphoneEmitter {
  connection: ConnectionState = "offline";
  registered = false;
  microphone: MicrophoneCheck = { ok: false };
  call: SoftphoneCall | null = null;
  private ua?: UserAgent;
  private registerer?: Registerer;
  private options?: SoftphoneOptions;
  private audio?: HTMLAudioElement;
  private inputId?: string;
  private outputId?: string;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private retries = 0;
  private stopping = false;

  /** Check the microphone, connect and register. Resolves once registered (or rejects with the reason). */
  async start(options: SoftphoneOptions): Promise<void> {
    if (this.ua) await this.stop();
    this.options = options;
    this.stopping = false;
    this.audio = options.audio ?? this.makeAudio();
    await this.checkMicrophone();
    const secure = location.protocol === "https:";
    const server = options.server ?? `${secure ? "wss" : "ws"}://${location.host}/ws`;
    const uri = UserAgent.makeURI(`sip:${options.user}@${options.domain ?? location.hostname}`);
    if (!uri) throw new Error(`bad SIP user ${options.user}`);
    this.ua = new UserAgent({
      uri,
      displayName: options.displayName,
      authorizationUsername: options.user,
      authorizationPassword: options.password,
      transportOptions: { server, traceSip: false, keepAliveInterval: 25 },
      logLevel: "warn",
      userAgentString: "cc-softphone (sip.js)",
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: ICE_GATHERING_MS },
      delegate: {
        onInvite: (invitation) => void this.incoming(invitation),
        onDisconnect: (error) => this.disconnected(error),
      },
    });
    this.ua.transport.stateChange.addListener((s) => this.setConnection(s === TransportState.Connected ? "connected" : s === TransportState.Connecting ? "connecting" : "offline"));
    this.registerer = new Registerer(this.ua, { expires: options.expires ?? 300 });
    this.registerer.stateChange.addListener((s) => this.setRegistered(s === RegistererState.Registered));
    addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", this.wake);
    await this.ua.start();
    await this.register();
  }

  /** Unregister and disconnect. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    removeEventListener("online", this.wake);
    document.removeEventListener("visibilitychange", this.wake);
    await this.call?.hangup();
    await this.registerer?.unregister().catch(() => {});
    await this.ua?.stop().catch(() => {});
    this.ua = this.registerer = undefined;
    this.setRegistered(false);
    this.setConnection("offline");
  }

  /** Answer the ringing call. */
  answer(): Promise<void> {
    return this.call?.answer() ?? Promise.resolve();
  }

  /** Refuse the ringing call. */
  reject(): Promise<void> {
    return this.call?.reject() ?? Promise.resolve();
  }

  hangup(): Promise<void> {
    return this.call?.hangup() ?? Promise.resolve();
  }

  setMuted(muted: boolean): void {
    this.call?.setMuted(muted);
  }

  hold(): Promise<void> {
    return this.call?.hold(true) ?? Promise.resolve();
  }

  unhold(): Promise<void> {
    return this.call?.hold(false) ?? Promise.resolve();
  }

  /** Open the chosen microphone once: calls are refused while this fails (A5). */
  async checkMicrophone(): Promise<MicrophoneCheck> {
    this.microphone = await checkMicrophone(this.inputId);
    this.emit("microphone", { ...this.microphone });
    return this.microphone;
  }

  listDevices() {
    return listAudioDevices();
  }

  /** Use this microphone from now on (the call in progress too). */
  async setInputDevice(deviceId: string): Promise<void> {
    this.inputId = deviceId || undefined;
    await this.checkMicrophone();
    await this.call?.replaceMicrophone().catch((e) => this.emit("error", { code: "device", message: String(e) }));
  }

  /** Play the far end on this speaker. False where the browser cannot choose one. */
  async setOutputDevice(deviceId: string): Promise<boolean> {
    this.outputId = deviceId;
    return this.audio ? setSpeaker(this.audio, deviceId).catch(() => false) : false;
  }

  /** The call's RTCPeerConnection statistics (undefined without a call). */
  getStats(): Promise<RTCStatsReport | undefined> {
    return this.call?.stats() ?? Promise.resolve(undefined);
  }

  private async incoming(invitation: Invitation): Promise<void> {
    if (this.call) return void invitation.reject({ statusCode: 486 }).catch(() => {});
    // The agent may have plugged a headset in since the last check.
    if (!this.microphone.ok && !(await this.checkMicrophone()).ok) {
      this.emit("error", { code: "no-microphone", message: this.microphone.message ?? "No microphone: the call was refused." });
      return void invitation.reject({ statusCode: 480 }).catch(() => {});
    }
    const options = this.options!;
    const call = new SoftphoneCall(invitation, {
      audio: this.audio!,
      iceGatheringTimeoutMs: ICE_GATHERING_MS,
      microphone: () => microphoneConstraints(this.inputId, options.audioProcessing !== false),
      emit: (type, detail) => this.emit(type, detail),
      ended: (c) => {
        if (this.call === c) this.call = null;
      },
    });
    this.call = call;
    await invitation.progress().catch(() => {});
    this.emit("incoming", { caller: call.caller, displayName: call.displayName });
    if (options.autoAnswer) await call.answer();
  }

  private async register(): Promise<void> {
    this.forgetAuthorization();
    await this.registerer?.register({
      requestDelegate: {
        // After a reconnect sip.js's Registerer is still "Registered" (it never saw the socket go), so its state
        // does not change again: the 2xx itself says the extension is registered.
        onAccept: () => this.setRegistered(true),
        onReject: (r) => this.emit("error", { code: "register-failed", message: `Registration refused: ${r.message.statusCode} ${r.message.reasonPhrase}` }),
      },
    });
  }

  /**
   * sip.js keeps the last Authorization on its REGISTER and sends it again, old nonce and count and all, which
   * the appliance must refuse as a replayed nonce (T4) and log as a security warning at every refresh. Each
   * REGISTER starts without it; the 401 brings a fresh nonce.
   */
  private forgetAuthorization(): void {
    const request = (this.registerer as unknown as { request?: { headers?: Record<string, unknown> } } | undefined)?.request;
    if (request?.headers) delete request.headers["Authorization"];
  }

  /** Back from sleep or on the network again: reconnect at once, or refresh the registration. */
  private readonly wake = () => {
    if (this.stopping || !this.ua || document.visibilityState === "hidden") return;
    if (this.ua.isConnected()) void this.register().catch(() => {});
    else this.reconnect(0);
  };

  private disconnected(error?: Error): void {
    if (this.stopping) return;
    this.setRegistered(false);
    if (error) this.emit("error", { code: "connection-lost", message: "The connection to the contact center was lost; reconnecting." });
    this.reconnect(Math.min(30_000, 1000 * 2 ** this.retries++));
  }

  private reconnect(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(async () => {
      if (this.stopping || !this.ua) return;
      try {
        await this.ua.reconnect();
        this.retries = 0;
        await this.register();
      } catch {
        this.disconnected();
      }
    }, delayMs);
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.emit("connection", { state });
  }

  private setRegistered(on: boolean): void {
    if (on === this.registered) return;
    this.registered = on;
    this.emit(on ? "registered" : "unregistered", { extension: this.options?.user ?? "" });
  }

  private makeAudio(): HTMLAudioElement {
    const audio = document.createElement("audio");
    audio.autoplay = true;
    audio.hidden = true;
    (document.getElementById("softphone") ?? document.body).appendChild(audio);
    if (this.outputId) void setSpeaker(audio, this.outputId).catch(() => {});
    return audio;
  }
}
