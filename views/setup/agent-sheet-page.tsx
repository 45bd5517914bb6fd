import { ServiceLayout, type ServiceFrame } from "../settings/service-layout.tsx";
import { PhoneSetup, type PhoneSetupInfo } from "./phone-setup.tsx";
import { setupText } from "./setup-text.ts";

/** An agent's phone setup sheet (issue 9): the settings card alone when printed (print CSS hides the rest). */
export function AgentSheetPage(props: { frame: ServiceFrame; info: PhoneSetupInfo }) {
  const s = setupText(props.frame.lang);
  return (
    <ServiceLayout {...props.frame} area="agents">
      <p class="muted no-print">{s("phone.sheetHint")}</p>
      <PhoneSetup lang={props.frame.lang} info={props.info} sheet />
    </ServiceLayout>
  );
}
