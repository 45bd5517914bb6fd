import type { Lang } from "../messages.ts";

const KO = {
  hint: "인터넷에서 전화기나 통신사가 이 장비에 닿으려면 공유기(NAT)에서 아래 포트를 이 장비로 넘겨 주어야 합니다.",
  bind: "수신 주소: {bind}",
  external: "외부 주소(CC_EXTERNAL_ADDRESS): {external}",
  externalUnset: "외부 주소(CC_EXTERNAL_ADDRESS)가 설정되지 않았습니다.",
  internetSees: "인터넷의 전화기·통신사에 알리는 주소(Via, Contact, SDP): {address}",
  lanSees: "사내망 전화기에 알리는 주소: {address}",
  missing: "인터넷 쪽 상대에게 사설 주소를 알리고 있습니다. 공인 주소를 CC_EXTERNAL_ADDRESS로 설정하고 다시 시작하세요. 그렇지 않으면 외부 통화의 음성이 들리지 않습니다.",
  used: "확인: 설정한 외부 주소가 SDP와 Contact에 쓰이고 있습니다.",
  forwards: "넘겨 줄 포트",
  protocol: "프로토콜",
  ports: "포트",
  what: "용도",
  sip: "SIP (전화기, 통신사)",
  sipTls: "SIP over TLS",
  rtp: "음성(RTP) — CC_RTP_PORTS",
  https: "웹 페이지, 브라우저 소프트폰(WSS)",
  http: "웹 페이지, 브라우저 소프트폰(WS)",
  change: "주소와 포트는 설정(환경 변수)에서 바꾸고 다시 시작합니다.",
};
const EN: typeof KO = {
  hint: "For phones and carriers on the internet to reach this appliance, the router (NAT) in front of it must forward these ports to it.",
  bind: "Listening on: {bind}",
  external: "External address (CC_EXTERNAL_ADDRESS): {external}",
  externalUnset: "No external address (CC_EXTERNAL_ADDRESS) is set.",
  internetSees: "Address given to phones and carriers on the internet (Via, Contact, SDP): {address}",
  lanSees: "Address given to phones on the office network: {address}",
  missing: "Peers on the internet are given a private address: set your public address in CC_EXTERNAL_ADDRESS and restart, or calls from outside will have no audio.",
  used: "Checked: the configured external address is the one used in SDP and Contact.",
  forwards: "Ports to forward",
  protocol: "Protocol",
  ports: "Ports",
  what: "For",
  sip: "SIP (phones, carriers)",
  sipTls: "SIP over TLS",
  rtp: "Audio (RTP) — CC_RTP_PORTS",
  https: "Web pages, browser softphone (WSS)",
  http: "Web pages, browser softphone (WS)",
  change: "Addresses and ports are settings (environment variables); change them and restart.",
};

export type NetworkKey = keyof typeof KO;

export function networkText(lang: Lang): (key: NetworkKey, vars?: Record<string, string | number>) => string {
  const dict = lang === "ko" ? KO : EN;
  return (key, vars) => {
    let text = dict[key];
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}
