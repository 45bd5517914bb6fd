/**
 * Builds the softphone bundle: `bun src/web/agent-softphone/build.ts` (or `npm run build:softphone`) writes
 * public/agent/softphone.js, a minified IIFE for the browser (sip.js inside, no CDN). The built file is committed,
 * so `bun build --compile` embeds it like any other public/ file (src/web/agent/softphone-asset.ts);
 * softphone-bundle.test.ts fails when it is out of date with these sources.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ENTRY = join(import.meta.dir, "entry.ts");
export const BUNDLE = resolve(import.meta.dir, "../../../public/agent/softphone.js");

/** The bundle's text, as `bun build --target=browser --format=iife --minify` makes it. */
export async function buildSoftphone(): Promise<string> {
  const result = await Bun.build({ entrypoints: [ENTRY], target: "browser", format: "iife", minify: true });
  if (!result.success) throw new AggregateError(result.logs, "the softphone bundle did not build");
  return await result.outputs[0]!.text();
}

if (import.meta.main) {
  const text = await buildSoftphone();
  writeFileSync(BUNDLE, text);
  console.log(`${BUNDLE}: ${(text.length / 1024).toFixed(1)} KB`);
}
