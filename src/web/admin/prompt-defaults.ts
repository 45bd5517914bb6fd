import { callbackOfferText } from "../../cc/index.ts";

/** What the default texts are made from. */
export interface PromptContext {
  serviceName: string;
  queues: { digit: string; name: string }[];
  callbackKey: string;
}

const KO_DIGITS = ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
const koKey = (k: string) => (k === "*" ? "별표" : k === "#" ? "샵" : `${KO_DIGITS[Number(k)] ?? k}번`);

/**
 * The "default text" (기본멘트 생성) of a prompt in the service's language (M6); digits are written
 * out in Hangul for Korean so espeak-ng reads them right.
 */
export function defaultPromptText(id: string, language: "ko" | "en", x: PromptContext): string {
  const ko = language === "ko";
  switch (id) {
    case "greeting":
      return ko ? `안녕하십니까. ${x.serviceName} 고객센터입니다.` : `Hello, thank you for calling ${x.serviceName}.`;
    case "menu":
      if (!x.queues.length) return ko ? "잠시만 기다려 주십시오." : "Please hold.";
      return ko
        ? `${x.queues.map((q) => `${q.name} 상담은 ${koKey(q.digit)}`).join(", ")}을 눌러주세요.`
        : x.queues.map((q) => `For ${q.name}, press ${q.digit}.`).join(" ");
    case "connecting":
      return ko ? "상담사를 연결해 드리겠습니다. 잠시만 기다려 주십시오." : "Connecting you to an agent. Please hold.";
    case "delay":
      return ko ? "지금은 통화량이 많아 연결이 지연되고 있습니다. 잠시만 기다려 주십시오." : "All our agents are busy. Please stay on the line.";
    case "callback-offer":
      return callbackOfferText(x.callbackKey, language); // the same words the appliance speaks for the key (C7)
    case "callback-accepted":
      return ko ? "콜백 요청이 접수되었습니다. 곧 연락드리겠습니다. 감사합니다." : "Your callback request has been received. We will call you back soon. Thank you.";
    default:
      return "";
  }
}
