/** Files embedded in the executable that the composition root hands to the layers (X1). */
export { defaultPromptFiles } from "./prompts/index.ts";
