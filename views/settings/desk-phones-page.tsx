import { ListTable } from "../components/data-table.tsx";
import { Csrf, PostButton, Field, Notice, Select, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";
import { PhoneSetup, type PhoneSetupInfo } from "../setup/phone-setup.tsx";
import { setupText } from "../setup/setup-text.ts";

const MODEL_NAMES: Record<string, string> = { yealink: "Yealink", grandstream: "Grandstream", polycom: "Polycom", other: "" };

/** A registered phone row (no secrets). */
export interface DeskPhoneRow {
  model: string;
  mac: string;
  extension: string;
  agentName?: string;
  /** The provisioning file name, or undefined for other models. */
  file?: string;
  /** Its own qualify interval (issue 17 point 1): seconds, 0 = not probed; undefined = the appliance's default. */
  qualifySeconds?: number;
}

/** The secrets of a phone just registered, shown once. */
export interface DeskPhoneSecret {
  model: string;
  file?: string;
  provisioningUrl: string;
  extension: string;
  provisioningPassword: string;
  sipPassword: string;
  /** MACs of the extension's other phones that must fetch their configuration again (a new password was issued). */
  stalePhones?: string[];
  rotated?: boolean;
}

export interface DeskPhonesProps {
  frame: ServiceFrame;
  phones: DeskPhoneRow[];
  agents: { loginId: string; name: string; extension: string }[];
  server: string;
  port: number;
  values?: { model?: string; mac?: string; agent?: string; qualifySeconds?: string };
  errors?: FieldErrors;
  /** The appliance's qualify interval (CC_QUALIFY_SECONDS), what an empty field means. */
  qualifyDefault: number;
  /** A refused change of one phone's interval: its MAC, what was typed and why. */
  qualifyRefused?: { mac: string; value: string; errors: FieldErrors };
  /** A phone's interval was just saved. */
  qualifySaved?: boolean;
  secret?: DeskPhoneSecret;
  /** Everything the phone needs, with the provisioning address's QR code (issue 9). */
  setup?: PhoneSetupInfo;
  /** A phone was just removed. */
  removed?: boolean;
}

const macText = (mac: string) => mac.toUpperCase().match(/../g)!.join(":");

/** One phone's interval in words, and a small form to change it (issue 17 point 1). */
function QualifyCell(props: { s: ReturnType<typeof settingsText>; base: string; token: string; phone: DeskPhoneRow; fallback: number; refused?: DeskPhonesProps["qualifyRefused"] }) {
  const { s, phone } = props;
  const refused = props.refused?.mac === phone.mac ? props.refused : undefined;
  const now = phone.qualifySeconds === undefined ? s("phones.qualifyDefault", { seconds: props.fallback })
    : phone.qualifySeconds === 0 ? s("phones.qualifyOff") : s("phones.qualifySeconds", { seconds: phone.qualifySeconds });
  return (
    <form method="post" action={`${props.base}/${phone.mac}/qualify`} class="inline" data-qualify={phone.qualifySeconds ?? "default"}>
      <Csrf token={props.token} />
      <Field s={s} label={now} name="qualifySeconds" value={refused?.value ?? (phone.qualifySeconds === undefined ? "" : String(phone.qualifySeconds))}
        errors={refused?.errors} placeholder={String(props.fallback)} />
      <button type="submit" class="secondary">{s("phones.qualifySave")}</button>
    </form>
  );
}

/** Desk phones (G2): register, provisioning files, values to enter by hand. */
export function DeskPhonesSection(props: DeskPhonesProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/phones`;
  const token = props.frame.user.csrfToken;
  const other = s("phones.other");
  const u = setupText(props.frame.lang);
  const x = props.secret;
  return (
    <section id="area">
      <p class="note">{u("phones.deskHint")}</p>
      {props.removed && <Notice>{u("done.removed")}</Notice>}
      {props.qualifySaved && <Notice>{s("saved")}</Notice>}
      {x && (
        <Notice kind="secret">
          <p>{s("phones.once")}</p>
          <p data-testid="password-note">{x.rotated ? s("phones.stale", { phones: (x.stalePhones ?? []).map(macText).join(", ") || "-" }) : s("phones.shared")}</p>
          <dl class="pairs">
            {x.file && (
              <>
                <dt>{s("phones.provUrl")}</dt>
                <dd class="mono">{x.provisioningUrl}</dd>
                <dt>{s("phones.file")}</dt>
                <dd class="mono">{x.file}</dd>
                <dt>{s("phones.provUser")}</dt>
                <dd class="mono">{x.extension}</dd>
                <dt>{s("phones.provPassword")}</dt>
                <dd class="mono" data-testid="prov-password">{x.provisioningPassword}</dd>
              </>
            )}
            <dt>{s("phones.sipPassword")}</dt>
            <dd class="mono" data-testid="sip-password">{x.sipPassword}</dd>
          </dl>
        </Notice>
      )}
      {props.setup && <PhoneSetup lang={props.frame.lang} info={props.setup} />}
      <form method="post" action={base} class="card grid">
        <Csrf token={token} />
        <Select s={s} label={s("phones.model")} name="model" value={props.values?.model} errors={props.errors}
          options={["yealink", "grandstream", "polycom", "other"].map((m) => [m, MODEL_NAMES[m] || other])} />
        <Field s={s} label={s("phones.mac")} name="mac" value={props.values?.mac} errors={props.errors} required placeholder="00:15:65:AA:BB:CC" />
        <Select s={s} label={s("phones.extension")} name="agent" value={props.values?.agent} errors={props.errors}
          options={props.agents.map((a) => [a.loginId, `${a.extension} · ${a.name}`])} />
        <Field s={s} label={s("phones.currentSip")} name="sipPassword" type="password" errors={props.errors} />
        <Field s={s} label={s("phones.qualify")} name="qualifySeconds" value={props.values?.qualifySeconds} errors={props.errors}
          placeholder={String(props.qualifyDefault)} hint={s("phones.qualifyHint", { seconds: props.qualifyDefault })} />
        <label class="check">
          <input type="checkbox" name="rotate" value="1" /> {s("phones.rotate")}
        </label>
        <div>
          <button type="submit">{s("phones.register")}</button>
          <p class="muted">{s("phones.resetNote")}</p>
        </div>
      </form>
      <ListTable headers={[s("phones.model"), s("phones.mac"), s("agents.extension"), s("agents.name"), s("phones.file"), s("phones.qualify"), ""]} empty={s("phones.empty")} count={props.phones.length}>
        {props.phones.map((p) => (
          <tr>
            <td data-label={s("phones.model")}>{MODEL_NAMES[p.model] || other}</td>
            <td data-label={s("phones.mac")} class="mono">{macText(p.mac)}</td>
            <td data-label={s("agents.extension")}>{p.extension}</td>
            <td data-label={s("agents.name")}>{p.agentName ?? ""}</td>
            <td data-label={s("phones.file")} class="mono">
              {p.file ? `/provision/${p.file}` : `${s("phones.manual")}: ${props.server}:${props.port}, ${p.extension}`}
            </td>
            <td data-label={s("phones.qualify")}>
              <QualifyCell s={s} base={base} token={token} phone={p} fallback={props.qualifyDefault} refused={props.qualifyRefused} />
            </td>
            <td>
              <PostButton action={`${base}/${p.mac}/delete`} token={token} label={s("remove")} confirm={u("confirm.deskPhone", { mac: macText(p.mac) })} />
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

/** The desk phones page (G2). */
export function DeskPhonesPage(props: DeskPhonesProps) {
  return (
    <ServiceLayout {...props.frame} area="phones">
      <DeskPhonesSection {...props} />
    </ServiceLayout>
  );
}
