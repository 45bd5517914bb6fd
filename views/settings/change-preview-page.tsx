import type { ServiceArea } from "../components/service-nav.tsx";
import { Csrf } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";

/** One real call the change would route elsewhere (cc's PreviewedCall in words). */
export interface PreviewedCallView {
  callId: string;
  time: string;
  from: string;
  now: string;
  after: string;
}

/** Props of {@link ChangePreviewSection}. */
export interface ChangePreviewProps {
  frame: ServiceFrame;
  area: ServiceArea;
  /** Where the confirm posts (the same save, with `confirm=1`). */
  action: string;
  /** The submitted form values (several for a multi-valued field), sent again on confirm. */
  fields: Record<string, string | string[]>;
  /** Where "cancel" goes (nothing saved). */
  back: string;
  replayed: number;
  changed: PreviewedCallView[];
}

const T = {
  ko: {
    title: "저장 전 미리보기",
    summary: (m: number, n: number) => `지난 7일간의 실제 통화 ${n}건 중 ${m}건이 이 변경으로 다르게 연결됩니다.`,
    time: "일시", from: "발신번호", now: "지금 설정", after: "변경 후",
    confirm: "그래도 저장", cancel: "취소 (저장하지 않음)",
  },
  en: {
    title: "Preview before saving",
    summary: (m: number, n: number) => `${m} of the last 7 days' ${n} real calls would be routed differently with this change.`,
    time: "Time", from: "Caller", now: "Current settings", after: "After the change",
    confirm: "Save anyway", cancel: "Cancel (save nothing)",
  },
} as const;

/**
 * Change preview (issue 17 point 6): before hours, holidays, the menu or queue members are saved,
 * the last 7 days' calls that would go elsewhere, where they went and where they would go; then
 * a confirm that posts the same change again with `confirm=1`, or cancel.
 */
export function ChangePreviewSection(props: ChangePreviewProps) {
  const t = T[props.frame.lang === "ko" ? "ko" : "en"];
  return (
    <section id="area" class="card" data-testid="change-preview">
      <h2>{t.title}</h2>
      <p data-testid="preview-summary">{t.summary(props.changed.length, props.replayed)}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th>{t.time}</th><th>{t.from}</th><th>{t.now}</th><th>{t.after}</th></tr>
          </thead>
          <tbody>
            {props.changed.map((c) => (
              <tr data-call={c.callId}>
                <td data-label={t.time}>{c.time}</td>
                <td data-label={t.from} class="mono">{c.from}</td>
                <td data-label={t.now}>{c.now}</td>
                <td data-label={t.after}>{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={props.action}>
        <Csrf token={props.frame.user.csrfToken} />
        {Object.entries(props.fields).flatMap(([k, v]) =>
          k === "_csrf" || k === "confirm" ? [] : (Array.isArray(v) ? v : [v]).map((one) => <input type="hidden" name={k} value={one} />),
        )}
        <input type="hidden" name="confirm" value="1" />
        <button type="submit">{t.confirm}</button> <a href={props.back}>{t.cancel}</a>
      </form>
    </section>
  );
}

/** The preview as a full page. */
export function ChangePreviewPage(props: ChangePreviewProps) {
  return (
    <ServiceLayout {...props.frame} area={props.area}>
      <ChangePreviewSection {...props} />
    </ServiceLayout>
  );
}
