// Plans of other providers attached to the case plan (004 §3.4: rehabilitation plan, care plan,
// individual job-search plan). On a fixed version and in the PDF: each file's name, what plan it
// is, its size and SHA-256 (covered by the version's hash), with a download link. In the draft:
// the same list, "remove from the plan" (the draft only: the stored file stays), and the form
// that uploads a file (app/lib/plans.server.ts) and adds what the server stored to the live draft.
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import * as Y from "yjs";
import { useYVersion } from "~/components/room/room-y";
import { CsrfField } from "~/components/ui/form";
import { attachmentsArray } from "~/domain/plans/plan-doc";
import { addAttachmentToDoc, removeAttachmentFromDoc } from "~/domain/plans/plan-doc-attachments";
import { PLAN_FILE_ACCEPT, PLAN_FILE_MAX_MB, checkPlanFileSize, formatFileSize } from "~/domain/plans/plan-files";
import { PLAN_SHORT_TEXT_MAX, PlanAttachmentSchema, type PlanAttachment } from "~/domain/plans/plan-schemas";
import { translateDynamic, useLocale, useT } from "~/i18n";

/** Where an attached file downloads from; `versionId` lets a signatory of that version read it. */
export function planFileHref(caseId: string, fileId: string, versionId?: string): string {
  return `/cases/${caseId}/plan/files/${fileId}${versionId ? `?version=${versionId}` : ""}`;
}

