// Form fields beyond TextField (./form.tsx), built the same way: a visible label, the hint and
// the error tied to the control with aria-describedby, and after a failed submit the value the
// user typed (the action's `values` echo) rather than the original.
import { useId } from "react";
import { translateDynamic, useLocale } from "~/i18n";
import { getErrors } from "./form";

function useFieldState(name: string, data: unknown) {
  const id = useId();
  const locale = useLocale();
  const errors = getErrors(data);
  const errorKey = errors?.fieldErrors[name];
  return {
    id,
    errors,
    error: errorKey ? translateDynamic(locale, errorKey) : null,
    echoed: errors ? errors.values[name] : undefined,
  };
}

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function HintAndError({ id, hint, error }: { id: string; hint?: string; error: string | null }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextAreaField(props: {
  name: string;
  label: string;
  defaultValue?: string | null;
  required?: boolean;
  hint?: string;
  rows?: number;
  data?: unknown;
}) {
  const { id, error, echoed } = useFieldState(props.name, props.data);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <HintAndError id={id} hint={props.hint} error={error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        defaultValue={echoed ?? props.defaultValue ?? ""}
        required={props.required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      />
    </div>
  );
}

export type Option = { value: string; label: string };

export function SelectField(props: {
  name: string;
  label: string;
  options: Option[];
  /** Options shown in labelled groups after the plain ones. */
  groups?: { label: string; options: Option[] }[];
  defaultValue?: string | null;
  /** A first, empty choice ("choose ...") when nothing is selected yet. */
  placeholder?: string;
  required?: boolean;
  hint?: string;
  data?: unknown;
}) {
  const { id, error, echoed } = useFieldState(props.name, props.data);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <HintAndError id={id} hint={props.hint} error={error} />
      <select
        id={id}
        name={props.name}
        defaultValue={echoed ?? props.defaultValue ?? ""}
        required={props.required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {props.groups?.map((g) =>
          g.options.length > 0 ? (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null,
        )}
      </select>
    </div>
  );
}

/**
 * Several checkboxes under one question: a fieldset whose legend is the question. Each box posts
 * `<name>.<value>` = "on" (collectCheckboxGroup turns them into an array), so each can be echoed.
 */
export function CheckboxGroupField(props: {
  name: string;
  legend: string;
  options: (Option & { hint?: string })[];
  defaultValues?: readonly string[];
  hint?: string;
  data?: unknown;
}) {
  const { id, errors, error } = useFieldState(props.name, props.data);
  const isChecked = (value: string) =>
    errors ? errors.values[`${props.name}.${value}`] === "on" : (props.defaultValues ?? []).includes(value);
  return (
    <fieldset
      className={`field choice-group${error ? " field--error" : ""}`}
      aria-describedby={describedBy(id, props.hint, error)}
    >
      <legend>{props.legend}</legend>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.options.map((o) => (
        <div key={o.value} className="choice">
          <input
            id={`${id}-${o.value}`}
            type="checkbox"
            name={`${props.name}.${o.value}`}
            defaultChecked={isChecked(o.value)}
            aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          {o.hint ? (
            <p id={`${id}-${o.value}-hint`} className="field__hint choice__hint">
              {o.hint}
            </p>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}

/** One choice out of several, as radio buttons in a fieldset. */
export function RadioGroupField(props: {
  name: string;
  legend: string;
  options: (Option & { hint?: string })[];
  defaultValue?: string | null;
  hint?: string;
  data?: unknown;
}) {
  const { id, error, echoed } = useFieldState(props.name, props.data);
  const selected = echoed ?? props.defaultValue ?? null;
  return (
    <fieldset
      className={`field choice-group${error ? " field--error" : ""}`}
      aria-describedby={describedBy(id, props.hint, error)}
    >
      <legend>{props.legend}</legend>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.options.map((o) => (
        <div key={o.value} className="choice">
          <input
            id={`${id}-${o.value}`}
            type="radio"
            name={props.name}
            value={o.value}
            defaultChecked={selected === o.value}
            aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          {o.hint ? (
            <p id={`${id}-${o.value}-hint`} className="field__hint choice__hint">
              {o.hint}
            </p>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}
