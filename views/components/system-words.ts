import type { Lang } from "../messages.ts";

/**
 * The appliance's own words that reach the pages — audit actions and objects, changed fields, call
 * leg roles, who ended a leg and why, queue events — in Korean as a Korean admin writes them
 * (issue 9, X7). English pages show the words as they are; unknown words pass through.
 */
const KO = {
  action: {
    view: "조회", play: "녹취 재생", download: "다운로드", export: "엑셀·CSV 다운로드", create: "추가", update: "변경", delete: "삭제",
    grant: "권한 부여", revoke: "권한 회수", "reset-password": "비밀번호 재설정", password: "비밀번호 변경", state: "상태 변경",
    dial: "전화 걸기", request: "콜백 등록", "request-again": "콜백 재요청", hangup: "통화 종료", notes: "상담 메모", "lift-ban": "차단 해제", backup: "백업", restore: "복원", none: "없음",
  },
  object: {
    agents: "상담사", "api-keys": "API 키", backups: "백업", bans: "차단", callbacks: "콜백", calls: "통화", members: "멤버", menu: "메뉴",
    notices: "공지사항", phones: "전화기", prompts: "멘트", queues: "상담큐", roles: "권한", services: "서비스", trunks: "회선", types: "상담유형",
    webhooks: "웹훅", access: "접근관리", dashboard: "모니터링", statistics: "통계", permissions: "권한 변경 로그", "sip trace": "SIP 추적",
    "history/calls": "수발신이력", "history/consultations": "상담이력", "history/callbacks": "콜백 처리이력", "history/worklist": "미연결 고객", "history/logins": "상담사 로그인이력",
    "history/audit": "작업이력", recording: "녹취", "recording.mp3": "녹취 MP3", text: "TTS", upload: "업로드", ivr: "ARS 설정",
    cleared: "모두 지움",
  },
  field: {
    name: "이름", number: "대표번호", callerId: "발신번호", licences: "라이선스 수", state: "상태", group: "그룹", blocked: "블락",
    extension: "내선번호", loginId: "로그인 아이디", mode: "연결 방식", host: "통신사 주소", port: "포트", transport: "전송 방식",
    username: "인증 아이디", password: "비밀번호", numbers: "번호", anyPort: "포트 무관", addresses: "추가 주소", text: "멘트",
    source: "방식", file: "파일", prompt: "멘트", agents: "상담사", digit: "번호", callback: "콜백", hours: "상담시간", holidays: "휴일",
    timezone: "시간대", language: "언어", title: "제목", body: "내용", ranges: "IP 대역",
    email: "이메일", phone: "전화번호", active: "사용 여부", orgAdmin: "조직관리자", serviceAdmin: "서비스 관리자", features: "계약 기능",
    type: "서비스 유형", tenantId: "테넌트 ID", tenantName: "테넌트 이름", logMonitoring: "CTI 로그 모니터링", ctiId: "CTI ID",
    ctiNumber: "CTI 번호", url: "URL", events: "이벤트", domain: "도메인", nickname: "닉네임", uiLang: "화면 언어",
    ticketAssign: "이슈 배정", periodStart: "계약 시작일", periodEnd: "계약 종료일", serviceId: "서비스 ID", queueId: "상담큐 ID",
    date: "날짜", start: "시작", end: "종료", reason: "사유", notes: "메모", cidr: "IP 대역", banner: "배너",
  },
  /** Values of changed fields: booleans, states, roles, service types and features. */
  value: {
    true: "예", false: "아니오", active: "사용", suspended: "정지", pending: "미사용", terminated: "해지", "service-admin": "서비스 관리자",
    agent: "상담사", "org-admin": "조직관리자", register: "등록형", peer: "IP 피어", "contact-center": "상담 관리", tickets: "이슈 관리",
    phone: "전화/CTI", callback: "콜백", recording: "녹취", statistics: "통계", ready: "대기", away: "이석", "wrap-up": "후처리",
  },
  role: { caller: "고객", agent: "상담사", consult: "협의 상담사", transfer: "호전환 상담사", outbound: "발신 상대" },
  endBy: { remote: "상대방", local: "이 서버", system: "시스템", caller: "고객", agent: "상담사" },
  cause: {
    bye: "통화 종료", cancel: "걸기 취소", timeout: "응답 없음", rejected: "거절", busy: "통화 중", failed: "연결 실패",
    shutdown: "서버 종료", interrupted: "중단됨", expired: "세션 만료", "media-timeout": "음성 끊김", unavailable: "연결 불가",
    "no-ack": "ACK 없음", "rejected 488": "코덱 불일치 (488)",
  },
  actor: { "(command line)": "(명령줄)", "(system)": "(시스템)", organization: "조직", unknown: "알 수 없음" },
  event: { enter: "대기 시작", offer: "상담사 호출", "no-answer": "상담사 무응답", answer: "응답", abandon: "포기", callback: "콜백 요청", delay: "지연 안내" },
} as const;

