// The live meeting room (004 §2.2, decision record 009), or its lobby for someone who has not
// yet agreed to take part and to confidentiality. The server render shows the agenda and a
// "connecting" state; the live parts (socket.io run-state, the Yjs document) start in the
// browser. Server code is in app/lib/room-page.server.ts.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { MeetingErrorBoundary } from "~/components/meeting/meeting-parts";
import { RoomContextProvider, type RoomContextValue } from "~/components/room/room-context";
import { RoomLobby } from "~/components/room/room-lobby";
import { RoomStatusBar, ViewSwitch } from "~/components/room/room-panels";
import { ClientView, FullView, ProjectionView } from "~/components/room/room-views";
import { caretColour, useCollabDoc } from "~/components/collab/use-collab-doc";
import { useRoomSocket } from "~/components/room/use-room-socket";
import { formatDateTime, translateDynamic, useLocale, useT } from "~/i18n";
import { loadRoomPage, roomPageAction } from "~/lib/room-page.server";
import casesStyles from "~/styles/cases.css";
import meetingsStyles from "~/styles/meetings.css";
import roomStyles from "~/styles/room.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: casesStyles },
  { rel: "stylesheet", href: meetingsStyles },
  { rel: "stylesheet", href: roomStyles },
];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadRoomPage(args);
}

export async function action(args: ActionFunctionArgs) {
  return roomPageAction(args);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type RoomPageData = Extract<PageData, { mode: "room" }>;

export default function RoomPage() {
  const data = useLoaderData<typeof loader>();
  if (data.mode === "lobby") return <RoomLobby data={data} />;
  return <LiveRoom data={data} />;
}

function LiveRoom({ data }: { data: RoomPageData }) {
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const { meeting, room: page } = data;
  const link = useRoomSocket(meeting.id);
  const user = useMemo(
    () => ({ name: page.me.name, color: caretColour(page.me.userId) }),
    [page.me.name, page.me.userId],
  );
  const docLink = useCollabDoc({ kind: "room", meetingId: meeting.id }, user);
  const state = link.state;

  const isEnded = meeting.status === "HELD" || Boolean(state?.endedAt);
  const canWrite = page.me.canWrite && link.me?.canWrite !== false;
  const isReadOnly = isEnded || !canWrite || docLink.isRefused || docLink.closedCode !== null;

  // The meeting's status changes with the end of the meeting: reload it once (the page's links follow it).
  const hasEndedLive = Boolean(state?.endedAt);
  useEffect(() => {
    if (hasEndedLive && meeting.status !== "HELD" && revalidator.state === "idle") revalidator.revalidate();
    // Only the moment the meeting ends matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hasEndedLive, meeting.status]);

  const context: RoomContextValue = {
    meetingId: meeting.id,
    me: {
      userId: page.me.userId,
      name: page.me.name,
      position: page.me.position,
      canModerate: link.me?.canModerate ?? page.me.canModerate,
      canKeepTime: link.me?.canKeepTime ?? page.me.canKeepTime,
      canRecordForOthers: page.me.canRecordForOthers,
    },
    user,
    isReadOnly,
    isEnded,
    room: docLink.room,
    docLink,
    link,
    agendaItems: data.agendaItems,
    canEditAgenda: page.canEditAgenda && !isEnded,
    agendaOwners: page.agendaOwners,
    agendaPlan: page.agendaPlan,
    participants: page.participants,
    caseTeam: page.caseTeam.map((p) => ({ ...p, meetingRole: null })),
  };

  let readOnlyReason: string | null = null;
  if (isEnded) readOnlyReason = t("room.readOnly.ended");
  else if (docLink.isRefused) readOnlyReason = t("room.readOnly.refused");
  else if (!canWrite) readOnlyReason = t("room.readOnly.noWrite");
  else if (docLink.closedCode !== null) readOnlyReason = t("room.readOnly.closed");

  const view = page.view;
  return (
    <RoomContextProvider value={context}>
      <div className={`room room--${view}`} data-testid="meeting-room" data-view={view}>
        {view !== "projection" ? (
          <p className="breadcrumb">
            <Link to={`/meetings/${meeting.id}`}>{t("room.backToMeeting")}</Link>
          </p>
        ) : null}
        <h1>
          {view === "client" ? t("room.client.title") : t("room.title")}
          <span className="title-sub">
            <time dateTime={meeting.startsAt}>{formatDateTime(locale, meeting.startsAt)}</time>
            {meeting.caseNumber ? ` · ${meeting.caseNumber}` : ""}
          </span>
        </h1>
        <RoomStatusBar />
        {view !== "projection" ? <ViewSwitch current={view} /> : null}
        {link.status === "refused" && link.refusal ? (
          <p className="alert alert--error" role="alert">
            {translateDynamic(locale, link.refusal)}
          </p>
        ) : null}
        {readOnlyReason && view === "full" ? <p className="alert alert--info">{readOnlyReason}</p> : null}
        {view === "full" ? (
          <details className="room-rules">
            <summary>{t("room.rules.summary")}</summary>
            <p className="text-block">
              <strong>{t("room.rules.purpose")}</strong> {meeting.purpose}
            </p>
            <p>{t("meeting.respond.confidentialityText")}</p>
            <p>{t("room.rules.minutes")}</p>
            <p>
              {t("room.lobby.yourRole", { role: t(`meetingRole.${data.me.meetingRole}`) })}
              {data.me.expectedContribution
                ? ` ${t("room.rules.contribution", { text: data.me.expectedContribution })}`
                : ""}
            </p>
            {page.canEditAgenda && !isEnded ? (
              <p>
                <Link to={`/meetings/${meeting.id}#agenda`}>{t("room.rules.editAgenda")}</Link>
              </p>
            ) : null}
          </details>
        ) : null}
        {view === "full" ? <FullView state={state} /> : null}
        {view === "client" ? <ClientView state={state} /> : null}
        {view === "projection" ? <ProjectionView state={state} /> : null}
        {view === "projection" ? <ViewSwitch current={view} /> : null}
      </div>
    </RoomContextProvider>
  );
}

export const ErrorBoundary = MeetingErrorBoundary;
