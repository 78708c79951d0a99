// Loader and action of the meeting record page (/meetings/:meetingId/record) and the PDF
// download (/meetings/:meetingId/record.pdf). Kept out of the route modules so that server code
// never reaches the browser bundle.
import { randomUUID } from "node:crypto";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { HTTP_STATUS_BY_CODE, isDomainError, type DomainError } from "~/domain/errors";
import { addRecordAddendum } from "~/domain/records/add-record-addendum";
import { addRecordComment } from "~/domain/records/add-record-comment";
import { approveRecord } from "~/domain/records/approve-record";
import { getRecord, getRecordContentForChange } from "~/domain/records/get-record";
import { openRecordForComment } from "~/domain/records/open-record-for-comment";
import { produceRecordFromRoom } from "~/domain/records/record-from-room";
import { formFieldErrors, formValuesFromContent, recordContentFromForm } from "~/domain/records/record-form";
import { COMMENT_DAYS_MAX, COMMENT_DAYS_MIN, type RecordContent } from "~/domain/records/record-schemas";
import { startRecord } from "~/domain/records/start-record";
import { tallinnDay } from "~/domain/time/tallinn-time";
import { updateRecord } from "~/domain/records/update-record";
import { renderRecordPdf, recordPdfFilename } from "./pdf/record-pdf.server";
import { orErrorPage } from "./cases-http.server";
import { parseForm } from "./forms.server";
import { PRIVATE_HEADERS, pageLocale, requireMeetingIdParam } from "./meetings.server";
import { requireUser } from "./session.server";
import { actionErrorResponse } from "./team-http.server";

export const RECORD_DONE_MESSAGES = [
  "started",
  "saved",
  "openedForComment",
  "approved",
  "commented",
  "addendum",
  "fromRoom",
] as const;
export type RecordDoneMessage = (typeof RECORD_DONE_MESSAGES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

export async function loadRecordPage({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const now = new Date();
  const view = await orErrorPage(() => getRecord(actor, meetingId, { db: context.services.db, now }));
  const done = RECORD_DONE_MESSAGES.find((d) => d === new URL(request.url).searchParams.get("done")) ?? null;
  const day = (days: number) => tallinnDay(new Date(now.getTime() + days * DAY_MS));
  return json(
    {
      view,
      /** The form's fields, when the reader may edit the record. */
      formValues: view.record && view.permissions.canEdit ? formValuesFromContent(view.record.content) : null,
      commentDays: { min: day(COMMENT_DAYS_MIN), max: day(COMMENT_DAYS_MAX), suggested: day(7) },
      done,
    },
    { headers: PRIVATE_HEADERS },
  );
}

export type RecordPageData = Awaited<ReturnType<typeof loadRecordPage>>;

const RecordIntentSchema = z.looseObject({
  intent: z.enum(["start", "fromRoom", "save", "openForComment", "approve", "comment", "addendum"], {
    error: "form.required",
  }),
});

/** The error payload of the record form: the fields as the content reads, and errors on them. */
export type RecordFormError = {
  ok: false;
  formError: string | null;
  formErrorParams?: Record<string, string | number>;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
  /** A new one for every refused submission, so the form shows exactly what came back. */
  submissionId: string;
};

function recordFormError(
  content: RecordContent,
  posted: Record<string, string>,
  error: Pick<DomainError, "messageKey" | "params" | "fieldErrors">,
  status: number,
) {
  const payload: RecordFormError = {
    ok: false,
    formError: error.messageKey,
    formErrorParams: error.params,
    fieldErrors: formFieldErrors(error.fieldErrors),
    values: {
      ...formValuesFromContent(content),
      intent: posted.intent ?? "",
      commentUntil: posted.commentUntil ?? "",
      confirmApproval: posted.confirmApproval ?? "",
    },
    submissionId: randomUUID(),
  };
  return json(payload, { status, headers: PRIVATE_HEADERS });
}

function stringValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") values[key] = value;
  return values;
}

/**
 * Every change redirects back to the page with what happened (?done=), and tells whoever is
 * watching the meeting. A refused change answers with the reason in the reader's language and
 * changes nothing; for the record form, with what was typed, laid out as the record reads.
 */
export async function recordAction({ request, params, context }: ActionFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { actor } = await requireUser(request, context);
  const { db, realtime } = context.services;
  const form = await parseForm(request, context, RecordIntentSchema);
  if (!form.ok) return form.response;
  const posted = stringValues(form.formData);
  const done = (message: RecordDoneMessage) => {
    realtime.notifyMeeting(meetingId, "record:changed");
    return redirect(`/meetings/${meetingId}/record?done=${message}`);
  };

  try {
    switch (form.data.intent) {
      case "start":
        await startRecord(actor, { meetingId }, { db });
        return done("started");
      case "fromRoom":
        // The Yjs server stores what it still holds of the room before the service reads it.
        await produceRecordFromRoom(
          actor,
          { meetingId },
          { db, flushDocument: (docName) => realtime.flushDocument(docName) },
        );
        return done("fromRoom");
      case "comment":
        await addRecordComment(actor, { meetingId, text: posted.text ?? "" }, { db });
        return done("commented");
      case "addendum":
        await addRecordAddendum(actor, { meetingId, text: posted.text ?? "" }, { db });
        return done("addendum");
      case "save":
      case "openForComment":
      case "approve":
        break;
    }
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }

  // The record form: the content on screen, read against what is stored.
  let content: RecordContent;
  try {
    content = recordContentFromForm(posted, await getRecordContentForChange(actor, meetingId, { db }), randomUUID);
  } catch (error) {
    return actionErrorResponse(form.formData, error);
  }
  const version = posted.version ?? "";
  try {
    switch (form.data.intent) {
      case "save":
        await updateRecord(actor, { meetingId, version, content }, { db });
        return done("saved");
      case "openForComment":
        await openRecordForComment(
          actor,
          { meetingId, version, commentUntil: posted.commentUntil ?? "", content },
          { db },
        );
        return done("openedForComment");
      case "approve":
        // Approval cannot be undone: the person confirms that they know that.
        if (posted.confirmApproval !== "on") {
          return recordFormError(
            content,
            posted,
            {
              messageKey: "records.approve.confirmRequired",
              params: {},
              fieldErrors: { confirmApproval: "records.approve.confirmRequired" },
            },
            400,
          );
        }
        await approveRecord(actor, { meetingId, version, content }, { db });
        return done("approved");
    }
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return recordFormError(content, posted, error, HTTP_STATUS_BY_CODE[error.code]);
  }
}

/** The record as a PDF, in the reader's language, as an attachment; the download is audited. */
export async function loadRecordPdf({ request, params, context }: LoaderFunctionArgs) {
  const meetingId = requireMeetingIdParam(params);
  const { user, actor } = await requireUser(request, context);
  const view = await orErrorPage(() => getRecord(actor, meetingId, { db: context.services.db, purpose: "pdf" }));
  if (!view.record) throw json({ messageKey: "records.notStarted" }, { status: 404, headers: PRIVATE_HEADERS });
  const pdf = await renderRecordPdf(
    { meeting: view.meeting, record: view.record },
    { locale: pageLocale(request, user) },
  );
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      ...PRIVATE_HEADERS,
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `attachment; filename="${recordPdfFilename(view.meeting)}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
