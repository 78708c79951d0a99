// Keeps a meeting page current while others change it: joins the meeting's socket.io room
// (`meeting:watch`, authorised on the server by the same meeting policy as the page) and
// reloads the page's data (Remix revalidation) when the server says something changed. The
// events carry ids only; the data always comes from the loaders, through the policy.
// Used by the preparation page and the agenda; the room may use it too.
import type { SerializeFrom } from "@remix-run/node";
import { useActionData, useLocation, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";

export const MEETING_LIVE_EVENTS = [
  "participants:changed",
  "meeting:changed",
  "agenda:changed",
  "record:changed",
] as const;
export type MeetingLiveEvent = (typeof MEETING_LIVE_EVENTS)[number];

export type MeetingLiveStatus = "connecting" | "live" | "offline";

/**
 * Watches one meeting while the component is mounted. Returns the connection state, so a page
 * can say whether changes appear by themselves. Several events arriving together cause one
 * reload, not several.
 */
export function useMeetingLive(
  meetingId: string,
  events: readonly MeetingLiveEvent[] = MEETING_LIVE_EVENTS,
): MeetingLiveStatus {
  const revalidator = useRevalidator();
  const revalidatorRef = useRef(revalidator);
  revalidatorRef.current = revalidator;
  const [status, setStatus] = useState<MeetingLiveStatus>("connecting");
  const eventsKey = events.join(",");

  useEffect(() => {
    const socket = io({ transports: ["websocket"], reconnectionDelayMax: 10_000 });
    let pending: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        if (revalidatorRef.current.state === "idle") revalidatorRef.current.revalidate();
      }, 150);
    };
    // Watch again after every (re)connect: a new socket is in no room. A reconnect may have
    // missed changes, so it reloads too.
    let hasWatched = false;
    socket.on("connect", () => {
      socket.emit("meeting:watch", { meetingId }, (ack: { ok: boolean } | undefined) => {
        setStatus(ack?.ok ? "live" : "offline");
        if (ack?.ok && hasWatched) reload();
        hasWatched = hasWatched || Boolean(ack?.ok);
      });
    });
    socket.on("disconnect", () => setStatus("offline"));
    socket.on("connect_error", () => setStatus("offline"));
    const names = eventsKey.split(",");
    for (const name of names) socket.on(name, reload);
    return () => {
      if (pending) clearTimeout(pending);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [meetingId, eventsKey]);

  return status;
}

/**
 * useActionData that survives the live reloads above. A revalidation clears the action's data
 * (Remix keeps it only through the reload that follows the action itself), and the server tells
 * the room, the sender's own page included, about the change the action made: without this the
 * answer of an action (who the invitations went to, "your answer is saved", the link just
 * created, a refusal) would vanish a moment after it appeared. Kept until the next navigation.
 */
export function useActionDataAcrossLiveReloads<T>(): SerializeFrom<T> | undefined {
  const actionData = useActionData<T>();
  const navigation = useNavigation();
  const { key } = useLocation();
  const kept = useRef<{ key: string; data: SerializeFrom<T> } | null>(null);
  // React Router hands out an action's answer as soon as the action is done, while the page's
  // data is still being reloaded after it: "your answer is saved" would stand for a moment beside
  // the answer as it was before. The answer waits for the reload.
  const isReloadingAfterAction =
    navigation.state === "loading" &&
    navigation.formMethod !== undefined &&
    navigation.formMethod.toUpperCase() !== "GET";
  if (isReloadingAfterAction) return kept.current?.key === key ? kept.current.data : undefined;
  if (actionData !== undefined) kept.current = { key, data: actionData };
  else if (kept.current?.key !== key) kept.current = null;
  return actionData ?? kept.current?.data;
}
