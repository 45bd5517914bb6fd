import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { PhonesTable, type PhoneRow } from "../partials/phones-table.tsx";
import { setupText } from "../setup/setup-text.ts";

export interface PhonesPageProps {
  lang: Lang;
  t: Translate;
  user: { name: string; csrfToken: string };
  rows: PhoneRow[];
}

/** The Phones page: live registrations, refreshing itself every 2 s. */
export function PhonesPage(props: PhonesPageProps) {
  const { t } = props;
  return (
    <Page lang={props.lang} t={t} title={t("phones.title")} user={props.user} path="/admin/phones">
      <h1>{t("phones.title")}</h1>
      <p class="note">{setupText(props.lang)("phones.liveHint")}</p>
      <PhonesTable t={t} rows={props.rows} refreshUrl="/admin/phones" />
    </Page>
  );
}
