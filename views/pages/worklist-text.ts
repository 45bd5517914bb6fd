import type { Lang } from "../messages.ts";

const KO = {
  intro: "포기·상담시간 외·콜백 실패 고객을 번호마다 한 번씩 보여줍니다. 이 번호와 상담사가 연결된 통화(수신 또는 발신)가 생기면 목록에서 사라집니다.",
  days: "기간(일)",
  show: "조회",
  number: "번호",
  last: "마지막 시각",
  reason: "사유",
  losses: "횟수",
  action: "콜백",
  "reason.abandoned": "포기",
  "reason.after-hours": "상담시간 외",
  "reason.callback-failed": "콜백 실패",
  request: "콜백 등록",
  pending: "콜백 대기 중 (#{id})",
  empty: "놓친 고객이 없습니다.",
  done: "{number} 콜백을 등록했습니다.",
  already: "{number}에는 이미 대기 중인 콜백이 있습니다 (한 번호에 하나).",
  settings: "콜백 설정",
  key: "콜백 버튼 (안내 멘트가 이 버튼을 말합니다)",
  retry: "무응답 후 재시도 (분)",
  tries: "최대 시도 횟수",
  auto: "자동 콜백 (대기 상담사에게 먼저 걸고 고객에게 연결)",
  save: "저장",
  saved: "콜백 설정을 저장했습니다.",
} as const;

const EN: Record<keyof typeof KO, string> = {
  intro: "Callers who gave up waiting, called after hours or whose callback failed — once per number. A number leaves the list once a call with it is connected to an agent, inbound or outbound.",
  days: "Days",
  show: "Show",
  number: "Number",
  last: "Last",
  reason: "Reason",
  losses: "Times",
  action: "Callback",
  "reason.abandoned": "Abandoned",
  "reason.after-hours": "After hours",
  "reason.callback-failed": "Callback failed",
  request: "Call back",
  pending: "Callback waiting (#{id})",
  empty: "No lost callers.",
  done: "Callback requested for {number}.",
  already: "{number} already has a callback waiting (one per number).",
  settings: "Callback settings",
  key: "Callback key (the offer prompt names this key)",
  retry: "Retry after no answer (minutes)",
  tries: "Tries at most",
  auto: "Automatic callbacks (a ready agent first, then the customer)",
  save: "Save",
  saved: "Callback settings saved.",
};

export type WorklistKey = keyof typeof KO;

/** The worklist page's words in `lang`, with `{name}` filled in. */
export function worklistText(lang: Lang): (key: WorklistKey, vars?: Record<string, string | number>) => string {
  const dict: Record<WorklistKey, string> = lang === "ko" ? KO : EN;
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
}
