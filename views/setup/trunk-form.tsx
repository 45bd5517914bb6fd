import { Csrf, FieldError, type FieldErrors } from "../settings/fields.tsx";
import { settingsText } from "../settings/text.ts";
import type { Lang } from "../messages.ts";
import { trunkText } from "./trunk-text.ts";

/** The trunk form's values as typed (see src/web/admin/trunk-form.ts). */
export interface TrunkFormValues {
  trunkId?: string;
  name: string;
  mode: "register" | "peer";
  host: string;
  port: string;
  transport: string;
  username: string;
  anyPort: boolean;
  addresses: string;
  fromUser: "number" | "account" | "anonymous";
  assertIdentity: boolean;
  priority: string;
  maxCalls: string;
  outboundProxy: string;
  /** Outbound talk minutes per last hour and per last 24 hours, 0 for no cap (issue 16 point 6). */
  capHourMinutes: string;
  capDayMinutes: string;
  numbers: { number: string; serviceId: string }[];
}

export interface TrunkFormProps {
  lang: Lang;
  csrfToken: string;
  action: string;
  values: TrunkFormValues;
  errors?: FieldErrors;
  /** The services a number may reach. */
  services: { serviceId: string; name: string }[];
  /** Editing a stored trunk: an empty password keeps it. */
  editing?: boolean;
}

/** Empty number rows offered after the filled ones. */
const SPARE_ROWS = 2;

/**
 * Add or edit a carrier trunk (T7): name, registration (user name and password) or IP peer (port,
 * any port, more addresses), and its numbers with the service each reaches. The registration-only
 * and peer-only fields hide themselves by the chosen mode (CSS `:has`), and stay usable without it.
 */
