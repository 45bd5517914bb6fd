import type { Lang } from "../messages.ts";

const KO = {
  hint: "HTTPS, 브라우저 소프트폰(WSS), SIP over TLS가 쓰는 인증서입니다. 새 인증서는 올린 뒤 장비를 다시 시작하면 쓰입니다.",
  current: "지금 인증서",
  none: "인증서가 없습니다 (HTTPS와 SIP TLS가 꺼져 있습니다).",
  unreadable: "지금 인증서를 읽을 수 없습니다: {error}",
  subject: "대상",
  issuer: "발급자",
  names: "이름",
  validTo: "만료",
  fingerprint: "SHA-256 지문",
  selfSigned: "자체 서명 인증서입니다. 브라우저가 경고합니다. 도메인용 인증서를 올리세요.",
  expired: "만료된 인증서입니다. 새 인증서를 올리세요.",
  upload: "인증서 올리기",
  cert: "인증서 (PEM, 체인 포함 가능)",
  key: "개인 키 (PEM, 암호 없음)",
  install: "확인하고 저장",
  installed: "새 인증서를 저장했습니다. 장비를 다시 시작하면 쓰입니다. 이전 인증서는 .bak으로 남아 있습니다.",
  "err.certFormat": "PEM 인증서가 아닙니다 (-----BEGIN CERTIFICATE-----).",
  "err.keyFormat": "암호 없는 PEM 개인 키가 아닙니다.",
  "err.keyMismatch": "이 키는 인증서의 키가 아닙니다.",
  "err.notYetValid": "아직 유효 기간이 시작되지 않은 인증서입니다.",
  "err.required": "파일을 고르세요.",
  "err.tooLong": "파일이 너무 큽니다.",
};
const EN: typeof KO = {
  hint: "The certificate of HTTPS, the browser softphone (WSS) and SIP over TLS. An uploaded one is used after the appliance restarts.",
  current: "Certificate in use",
  none: "No certificate (HTTPS and SIP over TLS are off).",
  unreadable: "The certificate in use cannot be read: {error}",
  subject: "Subject",
  issuer: "Issuer",
  names: "Names",
  validTo: "Expires",
  fingerprint: "SHA-256 fingerprint",
  selfSigned: "This is a self-signed certificate: browsers warn about it. Upload one for your domain.",
  expired: "This certificate has expired: upload a new one.",
  upload: "Upload a certificate",
  cert: "Certificate (PEM, chain allowed)",
  key: "Private key (PEM, no passphrase)",
  install: "Check and save",
  installed: "The new certificate is saved and will be used after a restart. The previous one is kept as .bak.",
  "err.certFormat": "Not a PEM certificate (-----BEGIN CERTIFICATE-----).",
  "err.keyFormat": "Not an unencrypted PEM private key.",
  "err.keyMismatch": "This key does not belong to the certificate.",
  "err.notYetValid": "The certificate is not valid yet.",
  "err.required": "Choose a file.",
  "err.tooLong": "The file is too large.",
};

export type TlsKey = keyof typeof KO;

export function tlsText(lang: Lang): (key: TlsKey, vars?: Record<string, string>) => string {
  const dict = lang === "ko" ? KO : EN;
  return (key, vars) => {
    let text = dict[key];
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, v);
    return text;
  };
}
