/**
 * The softphone's audio devices in the browser (SPEC A5): the microphone check at sign-in, the lists of
 * microphones and speakers, and the constraints that pick one. Browser code only: no server imports.
 */

/** Why there is no usable microphone, for the console to put in its own words (Korean or English). */
export type MicrophoneProblem = "insecure-context" | "no-device" | "denied" | "busy" | "failed";

export interface MicrophoneCheck {
  ok: boolean;
  problem?: MicrophoneProblem;
  /** A plain English sentence saying what to do. */
  message?: string;
}

const MESSAGES: Record<MicrophoneProblem, string> = {
  "insecure-context": "The softphone needs a secure page (https) to use the microphone. Open the console over https, or use a desk phone.",
  "no-device": "No microphone was found. Connect a headset or microphone, or switch to desk-phone mode; calls are refused until then.",
  denied: "The browser was not allowed to use the microphone. Allow it in the address bar's site settings, or switch to desk-phone mode.",
  busy: "The microphone is in use by another program. Close it, or choose another microphone.",
  failed: "The microphone could not be opened. Check the headset, or switch to desk-phone mode.",
};

/** Audio capture constraints: the chosen microphone and whether the browser may clean the sound (on for people). */
export function microphoneConstraints(deviceId: string | undefined, processing: boolean): MediaTrackConstraints | boolean {
  const c: MediaTrackConstraints = {};
  if (deviceId) c.deviceId = { exact: deviceId };
  if (!processing) Object.assign(c, { echoCancellation: false, noiseSuppression: false, autoGainControl: false });
  return Object.keys(c).length ? c : true;
}

/** Open the microphone once and close it again: is there one we may use? */
export async function checkMicrophone(deviceId?: string): Promise<MicrophoneCheck> {
  const fail = (problem: MicrophoneProblem): MicrophoneCheck => ({ ok: false, problem, message: MESSAGES[problem] });
  if (typeof window !== "undefined" && !window.isSecureContext) return fail("insecure-context");
  const media = typeof navigator === "undefined" ? undefined : navigator.mediaDevices;
  if (!media?.getUserMedia) return fail("no-device");
  try {
    const stream = await media.getUserMedia({ audio: microphoneConstraints(deviceId, true), video: false });
    const live = stream.getAudioTracks().length > 0;
    for (const t of stream.getTracks()) t.stop();
    return live ? { ok: true } : fail("no-device");
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "NotFoundError" || name === "OverconstrainedError") return fail("no-device");
    if (name === "NotAllowedError" || name === "SecurityError") return fail("denied");
    if (name === "NotReadableError" || name === "AbortError") return fail("busy");
    return fail("failed");
  }
}

export interface AudioDevice {
  deviceId: string;
  label: string;
}

/** Microphones and speakers (labels are empty until the microphone was allowed once). */
export async function listAudioDevices(): Promise<{ inputs: AudioDevice[]; outputs: AudioDevice[] }> {
  const all = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  const pick = (kind: MediaDeviceKind) => all.filter((d) => d.kind === kind).map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return { inputs: pick("audioinput"), outputs: pick("audiooutput") };
}

/** Play the far end on this speaker (`setSinkId`, Chromium and Firefox); false where the browser cannot choose. */
export async function setSpeaker(element: HTMLAudioElement, deviceId: string): Promise<boolean> {
  const sink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  if (typeof sink.setSinkId !== "function") return false;
  await sink.setSinkId(deviceId);
  return true;
}
