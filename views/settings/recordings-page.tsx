import { sizeText } from "../org/backups-text.ts";
import { Csrf, FieldError, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";

const TEXT = {
  ko: {
    hint: "보관 기간이 지난 통화의 녹취는 매일 한 번 지워지고, 그 통화 기록에는 '보관 기간 경과'로 남습니다. 비워 두면 계속 보관합니다.",
    days: "녹취 보관 기간(일)",
    forever: "계속 보관",
    save: "저장",
    usage: "녹취가 쓰는 디스크: {used}",
    budget: "녹취 디스크 한도: {budget} (CC_RECORDINGS_BUDGET). 한도에 이르면 통화는 연결되지만 녹취되지 않습니다.",
    noBudget: "녹취 디스크 한도가 없습니다 (CC_RECORDINGS_BUDGET).",
  },
  en: {
    hint: "Recordings of calls older than this are removed once a day; their call records then say so. Leave it empty to keep them for ever.",
    days: "Keep recordings for (days)",
    forever: "for ever",
    save: "Save",
    usage: "Disk used by recordings: {used}",
    budget: "Recordings' disk budget: {budget} (CC_RECORDINGS_BUDGET). When it is spent calls still connect but go unrecorded.",
    noBudget: "No disk budget for recordings (CC_RECORDINGS_BUDGET).",
  },
};

export interface RecordingsSettingsProps {
  frame: ServiceFrame;
  /** Days kept; undefined: for ever. */
  days?: number;
  value?: string;
  errors?: FieldErrors;
  budget: { usedBytes: number; budgetBytes: number };
}

/** Recordings of a service (M5, issue 11): how long they are kept, and the disk they take. */
export function RecordingsSettingsPage(props: RecordingsSettingsProps) {
  const { frame } = props;
  const s = settingsText(frame.lang);
  const r = TEXT[frame.lang === "ko" ? "ko" : "en"];
  const base = `/admin/services/${frame.service.serviceId}/recordings`;
  return (
    <ServiceLayout {...frame} area="recordings">
      <section id="area">
        <p class="muted">{r.hint}</p>
        <form method="post" action={base} class="card" id="retention-form">
          <Csrf token={frame.user.csrfToken} />
          <label>
            {r.days}
            <input type="number" name="days" min={1} max={3650} value={props.value ?? (props.days === undefined ? "" : String(props.days))} placeholder={r.forever} aria-invalid={props.errors?.days ? "true" : undefined} />
            <FieldError s={s} errors={props.errors} name="days" />
          </label>
          <button type="submit">{r.save}</button>
        </form>
        <p id="recordings-usage">{r.usage.replace("{used}", sizeText(props.budget.usedBytes))}</p>
        <p>{props.budget.budgetBytes > 0 ? r.budget.replace("{budget}", sizeText(props.budget.budgetBytes)) : r.noBudget}</p>
      </section>
    </ServiceLayout>
  );
}
