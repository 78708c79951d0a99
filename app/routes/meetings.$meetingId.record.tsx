// The meeting record (004 §2.3): the case manager completes it, shares it for comments,
// approves it; then it is read-only for good, corrected only by addenda. Participants read and
// comment on it; everyone who may read the meeting can download it as a PDF. Once the meeting has
// begun, the case manager can take over what the meeting room wrote into the draft.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MeetingErrorBoundary } from "~/components/meeting/meeting-parts";
import { RecordDocument } from "~/components/meeting/record-document";
import { RecordEditor } from "~/components/meeting/record-editor";
import { useActionDataAcrossLiveReloads, useMeetingLive } from "~/components/meeting/use-meeting-live";
import { TextAreaField } from "~/components/ui/fields";
import { CsrfField, FormErrorSummary, getErrors } from "~/components/ui/form";
import { formatDate, formatDateTime, useLocale, useT } from "~/i18n";
import { loadRecordPage, recordAction } from "~/lib/records.server";
import casesStyles from "~/styles/cases.css";
import meetingsStyles from "~/styles/meetings.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: meetingsStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadRecordPage(args);
}

export async function action(args: ActionFunctionArgs) {
  return recordAction(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type View = PageData["view"];
type Record = NonNullable<View["record"]>;

/** The refused submission of one of the small forms (comment, addendum), by its intent. */
function errorsFor(data: unknown, intent: string) {
  const errors = getErrors(data);
  return errors && errors.values.intent === intent ? data : undefined;
}

export default function RecordPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const { view, done } = data;
  const { meeting, record, permissions } = view;
  const t = useT();
  useMeetingLive(meeting.id, ["record:changed"]);
  // Only a refused record form comes back with its fields (a comment's error does not).
  const formErrors = actionData && "submissionId" in actionData ? actionData : null;
  const editorKey = `${record?.version ?? 0}:${formErrors?.submissionId ?? ""}`;

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/meetings/${meeting.id}`}>{t("records.backToMeeting")}</Link>
      </p>
      <h1>
        {t("records.page.title")}
        <span className="title-sub">{meeting.purpose}</span>
      </h1>

      {done ? (
        <p className="alert alert--success" role="status">
          {t(`records.done.${done}`)}
        </p>
      ) : null}
      {/* Every refusal is said here, at the top, in the reader's language: also for a form
          that is no longer on the page (a save posted after the record was approved). */}
      <FormErrorSummary data={actionData} />

      <StatusCard view={view} />
      {permissions.canTakeOverFromRoom ? <FromRoomCard /> : null}

      {!record ? (
        <section className="card" aria-labelledby="start-title">
          <h2 id="start-title">{t("records.status.NONE")}</h2>
          {permissions.canStart ? (
            <Form method="post">
              <CsrfField />
              <p>{t("records.start.explain")}</p>
              <button type="submit" name="intent" value="start" className="button">
                {t("records.start.submit")}
              </button>
            </Form>
          ) : (
            <p className="empty-state">{t("records.start.notYet")}</p>
          )}
        </section>
      ) : permissions.canEdit && data.formValues && record.status !== "APPROVED" ? (
        <section className="card">
          <RecordEditor
            key={editorKey}
            values={formErrors ? formErrors.values : data.formValues}
            errors={formErrors ?? undefined}
            version={record.version}
            status={record.status}
            participants={view.participants}
            commentDays={data.commentDays}
            itemMinutes={record.content.itemMinutes}
          />
        </section>
      ) : (
        <RecordDocument content={record.content} />
      )}

      {record && (record.status !== "DRAFT" || record.comments.length > 0) ? (
        <CommentsSection record={record} canComment={permissions.canComment} />
      ) : null}
      {record?.status === "APPROVED" ? <AddendaSection record={record} canAdd={permissions.canAddAddendum} /> : null}
    </>
  );
}

function StatusCard({ view }: { view: View }) {
  const t = useT();
  const locale = useLocale();
  const { meeting, record, permissions } = view;
  return (
    <section className="card" aria-labelledby="record-status-title">
      <h2 id="record-status-title">{t("records.status.label")}</h2>
      {meeting.caseNumber ? <p>{t("records.caseLine", { number: meeting.caseNumber })}</p> : null}
      {!record ? (
        <p>
          <span className="badge badge--pending">{t("records.status.NONE")}</span>
        </p>
      ) : record.status === "APPROVED" ? (
        <>
          <p>
            <span className="badge badge--accepted">{t("records.status.APPROVED")}</span>{" "}
            <span data-testid="record-approved-by">
              {t("records.approvedBy", {
                name: record.approvedBy?.name ?? "—",
                date: record.approvedAt ? formatDateTime(locale, record.approvedAt) : "—",
              })}
            </span>
          </p>
          <p className="alert alert--info">{t("records.frozenNotice")}</p>
          <dl className="meta">
            <dt>{t("records.hash")}</dt>
            <dd>
              <code className="copy-link" data-testid="record-hash">
                {record.contentHash}
              </code>
            </dd>
          </dl>
          <p className="field__hint">{t("records.hashExplain")}</p>
        </>
      ) : (
        <>
          <p>
            <span className="badge badge--pending" data-testid="record-status">
              {record.status === "IN_COMMENT" && record.commentUntil
                ? t("records.status.IN_COMMENT", { date: formatDate(locale, record.commentUntil) })
                : t("records.status.DRAFT")}
            </span>
          </p>
          {!permissions.canEdit ? <p>{t("records.draftNotice")}</p> : null}
        </>
      )}
      {record || permissions.canPlanNext ? (
        <ul className="action-list">
          {record ? (
            <li>
              <a className="button button--small button--outline" href={`/meetings/${meeting.id}/record.pdf`} download>
                {t("records.downloadPdf")}
              </a>
            </li>
          ) : null}
          {permissions.canPlanNext && meeting.caseId ? (
            <li>
              <Link
                className="button button--small button--outline"
                to={`/cases/${meeting.caseId}/meetings/new?from=${meeting.id}`}
              >
                {t("records.planNext")}
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}

/** Takes over what the meeting room wrote into the draft (or starts the record with it). */
function FromRoomCard() {
  const t = useT();
  return (
    <section className="card" aria-labelledby="from-room-title">
      <h2 id="from-room-title">{t("records.fromRoom.title")}</h2>
      <p>{t("records.fromRoom.explain")}</p>
      <Form method="post">
        <CsrfField />
        <button type="submit" name="intent" value="fromRoom" className="button">
          {t("records.fromRoom.submit")}
        </button>
      </Form>
    </section>
  );
}

function CommentsSection({ record, canComment }: { record: Record; canComment: boolean }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const errors = errorsFor(actionData, "comment");
  const isOpen =
    record.status === "IN_COMMENT" && record.commentUntil !== null && new Date(record.commentUntil) >= new Date();
  return (
    <section className="card" aria-labelledby="comments-title">
      <h2 id="comments-title">{t("records.comments.title")}</h2>
      {record.status === "IN_COMMENT" && record.commentUntil ? (
        <p>
          {isOpen
            ? t("records.comments.openUntil", { date: formatDateTime(locale, record.commentUntil) })
            : t("records.comments.closed")}
        </p>
      ) : null}
      {record.comments.length === 0 ? (
        <p className="empty-state">{t("records.comments.none")}</p>
      ) : (
        <ul className="item-list" data-testid="record-comments">
          {record.comments.map((c) => (
            <li key={c.id} className="item">
              <p className="field__hint">
                {t("records.comment.by", { name: c.author?.name ?? "—", date: formatDateTime(locale, c.createdAt) })}
              </p>
              <p className="text-block">{c.text}</p>
            </li>
          ))}
        </ul>
      )}
      {canComment ? (
        <Form method="post" noValidate>
          <CsrfField />
          <TextAreaField name="text" label={t("records.comment.text")} rows={3} data={errors} />
          <button type="submit" name="intent" value="comment" className="button">
            {t("records.comment.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function AddendaSection({ record, canAdd }: { record: Record; canAdd: boolean }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionDataAcrossLiveReloads<typeof action>();
  const errors = errorsFor(actionData, "addendum");
  return (
    <section className="card" aria-labelledby="addenda-title">
      <h2 id="addenda-title">{t("records.addenda.title")}</h2>
      <p>{t("records.addenda.explain")}</p>
      {record.addenda.length === 0 ? (
        <p className="empty-state">{t("records.addenda.none")}</p>
      ) : (
        <ol className="item-list" data-testid="record-addenda">
          {record.addenda.map((a, i) => (
            <li key={a.id} className="item">
              <p className="item__title">
                {t("records.addendum.label", {
                  n: i + 1,
                  name: a.author?.name ?? "—",
                  date: formatDateTime(locale, a.createdAt),
                })}
              </p>
              <p className="text-block">{a.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canAdd ? (
        <Form method="post" noValidate>
          <CsrfField />
          <TextAreaField name="text" label={t("records.addendum.text")} rows={3} data={errors} />
          <button type="submit" name="intent" value="addendum" className="button button--outline">
            {t("records.addendum.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = MeetingErrorBoundary;
