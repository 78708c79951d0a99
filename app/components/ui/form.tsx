import { useRouteLoaderData } from "@remix-run/react";
import { useId } from "react";
import { translateDynamic, useLocale, useT } from "~/i18n";

export function CsrfField() {
  const data = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return <input type="hidden" name="_csrf" value={data?.csrfToken ?? ""} />;
}

export type FormActionData =
  | {
      ok: false;
      formError: string | null;
      formErrorParams?: Record<string, string | number>;
      fieldErrors: Record<string, string>;
      values: Record<string, string>;
    }
  | { ok: true }
  | undefined;

export function getErrors(data: unknown) {
  const d = data as FormActionData;
  if (d && d.ok === false) return d;
  return null;
}

/** The error summary at the top of a form: announced to screen readers when it appears. */
export function FormErrorSummary({ data }: { data: unknown }) {
  const locale = useLocale();
  const errors = getErrors(data);
  if (!errors?.formError) return null;
  return (
    <div className="alert alert--error" role="alert">
      {translateDynamic(locale, errors.formError, errors.formErrorParams)}
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "tel" | "date" | "datetime-local" | "number";
  autoComplete?: string;
  defaultValue?: string;
  required?: boolean;
  hint?: string;
  data?: unknown;
}) {
  const id = useId();
  const locale = useLocale();
  const errors = getErrors(props.data);
  const error = errors?.fieldErrors[props.name];
  const value = errors?.values[props.name] ?? props.defaultValue;
  const describedBy = [props.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {translateDynamic(locale, error)}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        defaultValue={props.type === "password" ? undefined : value}
        required={props.required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function SubmitButton({ children }: { children: React.ReactNode }) {
  return (
    <button type="submit" className="button">
      {children}
    </button>
  );
}

export { useT };