export type SystemWordKind = keyof typeof KO;

/** A system word of `kind` in `lang`: Korean when known, else the word itself. */
export function systemWord(lang: Lang, kind: SystemWordKind, word: string): string {
  if (lang !== "ko") return word;
  return (KO[kind] as Record<string, string>)[word] ?? word;
}

/**
 * An audit target in `lang`: "agents/walker" → "상담사 walker", "calls/c1/recording" → "통화 c1 녹취",
 * "history/calls?from=…" → "수발신이력 ?from=…", "prompts/greeting (text)" → "멘트 greeting (TTS)".
 */
export function auditTargetText(lang: Lang, target: string): string {
  if (lang !== "ko") return target;
  const objects = KO.object as Record<string, string>;
  const [path = "", query] = target.split(/(?=\?)/, 2);
  const long = Object.keys(objects).filter((k) => k.includes("/") || k.includes(" ")).find((k) => path === k || path.startsWith(`${k} `));
  let text: string;
  if (long) text = `${objects[long]}${path.slice(long.length)}`;
  else {
    // The object word leads; a last word is translated only after an id ("calls/<id>/recording").
    const parts = path.split("/");
    text = parts
      .map((p, i) => (i === 0 ? p.replace(/^[a-z-]+/, (w) => objects[w] ?? w) : i > 1 && i === parts.length - 1 ? (objects[p] ?? p) : p))
      .join(" ");
  }
  text = text.replace(/\((text|upload|cleared)\b/, (_, w: string) => `(${objects[w]}`);
  return query ? `${text} ${query}` : text;
}

/** Fields whose values are system words (states, modes, types, features, roles), translated on Korean pages. */
const WORD_FIELDS = new Set(["state", "mode", "type", "features", "role", "roles"]);

/**
 * A change line "field: before → after" in `lang`: in Korean the field, booleans (예/아니오), the
 * values of {@link WORD_FIELDS}, and inside a created or removed object its keys and such values
 * ("∅ → {\"loginId\":\"kim\",\"orgAdmin\":false}" → "∅ → {\"로그인 아이디\":\"kim\",\"조직관리자\":아니오}").
 * Free text (a name that happens to be "active") stays as it is.
 */
export function changeLineText(lang: Lang, line: string): string {
  if (lang !== "ko") return line;
  const fields = KO.field as Record<string, string>;
  const values = KO.value as Record<string, string>;
  const m = /^([A-Za-z]+)((?:\.[\w.]+)?): (.*)$/s.exec(line);
  const field = m?.[1];
  const path = m ? `${fields[field!] ?? field}${m[2]}: ` : "";
  const words = (v: string) => v.replace(/"([\w-]+)"/g, (all, w: string) => (values[w] ? `"${values[w]}"` : all));
  const value = (v: string): string => {
    if (v === "true" || v === "false") return values[v]!;
    if (field && WORD_FIELDS.has(field)) return values[v] ?? words(v);
    // A bare list of system words (a member's roles before a change).
    if (!field && /^\[("[\w-]+",?)+\]$/.test(v) && [...v.matchAll(/"([\w-]+)"/g)].every((x) => values[x[1]!])) return words(v);
    return v
      .replace(/"([A-Za-z]\w*)":("[\w-]+"|\[[^\]]*\]|true|false)?/g, (all, k: string, val?: string) => {
        const key = fields[k] ? `"${fields[k]}":` : `"${k}":`;
        if (val === undefined) return key;
        if (val === "true" || val === "false") return key + values[val];
        return key + (WORD_FIELDS.has(k) ? words(val) : val);
      });
  };
  return path + (m ? m[3]! : line).split(" → ").map(value).join(" → ");
}
