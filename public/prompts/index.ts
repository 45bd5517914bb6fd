/// <reference path="./assets.d.ts" />
/**
 * The default prompts (SPEC M6, X1), embedded by `bun build --compile` because each is imported `with { type: "file" }`:
 * `Bun.file(path)` reads them under `bun run` and inside the executable alike. Regenerate with `public/prompts/make-prompts.sh`.
 * Pass `defaultPromptFiles` to `new PromptLibrary({ dataDir, defaults: defaultPromptFiles })` (src/media).
 */
import koGreeting from "./ko/greeting.wav" with { type: "file" };
import koMenu from "./ko/menu.wav" with { type: "file" };
import koInfoRepeat from "./ko/info-repeat.wav" with { type: "file" };
import koAfterHours from "./ko/after-hours.wav" with { type: "file" };
import koConnecting from "./ko/connecting.wav" with { type: "file" };
import koDelay from "./ko/delay.wav" with { type: "file" };
import koCallbackOffer from "./ko/callback-offer.wav" with { type: "file" };
import koCallbackAccepted from "./ko/callback-accepted.wav" with { type: "file" };
import koInvalidInput from "./ko/invalid-input.wav" with { type: "file" };
import koGoodbye from "./ko/goodbye.wav" with { type: "file" };
import enGreeting from "./en/greeting.wav" with { type: "file" };
import enMenu from "./en/menu.wav" with { type: "file" };
import enInfoRepeat from "./en/info-repeat.wav" with { type: "file" };
import enAfterHours from "./en/after-hours.wav" with { type: "file" };
import enConnecting from "./en/connecting.wav" with { type: "file" };
import enDelay from "./en/delay.wav" with { type: "file" };
import enCallbackOffer from "./en/callback-offer.wav" with { type: "file" };
import enCallbackAccepted from "./en/callback-accepted.wav" with { type: "file" };
import enInvalidInput from "./en/invalid-input.wav" with { type: "file" };
import enGoodbye from "./en/goodbye.wav" with { type: "file" };

export const defaultPromptFiles = {
  ko: {
    "greeting": koGreeting,
    "menu": koMenu,
    "info-repeat": koInfoRepeat,
    "after-hours": koAfterHours,
    "connecting": koConnecting,
    "delay": koDelay,
    "callback-offer": koCallbackOffer,
    "callback-accepted": koCallbackAccepted,
    "invalid-input": koInvalidInput,
    "goodbye": koGoodbye,
  },
  en: {
    "greeting": enGreeting,
    "menu": enMenu,
    "info-repeat": enInfoRepeat,
    "after-hours": enAfterHours,
    "connecting": enConnecting,
    "delay": enDelay,
    "callback-offer": enCallbackOffer,
    "callback-accepted": enCallbackAccepted,
    "invalid-input": enInvalidInput,
    "goodbye": enGoodbye,
  },
};
