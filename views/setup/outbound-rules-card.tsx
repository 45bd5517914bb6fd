import type { Lang } from "../messages.ts";
import { Csrf, FieldError, type FieldErrors } from "../settings/fields.tsx";
import { settingsText } from "../settings/text.ts";

/** A service's outbound rules as the form shows them (issue 16 point 6, T9). */
export interface OutboundRulesView {
  serviceId: string;
  serviceName: string;
  allowInternational: boolean;
  allowPremium: boolean;
  allowAfterHours: boolean;
  /** As typed (numbers, or the text refused). */
  extensionHourMinutes: string;
  extensionDayMinutes: string;
  errors?: FieldErrors;
  saved?: boolean;
}

const TEXT = {
  ko: {
    title: "발신 규칙: {name}",
    intro: "요금 사기(무단 발신)를 막는 설정입니다. 국제전화와 060 유료 번호, 영업시간 외 발신은 기본으로 막혀 있습니다.",
    allowInternational: "국제전화 허용",
    allowPremium: "060 유료 정보서비스 번호 허용",
    allowAfterHours: "영업시간 외·휴일 발신 허용 (영업시간은 ARS 설정을 따릅니다)",
    extHour: "내선(상담원)별 시간당 발신 한도 (분)",
    extDay: "내선(상담원)별 하루 발신 한도 (분)",
    capHint: "최근 60분/24시간 동안 건 전화의 통화 시간 합계, 0은 한도 없음",
    warnInternational: "주의: 국제전화가 허용되어 있습니다. 계정이 도용되면 큰 요금이 나올 수 있습니다. 필요할 때만 켜고 발신 한도를 함께 정하세요.",
    warnPremium: "주의: 060 유료 번호가 허용되어 있습니다. 통화료가 높고 요금 사기에 자주 쓰입니다.",
    warnAfterHours: "영업시간 외 발신이 허용되어 있습니다. 아무도 없는 시간의 발신을 살펴보세요.",
    save: "발신 규칙 저장",
    saved: "발신 규칙을 저장했습니다.",
  },
  en: {
    title: "Outbound rules: {name}",
    intro: "Settings against toll fraud. International numbers, premium-rate 060 numbers and calls out after hours are blocked by default.",
    allowInternational: "Allow international numbers",
    allowPremium: "Allow premium-rate information numbers (060)",
    allowAfterHours: "Allow calls out after hours and on holidays (the ARS business hours)",
    extHour: "Outgoing minutes per hour, each extension (agent)",
    extDay: "Outgoing minutes per day, each extension (agent)",
    capHint: "Talk minutes of calls out in the last 60 minutes / 24 hours; 0 for no cap",
    warnInternational: "Warning: international calls are allowed. A stolen login could run up a large bill. Turn this on only when needed, and set minute caps.",
    warnPremium: "Warning: premium-rate 060 numbers are allowed. They cost a lot per minute and are a common toll-fraud target.",
    warnAfterHours: "Calls out after hours are allowed. Watch for calls when nobody should be working.",
    save: "Save outbound rules",
    saved: "Outbound rules saved.",
  },
};

/** One service's outbound rules on the trunks page, with a warning for each risk turned on. */
export function OutboundRulesCard(props: { lang: Lang; csrfToken: string; rules: OutboundRulesView; canEdit: boolean }) {
  const t = TEXT[props.lang === "ko" ? "ko" : "en"];
  const s = settingsText(props.lang);
  const r = props.rules;
  const e = r.errors;
  const id = (k: string) => `${k}-${r.serviceId}`;
  const bad = (name: string) => (e?.[name] ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {});
  const off = props.canEdit ? {} : { disabled: true };
  return (
    <section class="card outbound-rules" id={`outbound-rules-${r.serviceId}`} data-service={r.serviceId}>
      <h3 class="wrap">{t.title.replace("{name}", r.serviceName)}</h3>
      <p class="muted">{t.intro}</p>
      {r.saved && <div class="notice ok" role="status">{t.saved}</div>}
      {r.allowInternational && <p class="notice warn" role="alert" data-warn="international">{t.warnInternational}</p>}
      {r.allowPremium && <p class="notice warn" role="alert" data-warn="premium">{t.warnPremium}</p>}
      {r.allowAfterHours && <p class="notice warn" data-warn="after-hours">{t.warnAfterHours}</p>}
      <form method="post" action={`/admin/trunk-rules/${encodeURIComponent(r.serviceId)}`}>
        <Csrf token={props.csrfToken} />
        <FieldError s={s} errors={e} name="_form" />
        <label class="check" for={id("allowInternational")}>
          <input type="checkbox" id={id("allowInternational")} name="allowInternational" value="1" checked={r.allowInternational} {...off} /> {t.allowInternational}
        </label>
        <label class="check" for={id("allowPremium")}>
          <input type="checkbox" id={id("allowPremium")} name="allowPremium" value="1" checked={r.allowPremium} {...off} /> {t.allowPremium}
        </label>
        <label class="check" for={id("allowAfterHours")}>
          <input type="checkbox" id={id("allowAfterHours")} name="allowAfterHours" value="1" checked={r.allowAfterHours} {...off} /> {t.allowAfterHours}
        </label>
        <div class="grid">
          <label>
            {t.extHour}
            <input name="extensionHourMinutes" value={r.extensionHourMinutes} inputmode="numeric" placeholder="0" maxlength={6} {...bad("extensionHourMinutes")} {...off} />
            <small class="muted">{t.capHint}</small>
            <FieldError s={s} errors={e} name="extensionHourMinutes" />
          </label>
          <label>
            {t.extDay}
            <input name="extensionDayMinutes" value={r.extensionDayMinutes} inputmode="numeric" placeholder="0" maxlength={6} {...bad("extensionDayMinutes")} {...off} />
            <small class="muted">{t.capHint}</small>
            <FieldError s={s} errors={e} name="extensionDayMinutes" />
          </label>
        </div>
        {props.canEdit && <button type="submit">{t.save}</button>}
      </form>
    </section>
  );
}
