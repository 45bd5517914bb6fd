export * from "./stereo-mixer.ts";
export * from "./wav-file.ts";
export * from "./call-recorder.ts";
export * from "./wav-to-mp3.ts";
