/** Keys as a Korean prompt says them (M6: numbers written out in Hangul for text-to-speech). */
const KO_KEYS: Record<string, string> = {
  "*": "별표", "#": "우물 정자", "0": "영 번", "1": "일 번", "2": "이 번", "3": "삼 번", "4": "사 번",
  "5": "오 번", "6": "육 번", "7": "칠 번", "8": "팔 번", "9": "구 번",
};
const EN_KEYS: Record<string, string> = { "*": "star", "#": "pound" };

/** The callback key the shipped callback-offer prompt names (C7). */
export const DEFAULT_CALLBACK_KEY = "*";

/**
 * C7: the callback offer names the key that works: one setting (the flow's `callbackKey`) makes
 * both the prompt and the key, so they never disagree.
 */
export function callbackOfferText(key: string, language: "ko" | "en"): string {
  if (language === "ko") {
    const name = KO_KEYS[key] ?? key;
    return `기다리지 않고 상담사의 전화를 받으시려면 ${name}${objectParticle(name)} 눌러 주십시오.`;
  }
  return `To get a call back instead of waiting, press ${EN_KEYS[key] ?? key}.`;
}

/** 을 after a final consonant (받침), else 를. */
function objectParticle(word: string): string {
  const code = word.charCodeAt(word.length - 1) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 !== 0 ? "을" : "를";
}