export function TrunkForm(props: TrunkFormProps) {
  const s = settingsText(props.lang);
  const t = trunkText(props.lang);
  const v = props.values;
  const e = props.errors;
  const rows = [...v.numbers, ...Array.from({ length: SPARE_ROWS }, () => ({ number: "", serviceId: props.services[0]?.serviceId ?? "" }))];
  const bad = (name: string) => (e?.[name] ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {});
  return (
    <form method="post" action={props.action} class="card trunk-form" id="trunk-form">
      <Csrf token={props.csrfToken} />
      <FieldError s={s} errors={e} name="_form" />
      <FieldError s={s} errors={e} name="trunkId" />
      <label>
        {t("name")}
        <input name="name" value={v.name} required maxlength={100} {...bad("name")} />
        <small class="muted">{t("nameHint")}</small>
        <FieldError s={s} errors={e} name="name" />
      </label>
      <fieldset class="modes">
        <legend>{t("mode")}</legend>
        {(["register", "peer"] as const).map((m) => (
          <label class="check">
            <input type="radio" name="mode" value={m} checked={v.mode === m} /> {t(`mode.${m}`)}
          </label>
        ))}
      </fieldset>
      <div class="grid">
        <label>
          {t("host")}
          <input name="host" value={v.host} required maxlength={253} {...bad("host")} />
          <small class="muted">{t("hostHint")}</small>
          <FieldError s={s} errors={e} name="host" />
        </label>
        <label>
          {t("port")}
          <input name="port" value={v.port} inputmode="numeric" placeholder="5060" maxlength={5} {...bad("port")} />
          <small class="muted">{t("portHint")}</small>
          <FieldError s={s} errors={e} name="port" />
        </label>
        <label>
          {t("transport")}
          <select name="transport">
            {["udp", "tcp", "tls"].map((x) => (
              <option value={x} selected={v.transport === x}>{x.toUpperCase()}</option>
            ))}
          </select>
        </label>
        <label class="only-register">
          {t("username")}
          <input name="username" value={v.username} maxlength={128} autocomplete="off" {...bad("username")} />
          <small class="muted">{t("usernameHint")}</small>
          <FieldError s={s} errors={e} name="username" />
        </label>
        <label class="only-register">
          {t("password")}
          <input name="password" type="password" maxlength={128} autocomplete="new-password" {...bad("password")} />
          {props.editing && <small class="muted">{t("passwordKeep")}</small>}
          <FieldError s={s} errors={e} name="password" />
        </label>
        <label class="check only-peer">
          <input type="checkbox" name="anyPort" value="1" checked={v.anyPort} /> {t("anyPort")}
        </label>
        <label class="only-peer">
          {t("addresses")}
          <textarea name="addresses" rows={2} {...bad("addresses")}>{v.addresses}</textarea>
          <small class="muted">{t("addressesHint")}</small>
          {Object.keys(e ?? {}).filter((k) => k.startsWith("addresses")).slice(0, 1).map((k) => <FieldError s={s} errors={e} name={k} />)}
        </label>
      </div>
      <fieldset class="outbound">
        <legend>{t("outbound")}</legend>
        <p class="muted">{t("outboundHint")}</p>
        <div class="grid">
          <label>
            {t("fromUser")}
            <select name="fromUser" {...bad("fromUser")}>
              {(["number", "account", "anonymous"] as const).map((x) => (
                <option value={x} selected={v.fromUser === x}>{t(`fromUser.${x}`)}</option>
              ))}
            </select>
            <FieldError s={s} errors={e} name="fromUser" />
          </label>
          <label class="check">
            <input type="checkbox" name="assertIdentity" value="1" checked={v.assertIdentity} /> {t("assertIdentity")}
          </label>
          <label>
            {t("priority")}
            <input name="priority" value={v.priority} inputmode="numeric" placeholder="0" maxlength={2} {...bad("priority")} />
            <small class="muted">{t("priorityHint")}</small>
            <FieldError s={s} errors={e} name="priority" />
          </label>
          <label>
            {t("maxCalls")}
            <input name="maxCalls" value={v.maxCalls} inputmode="numeric" placeholder="0" maxlength={5} {...bad("maxCalls")} />
            <small class="muted">{t("maxCallsHint")}</small>
            <FieldError s={s} errors={e} name="maxCalls" />
          </label>
          <label>
            {t("outboundProxy")}
            <input name="outboundProxy" value={v.outboundProxy} maxlength={260} {...bad("outboundProxy")} />
            <small class="muted">{t("outboundProxyHint")}</small>
            <FieldError s={s} errors={e} name="outboundProxy" />
          </label>
          <label>
            {t("capHour")}
            <input name="capHourMinutes" value={v.capHourMinutes} inputmode="numeric" placeholder="0" maxlength={6} {...bad("capHourMinutes")} />
            <small class="muted">{t("capHourHint")}</small>
            <FieldError s={s} errors={e} name="capHourMinutes" />
          </label>
          <label>
            {t("capDay")}
            <input name="capDayMinutes" value={v.capDayMinutes} inputmode="numeric" placeholder="0" maxlength={6} {...bad("capDayMinutes")} />
            <small class="muted">{t("capDayHint")}</small>
            <FieldError s={s} errors={e} name="capDayMinutes" />
          </label>
        </div>
      </fieldset>
      <fieldset class="numbers">
        <legend>{t("numbers")}</legend>
        <p class="muted">{t("numbersHint")}</p>
        <FieldError s={s} errors={e} name="numbers" />
        {rows.map((n, i) => (
          <div class="number-row">
            <label>
              {t("number")} {i + 1}
              <input name="number" value={n.number} inputmode="tel" maxlength={21} {...bad(`numbers.${i}.number`)} />
              <FieldError s={s} errors={e} name={`numbers.${i}.number`} />
            </label>
            <label>
              {t("service")}
              <select name="serviceId">
                {props.services.map((x) => (
                  <option value={x.serviceId} selected={x.serviceId === n.serviceId}>{x.name} ({x.serviceId})</option>
                ))}
              </select>
              <FieldError s={s} errors={e} name={`numbers.${i}.serviceId`} />
            </label>
          </div>
        ))}
      </fieldset>
      <div>
        <button type="submit">{props.editing ? t("save") : t("add")}</button>
      </div>
    </form>
  );
}
