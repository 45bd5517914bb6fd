/**
 * The browser softphone's bundle (sip.js, issue 8's WebRTC part), served at /agent/softphone.js
 * when it exists. It is built apart into public/agent/softphone.js with its API on
 * `window.ccSoftphone`; once it is there, embed it here with
 * `import js from "../../../public/agent/softphone.js" with { type: "text" }` and export it.
 * Until then the console's page loads no softphone and says to use the desk phone.
 */
export const SOFTPHONE_JS: string | undefined = undefined;
