/**
 * The browser softphone's bundle (sip.js, issue 8's WebRTC part), served at /agent/softphone.js with its API on
 * `window.ccSoftphone`. Built from src/web/agent-softphone/ into public/agent/softphone.js (committed; rebuild with
 * `npm run build:softphone`) and embedded in the executable from here.
 */
// @ts-ignore: a plain browser script (no types), embedded as text.
import js from "../../../public/agent/softphone.js" with { type: "text" };

export const SOFTPHONE_JS: string | undefined = js as unknown as string;
