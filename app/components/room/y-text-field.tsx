// A labelled textarea bound to a Y.Text of the room document: typing writes only the changed
// part (setYText), so two people typing in the same field merge; changes by others arrive
// live, and the caret stays where it was (shifted past what others inserted before it).
import { useEffect, useId, useRef, useState } from "react";
import type * as Y from "yjs";
import { ROOM_TEXT_MAX, setYText } from "~/domain/room/room-doc";

type Delta = { insert?: unknown; delete?: number; retain?: number }[];

/** Where a caret at `position` goes when `delta` is applied before it. */
function shiftThrough(position: number, delta: Delta): number {
  // `oldIndex` walks the text as it was; inserts add nothing to it, deletes and retains do.
  let oldIndex = 0;
  let result = position;
  for (const op of delta) {
    if (oldIndex > position) break;
    if (op.retain !== undefined) {
      oldIndex += op.retain;
    } else if (typeof op.insert === "string") {
      if (oldIndex < position) result += op.insert.length;
    } else if (op.delete !== undefined) {
      result -= Math.min(op.delete, Math.max(0, position - oldIndex));
      oldIndex += op.delete;
    }
  }
  return Math.max(0, result);
}

export function YTextField(props: {
  text: Y.Text;
  label: string;
  hint?: string;
  readOnly: boolean;
  rows?: number;
  className?: string;
  /** Extra text for screen readers only, after the visible label (which item or decision). */
  labelSuffix?: string;
  /** Focus the field when it appears (a decision or dissent just added). */
  autoFocus?: boolean;
  /** Longest text accepted (default: the room's limit). */
  maxLength?: number;
  /** Why the field is not acceptable yet (shown under the label, tied to the control). */
  error?: string | null;
  /** An id for the control, so a summary elsewhere can link to it. */
  id?: string;
}) {
  const { text, readOnly } = props;
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(() => text.toString());

  const shouldFocus = props.autoFocus ?? false;
  useEffect(() => {
    if (shouldFocus) ref.current?.focus();
  }, [shouldFocus]);

  useEffect(() => {
    setValue(text.toString());
    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      const next = text.toString();
      const element = ref.current;
      if (!transaction.local && element && document.activeElement === element) {
        const delta = event.delta as Delta;
        const start = shiftThrough(element.selectionStart, delta);
        const end = shiftThrough(element.selectionEnd, delta);
        element.value = next;
        element.setSelectionRange(start, end);
      }
      setValue(next);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text]);

  return (
    <div className={`field ${props.error ? "field--error " : ""}${props.className ?? ""}`}>
      <label htmlFor={id}>
        {props.label}
        {props.labelSuffix ? <span className="visually-hidden"> – {props.labelSuffix}</span> : null}
      </label>
      {props.hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${id}-error`} className="field__error">
          {props.error}
        </p>
      ) : null}
      <textarea
        ref={ref}
        id={id}
        rows={props.rows ?? 3}
        value={value}
        maxLength={props.maxLength ?? ROOM_TEXT_MAX}
        readOnly={readOnly}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={
          [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined
        }
        onChange={(e) => {
          if (readOnly) return;
          const next = e.currentTarget.value;
          setValue(next);
          setYText(text, next);
        }}
      />
    </div>
  );
}
