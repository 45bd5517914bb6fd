import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgNotice } from "./org-fields.tsx";
import { networkText, type NetworkKey } from "./network-text.ts";

export interface NetworkPageProps {
  frame: OrgFrame;
  view?: {
    bindAddress: string;
    externalAddress?: string;
    internetSees: string;
    lanSees: string;
    externalMissing: boolean;
    externalUsed: boolean;
    forwards: { protocol: string; ports: string; what: "sip" | "sipTls" | "rtp" | "https" | "http" }[];
  };
}

/** NAT (T10, issue 11): the addresses peers are given, a check of the external one, and the ports to forward. */
export function NetworkPage(props: NetworkPageProps) {
  const n = networkText(props.frame.lang);
  const v = props.view;
  return (
    <OrgLayout frame={props.frame} area="network">
      <p class="muted">{n("hint")}</p>
      {v && (
        <>
          <section class="card" id="network-addresses">
            <p>{n("bind", { bind: v.bindAddress })}</p>
            <p>{v.externalAddress ? n("external", { external: v.externalAddress }) : n("externalUnset")}</p>
            <p id="internet-sees">{n("internetSees", { address: v.internetSees })}</p>
            <p>{n("lanSees", { address: v.lanSees })}</p>
          </section>
          {v.externalMissing && <p class="error" role="alert" id="external-missing">{n("missing")}</p>}
          {v.externalUsed && <OrgNotice><span id="external-used">{n("used")}</span></OrgNotice>}
          <h2>{n("forwards")}</h2>
          <div class="table-wrap" id="forwards">
            <table>
              <thead><tr><th>{n("protocol")}</th><th>{n("ports")}</th><th>{n("what")}</th></tr></thead>
              <tbody>
                {v.forwards.map((f) => (
                  <tr><td>{f.protocol}</td><td class="mono">{f.ports}</td><td>{n(f.what as NetworkKey)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p class="muted">{n("change")}</p>
    </OrgLayout>
  );
}
