/**
 * The bundle's entry (public/agent/softphone.js): one softphone on `window.ccSoftphone`, and its state mirrored
 * on the console's `#softphone` container as data attributes (`data-connection`, `data-registered`,
 * `data-call`, `data-microphone`) for the page to style and word. The console starts it with
 * `ccSoftphone.start({ user, password })` and listens with `ccSoftphone.on("incoming", …)`.
 */
import { Softphone } from "./softphone.ts";

declare global {
  interface Window {
    ccSoftphone?: Softphone;
  }
}

const phone = new Softphone();
window.ccSoftphone = phone;

const mirror = () => {
  const slot = document.getElementById("softphone");
  if (!slot) return;
  slot.dataset.connection = phone.connection;
  slot.dataset.registered = String(phone.registered);
  slot.dataset.call = phone.call?.state ?? "none";
  slot.dataset.microphone = phone.microphone.ok ? "ok" : (phone.microphone.problem ?? "unknown");
};
for (const type of ["connection", "registered", "unregistered", "incoming", "established", "ended", "microphone"] as const) phone.on(type, mirror);
dispatchEvent(new CustomEvent("cc:softphone-ready", { detail: phone }));
