// The lobby in front of the room (004 §2.1–2.2): the meeting's purpose, the confidentiality rule
// and the person's own role and expected contribution; someone who has not yet agreed to take
// part and to keep what is said confidential does it here (the same service as the meeting
// page), then enters.
import { Form, Link } from "@remix-run/react";
import { CheckboxField, MeetingWhenWhere } from "~/components/meeting/meeting-parts";
import { useActionDataAcrossLiveReloads } from "~/components/meeting/use-meeting-live";
import { CsrfField, FormErrorSummary, SubmitButton } from "~/components/ui/form";
import { formatDateTime, useLocale, useT } from "~/i18n";
import type { AttendanceResponse, CaseRole, MeetingRole } from "~/lib/db-types";

export type LobbyData = {
  meeting: {
    id: string;
    purpose: string;
    startsAt: string;
    durationMinutes: number;
    location: string | null;
    isOnline: boolean;
    onlineUrl: string | null;
    caseNumber: string | null;
    clientName: string | null;
  };
  me: {
    name: string;
    meetingRole: MeetingRole;
    caseRole: CaseRole | null;
    expectedContribution: string | null;
    response: AttendanceResponse;
    isRemote: boolean;
    hasConsented?: boolean;
    hasAcknowledgedConfidentiality?: boolean;
  };
  canEnter: boolean;
  canRespond: boolean;
  justAccepted: boolean;
  agendaItems: { id: string; number: number; title: string; durationMinutes: number }[];
};

export function RoomLobby({ data }: { data: LobbyData }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionDataAcrossLiveReloads<unknown>();
  const { meeting, me } = data;
  return (
    <div className="room-lobby">
      <p className="breadcrumb">
        <Link to={`/meetings/${meeting.id}`}>{t("room.backToMeeting")}</Link>
      </p>
      <h1>
        {t("room.lobby.title")}
        <span className="title-sub">
          <time dateTime={meeting.startsAt}>{formatDateTime(locale, meeting.startsAt)}</time>
          {meeting.caseNumber ? ` · ${meeting.caseNumber}` : ""}
        </span>
      </h1>
      {data.justAccepted ? (
        <p className="alert alert--success" role="status">
          {t("room.lobby.accepted")}
        </p>
      ) : null}

      <section className="card" aria-labelledby="lobby-purpose">
        <h2 id="lobby-purpose">{t("room.lobby.purposeTitle")}</h2>
        <p className="meeting-purpose text-block">{meeting.purpose}</p>
        <dl className="meta">
          <MeetingWhenWhere meeting={meeting} />
        </dl>
      </section>

      <section className="card" aria-labelledby="lobby-role">
        <h2 id="lobby-role">{t("room.lobby.roleTitle")}</h2>
        <p>
          {t("room.lobby.yourRole", { role: t(`meetingRole.${me.meetingRole}`) })}
          {me.caseRole ? ` ${t("room.lobby.yourCaseRole", { role: t(`caseRole.${me.caseRole}`) })}` : ""}
        </p>
        {me.expectedContribution ? (
          <p>
            <strong>{t("meeting.respond.expected")}</strong>{" "}
            <span className="text-block">{me.expectedContribution}</span>
          </p>
        ) : (
          <p className="muted">{t("room.lobby.noContribution")}</p>
        )}
        <p>{t("room.lobby.rights")}</p>
      </section>

      <section className="card confidentiality-box" aria-labelledby="lobby-confidentiality">
        <h2 id="lobby-confidentiality">{t("meeting.respond.confidentialityTitle")}</h2>
        <p>{t("meeting.respond.confidentialityText")}</p>
      </section>

      {data.agendaItems.length > 0 ? (
        <section className="card" aria-labelledby="lobby-agenda">
          <h2 id="lobby-agenda">{t("room.agenda.title")}</h2>
          <ol className="plain-list">
            {data.agendaItems.map((item) => (
              <li key={item.id}>
                {item.title} ({t("room.agenda.timeBox", { minutes: item.durationMinutes })})
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {data.canEnter ? (
        <p>
          <Link className="button room-enter" to={`/meetings/${meeting.id}/room`}>
            {t("room.lobby.enter")}
          </Link>
        </p>
      ) : data.canRespond ? (
        <section className="card respond-card" aria-labelledby="lobby-accept">
          <h2 id="lobby-accept">{t("room.lobby.acceptTitle")}</h2>
          <p>{t("room.lobby.acceptIntro")}</p>
          <Form method="post" noValidate className="respond-form">
            <CsrfField />
            <input type="hidden" name="intent" value="respond" />
            <input type="hidden" name="response" value="ACCEPTED" />
            <FormErrorSummary data={actionData} />
            <CheckboxField
              name="consentToTakePart"
              label={t("meeting.respond.consent")}
              defaultChecked={me.hasConsented ?? false}
              data={actionData}
            />
            <CheckboxField
              name="confidentialityAcknowledged"
              label={t("meeting.respond.confidentiality")}
              defaultChecked={me.hasAcknowledgedConfidentiality ?? false}
              data={actionData}
            />
            <CheckboxField
              name="isRemote"
              label={t("meeting.respond.remote")}
              defaultChecked={me.isRemote}
              data={actionData}
            />
            <SubmitButton>{t("room.lobby.acceptSubmit")}</SubmitButton>
          </Form>
        </section>
      ) : (
        <p className="alert alert--info">{t("room.lobby.closed")}</p>
      )}
    </div>
  );
}
