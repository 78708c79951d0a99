// The open draft of a case plan, live (decision record 011): the editor on the Yjs document
// `plan.<versionId>`, the decisions of the case's meetings that can be taken in, what an
// amendment changes against the version it amends, and the case manager's "send for signing".
// A refused sending lists every problem in one place and next to its field; after that the list
// follows the draft as it is fixed (the domain's own completeness rules, on the domain's own
// reading of the document), keeping whatever only the server could tell (who can sign).
import { Form, useActionData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { caretColour, useCollabDoc } from "~/components/collab/use-collab-doc";
import { CsrfField } from "~/components/ui/form";
import { diffPlanContent } from "~/domain/plans/diff-plan-content";
import type { DecisionCandidate, PlanContent } from "~/domain/plans/plan-schemas";
import { useT } from "~/i18n";
import { DecisionsPanel } from "./decisions-panel";
import { DraftAttachments } from "./plan-attachments";
import { PlanEditor } from "./plan-editor";
import { PlanDocStatus } from "./plan-parts";
import { PlanDiffView } from "./plan-diff";
import type { PlanPerson } from "./plan-people";
import { PlanProblemsSummary } from "./plan-problems";
import { placeProblems, usePlanDraft, type PlacedProblem } from "./plan-y";
import type * as Y from "yjs";

/** What checkPlanComplete itself finds: the draft re-checks these live once sending was refused. */
const LIVE_CHECKED_KEYS = new Set([
  "plans.problem.problemRequired",
  "plans.problem.goalsRequired",
  "plans.problem.activitiesRequired",
  "plans.problem.descriptionRequired",
  "plans.problem.descriptionNotMeasurable",
  "plans.problem.responsibleRequired",
  "plans.problem.responsiblePositionRequired",
  "plans.problem.scheduleRequired",
  "plans.problem.deadlineBeforeStart",
  "plans.problem.resourcesRequired",
  "plans.problem.providerRequired",
  "plans.problem.evaluationRequired",
  "plans.problem.evaluationDateRequired",
  "plans.problem.evaluationInPast",
  "plans.problem.evaluationMethodRequired",
  "plans.problem.evaluationResponsibleRequired",
  "plans.problem.firstEvaluationTooLate",
]);

type Candidate = Omit<DecisionCandidate, "isInPlan">;

export type PlanDraftProps = {
  caseId: string;
  versionId: string;
  number: number;
  basedOn: { id: string; number: number; content: PlanContent } | null;
  me: { userId: string; name: string };
  team: PlanPerson[];
  candidates: Candidate[];
  today: string;
  canEdit: boolean;
  canManage: boolean;
  /** The server refused a change to this draft (it is no longer a draft): the page says so. */
  onRefused(): void;
};

/** The refusal of "send" as the action answers it: the problems as field errors keyed by path. */
function sendProblems(data: unknown): { path: string; messageKey: string }[] | null {
  const d = data as
    | { ok?: boolean; formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> }
    | undefined;
  if (!d || d.ok !== false || d.values?.intent !== "send" || !d.fieldErrors) return null;
  const entries = Object.entries(d.fieldErrors);
  return entries.length > 0 ? entries.map(([path, messageKey]) => ({ path, messageKey })) : null;
}

export function PlanDraft(props: PlanDraftProps) {
  const t = useT();
  const revalidator = useRevalidator();
  const user = useMemo(
    () => ({ name: props.me.name, color: caretColour(props.me.userId) }),
    [props.me.name, props.me.userId],
  );
  const docLink = useCollabDoc({ kind: "plan", planId: props.versionId }, user);
  const isRefused = docLink.isRefused || docLink.closedCode !== null;
  const isReadOnly = !props.canEdit || isRefused;

  // The draft was sent, withdrawn or discarded by someone else: the server refused our change (or
  // closed the document). Reload the page: it shows the plan as it now is.
  useEffect(() => {
    if (!isRefused) return;
    props.onRefused();
    if (revalidator.state === "idle") revalidator.revalidate();
    // Only the moment of the refusal matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isRefused]);

  return (
    <section aria-labelledby="plan-draft-title" data-testid="plan-draft">
      <h2 id="plan-draft-title" className="visually-hidden">
        {t("plans.draft.title", { number: props.number })}
      </h2>
      <PlanDocStatus docLink={docLink} isReadOnly={isReadOnly} />
      {!props.canEdit && !isRefused ? <p className="alert alert--info">{t("plans.editor.readOnly")}</p> : null}
      {docLink.room ? (
        <LiveDraft
          key={docLink.room.generation}
          {...props}
          doc={docLink.room.doc}
          isReadOnly={isReadOnly}
          whenSaved={() => docLink.room?.tracker.whenSaved() ?? Promise.resolve()}
        />
      ) : (
        <p className="card muted">{t("plans.doc.connecting")}</p>
      )}
    </section>
  );
}

function LiveDraft(props: PlanDraftProps & { doc: Y.Doc; isReadOnly: boolean; whenSaved(): Promise<void> }) {
  const t = useT();
  const { doc, isReadOnly } = props;
  const state = usePlanDraft(doc, props.today);
  const actionData = useActionData();
  const submit = useSubmit();
  const navigation = useNavigation();
  const isSending = navigation.state !== "idle" && navigation.formData?.get("intent") === "send";
  const summaryRef = useRef<HTMLDivElement>(null);

  // The server's problems, tied to rows as the draft stood when they came back.
  const [serverProblems, setServerProblems] = useState<PlacedProblem[] | null>(null);
  useEffect(() => {
    const problems = sendProblems(actionData);
    if (!problems) return;
    setServerProblems(placeProblems(problems, state.read));
    requestAnimationFrame(() => summaryRef.current?.querySelector<HTMLElement>("#plan-problems")?.focus());
    // Only a new answer of the action is placed; the draft's later changes are followed live below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actionData]);

  const shownProblems = useMemo(() => {
    if (!serverProblems) return [];
    return [...state.liveProblems, ...serverProblems.filter((p) => !LIVE_CHECKED_KEYS.has(p.messageKey))];
  }, [serverProblems, state.liveProblems]);

  const changes = useMemo(
    () => (props.basedOn ? diffPlanContent(props.basedOn.content, state.read) : null),
    [props.basedOn, state.read],
  );

  const onSend = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    // Everything typed here must be stored before the server reads the draft.
    await Promise.race([props.whenSaved(), new Promise((resolve) => setTimeout(resolve, 5000))]);
    submit(form, { method: "post" });
  };

  return (
    <>
      <div ref={summaryRef}>
        <PlanProblemsSummary problems={shownProblems} activities={state.activities} evaluations={state.evaluations} />
      </div>
      {props.canManage && !isReadOnly ? (
        <section className="card" aria-labelledby="plan-send-title">
          <h2 id="plan-send-title">{t("plans.send.title")}</h2>
          <p>{t("plans.send.explain")}</p>
          <div className="action-list plan-row-actions">
            <Form method="post" onSubmit={onSend}>
              <CsrfField />
              <input type="hidden" name="intent" value="send" />
              <input type="hidden" name="versionId" value={props.versionId} />
              <button type="submit" className="button" disabled={isSending}>
                {t("plans.send.submit")}
              </button>
            </Form>
          </div>
          <details>
            <summary>{t("plans.discard.open")}</summary>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="discard" />
              <input type="hidden" name="versionId" value={props.versionId} />
              <p>{t("plans.discard.explain")}</p>
              <button type="submit" className="button button--danger">
                {t("plans.discard.submit")}
              </button>
            </Form>
          </details>
        </section>
      ) : null}
      {changes && props.basedOn ? <PlanDiffView changes={changes} baseNumber={props.basedOn.number} /> : null}
      <div className="plan-layout">
        <PlanEditor
          doc={doc}
          isReadOnly={isReadOnly}
          team={props.team}
          today={props.today}
          problems={shownProblems}
          activities={state.activities}
          evaluations={state.evaluations}
        />
        {props.canEdit ? (
          <DecisionsPanel
            candidates={props.candidates}
            doc={doc}
            activities={state.activities}
            team={props.team}
            isReadOnly={isReadOnly}
          />
        ) : null}
      </div>
      <DraftAttachments
        doc={doc}
        caseId={props.caseId}
        versionId={props.versionId}
        canEdit={props.canEdit}
        isReadOnly={isReadOnly}
      />
    </>
  );
}
