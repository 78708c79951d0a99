// The client record's fields, shared by "open a case" and "edit the case".
import { TextField } from "~/components/ui/form";
import { CheckboxGroupField, SelectField, TextAreaField } from "~/components/ui/fields";
import type { CommunicationNeed } from "~/domain/cases/client-schemas";
import { isMessageKey, useT } from "~/i18n";

export type ClientFieldValues = {
  firstName?: string | null;
  lastName?: string | null;
  personalCode?: string | null;
  /** YYYY-MM-DD */
  dateOfBirth?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  preferredLanguage?: string | null;
  communicationNeeds?: readonly string[];
  interpreterLanguage?: string | null;
  accessibilityNotes?: string | null;
  legalRepresentative?: string | null;
  legalRepresentativeContact?: string | null;
};

export function useLanguageName() {
  const t = useT();
  return (code: string) => {
    const key = `clientLanguage.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
}

export function ClientFields({
  values = {},
  languages,
  communicationNeeds,
  data,
}: {
  values?: ClientFieldValues;
  languages: readonly string[];
  communicationNeeds: readonly CommunicationNeed[];
  data: unknown;
}) {
  const t = useT();
  const languageName = useLanguageName();
  const current = values.preferredLanguage;
  const languageOptions = [...languages, ...(current && !languages.includes(current) ? [current] : [])].map((code) => ({
    value: code,
    label: languageName(code),
  }));
  const v = (value: string | null | undefined) => value ?? undefined;
  return (
    <>
      <fieldset className="form-section">
        <legend>{t("client.section.person")}</legend>
        <div className="grid-2">
          <TextField
            name="firstName"
            label={t("client.firstName")}
            autoComplete="off"
            required
            defaultValue={v(values.firstName)}
            data={data}
          />
          <TextField
            name="lastName"
            label={t("client.lastName")}
            autoComplete="off"
            required
            defaultValue={v(values.lastName)}
            data={data}
          />
        </div>
        <div className="grid-2">
          <TextField
            name="personalCode"
            label={t("client.personalCode")}
            hint={t("client.personalCodeHint")}
            autoComplete="off"
            defaultValue={v(values.personalCode)}
            data={data}
          />
          <TextField
            name="dateOfBirth"
            type="date"
            label={t("client.dateOfBirth")}
            hint={t("client.dateOfBirthHint")}
            defaultValue={v(values.dateOfBirth)}
            data={data}
          />
        </div>
        <SelectField
          name="preferredLanguage"
          label={t("client.preferredLanguage")}
          options={languageOptions}
          defaultValue={values.preferredLanguage ?? "et"}
          data={data}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("client.section.contact")}</legend>
        <div className="grid-2">
          <TextField
            name="phone"
            type="tel"
            label={t("client.phone")}
            autoComplete="off"
            defaultValue={v(values.phone)}
            data={data}
          />
          <TextField
            name="email"
            type="email"
            label={t("client.email")}
            autoComplete="off"
            defaultValue={v(values.email)}
            data={data}
          />
        </div>
        <TextField
          name="address"
          label={t("client.address")}
          autoComplete="off"
          defaultValue={v(values.address)}
          data={data}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("client.section.communication")}</legend>
        <CheckboxGroupField
          name="communicationNeeds"
          legend={t("client.communicationNeeds")}
          hint={t("client.communicationNeedsHint")}
          options={communicationNeeds.map((need) => ({
            value: need,
            label: t(`communicationNeed.${need}`),
            hint: t(`communicationNeed.${need}.hint`),
          }))}
          defaultValues={values.communicationNeeds}
          data={data}
        />
        <TextField
          name="interpreterLanguage"
          label={t("client.interpreterLanguage")}
          hint={t("client.interpreterLanguageHint")}
          autoComplete="off"
          defaultValue={v(values.interpreterLanguage)}
          data={data}
        />
        <TextAreaField
          name="accessibilityNotes"
          label={t("client.accessibilityNotes")}
          hint={t("client.accessibilityNotesHint")}
          rows={3}
          defaultValue={values.accessibilityNotes}
          data={data}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("client.section.representative")}</legend>
        <p className="field__hint">{t("client.representativeHint")}</p>
        <div className="grid-2">
          <TextField
            name="legalRepresentative"
            label={t("client.legalRepresentative")}
            autoComplete="off"
            defaultValue={v(values.legalRepresentative)}
            data={data}
          />
          <TextField
            name="legalRepresentativeContact"
            label={t("client.legalRepresentativeContact")}
            autoComplete="off"
            defaultValue={v(values.legalRepresentativeContact)}
            data={data}
          />
        </div>
      </fieldset>
    </>
  );
}