export function PlanAttachmentList({
  attachments,
  fileHref,
  onRemove,
}: {
  attachments: readonly PlanAttachment[];
  fileHref: (attachment: PlanAttachment) => string;
  onRemove?: (attachment: PlanAttachment) => void;
}) {
  const t = useT();
  const locale = useLocale();
  if (attachments.length === 0) return <p className="empty-state">{t("plans.attachments.none")}</p>;
  return (
    <ul className="item-list" data-testid="plan-attachments">
      {attachments.map((a) => (
        <li key={a.id} className="item" data-testid="plan-attachment">
          <p className="item__title">{a.description || a.fileName}</p>
          <dl className="meta">
            <dt>{t("plans.attachments.file")}</dt>
            <dd>
              <a
                href={fileHref(a)}
                download={a.fileName}
                aria-label={t("plans.attachments.downloadLabel", { name: a.fileName })}
              >
                {a.fileName}
              </a>
            </dd>
            <dt>{t("plans.attachments.size")}</dt>
            <dd>{formatFileSize(a.sizeBytes, locale)}</dd>
            <dt>{t("plans.attachments.hash")}</dt>
            <dd>
              <code className="plan-hash" data-testid="plan-attachment-hash">
                {a.sha256}
              </code>
            </dd>
          </dl>
          {onRemove ? (
            <p>
              <button
                type="button"
                className="button button--small button--outline"
                onClick={() => onRemove(a)}
                aria-label={t("plans.attachments.removeLabel", { name: a.fileName })}
              >
                {t("plans.attachments.remove")}
              </button>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The draft's attachments as the server will read them (parsed, repeated ids left out). */
function readDocAttachments(doc: Y.Doc): PlanAttachment[] {
  const out: PlanAttachment[] = [];
  for (const entry of attachmentsArray(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const parsed = PlanAttachmentSchema.safeParse(entry.toJSON());
    if (parsed.success && !out.some((a) => a.id === parsed.data.id)) out.push(parsed.data);
  }
  return out;
}

type AttachAnswer =
  | { ok: true; intent: "attach"; attachment: PlanAttachment }
  | {
      ok: false;
      formError: string | null;
      formErrorParams?: Record<string, string | number>;
      fieldErrors: Record<string, string>;
      values: Record<string, string>;
    };

export function DraftAttachments({
  doc,
  caseId,
  versionId,
  canEdit,
  isReadOnly,
}: {
  doc: Y.Doc;
  caseId: string;
  versionId: string;
  canEdit: boolean;
  isReadOnly: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const version = useYVersion(attachmentsArray(doc));
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const attachments = useMemo(() => readDocAttachments(doc), [doc, version]);
  const fetcher = useFetcher<AttachAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const handled = useRef<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [attachedName, setAttachedName] = useState<string | null>(null);
  const isUploading = fetcher.state !== "idle";
  const mayChange = canEdit && !isReadOnly;

  // The server stored the file: its metadata goes into the live draft (once per answer).
  useEffect(() => {
    const answer = fetcher.data;
    if (!answer || handled.current === answer) return;
    handled.current = answer;
    if (answer.ok) {
      addAttachmentToDoc(doc, answer.attachment);
      setAttachedName(answer.attachment.fileName);
      formRef.current?.reset();
    }
  }, [fetcher.data, doc]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setAttachedName(null);
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const refusal = file ? checkPlanFileSize(file.size) : "plans.files.required";
    setLocalError(refusal);
    // Too large or nothing chosen: said at once, nothing uploaded.
    if (refusal) event.preventDefault();
  };

  const answer = fetcher.data && !fetcher.data.ok && !isUploading ? fetcher.data : null;
  const params = { maxMb: PLAN_FILE_MAX_MB, ...(answer?.formErrorParams ?? {}) };
  const fileError = localError ?? answer?.fieldErrors.file ?? null;
  const descriptionError = localError ? null : (answer?.fieldErrors.description ?? null);
  const formError =
    !localError && answer && !answer.fieldErrors.file && !answer.fieldErrors.description ? answer.formError : null;

  return (
    <section
      className="card"
      id="plan-attachments"
      aria-labelledby="plan-attachments-title"
      data-testid="plan-draft-attachments"
    >
      <h2 id="plan-attachments-title">{t("plans.attachments.title")}</h2>
      <PlanAttachmentList
        attachments={attachments}
        fileHref={(a) => planFileHref(caseId, a.id)}
        onRemove={mayChange ? (a) => removeAttachmentFromDoc(doc, a.id) : undefined}
      />
      {mayChange ? (
        <fetcher.Form
          ref={formRef}
          method="post"
          encType="multipart/form-data"
          action={`/cases/${caseId}/plan/attach`}
          onSubmit={onSubmit}
          noValidate
          data-testid="plan-attach-form"
          aria-labelledby={`${id}-title`}
        >
          <h3 id={`${id}-title`}>{t("plans.attachments.attachTitle")}</h3>
          <p className="field__hint">{t("plans.attachments.attachHint")}</p>
          <CsrfField />
          <input type="hidden" name="versionId" value={versionId} />
          {formError ? (
            <p className="alert alert--error" role="alert">
              {translateDynamic(locale, formError, params)}
            </p>
          ) : null}
          <div className={`field${fileError ? " field--error" : ""}`}>
            <label htmlFor={`${id}-file`}>{t("plans.attachments.file")}</label>
            <p id={`${id}-file-hint`} className="field__hint">
              {t("plans.attachments.fileHint", { maxMb: PLAN_FILE_MAX_MB })}
            </p>
            {fileError ? (
              <p id={`${id}-file-error`} className="field__error" role="alert">
                {translateDynamic(locale, fileError, params)}
              </p>
            ) : null}
            <input
              id={`${id}-file`}
              type="file"
              name="file"
              accept={PLAN_FILE_ACCEPT}
              aria-invalid={fileError ? true : undefined}
              aria-describedby={[`${id}-file-hint`, fileError ? `${id}-file-error` : null].filter(Boolean).join(" ")}
            />
          </div>
          <div className={`field${descriptionError ? " field--error" : ""}`}>
            <label htmlFor={`${id}-description`}>{t("plans.attachments.description")}</label>
            <p id={`${id}-description-hint`} className="field__hint">
              {t("plans.attachments.descriptionHint")}
            </p>
            {descriptionError ? (
              <p id={`${id}-description-error`} className="field__error" role="alert">
                {translateDynamic(locale, descriptionError, params)}
              </p>
            ) : null}
            <input
              id={`${id}-description`}
              type="text"
              name="description"
              maxLength={PLAN_SHORT_TEXT_MAX}
              aria-invalid={descriptionError ? true : undefined}
              aria-describedby={[`${id}-description-hint`, descriptionError ? `${id}-description-error` : null]
                .filter(Boolean)
                .join(" ")}
            />
          </div>
          <button type="submit" className="button" disabled={isUploading}>
            {isUploading ? t("plans.attachments.uploading") : t("plans.attachments.submit")}
          </button>
          {attachedName && !isUploading ? (
            <p className="alert alert--success" role="status">
              {t("plans.attachments.attached", { name: attachedName })}
            </p>
          ) : null}
        </fetcher.Form>
      ) : null}
    </section>
  );
}
