// How the meeting runs, live: joins the room over socket.io (`room:join`), keeps the newest
// run-state (agenda confirmed, current item, timer, hands), who is here and, for moderators,
// the signals; sends commands and reports their refusals. Everything arriving is parsed with
// zod (app/domain/room/room-protocol.ts). After every reconnect it joins again: a new socket is
// in no room, and the state it missed comes with the join's answer.
//
// The same socket watches the meeting (`meeting:watch`), so a change of the agenda, the
// participants or the meeting's status reloads the page's data, as on the meeting page.
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import {
  ROOM_EVENTS,
  RoomSignalSchema,
  RoomStateSchema,
  type RoomCommand,
  type RoomJoinResult,
  type RoomPresence,
  type RoomSignal,
  type RoomState,
} from "~/domain/room/room-protocol";

export type RoomSocketStatus = "connecting" | "live" | "offline" | "refused";
export type CommandResult = { ok: true } | { ok: false; messageKey: string };

const COMMAND_TIMEOUT_MS = 10_000;
const RELOAD_EVENTS = ["agenda:changed", "participants:changed", "meeting:changed", "record:changed"];

const PresenceSchema = z.object({
  userId: z.string(),
  name: z.string(),
  position: z.string(),
  meetingRole: z.string(),
  caseRole: z.string().nullable(),
  isRemote: z.boolean(),
});
const MeSchema = z.object({
  userId: z.string(),
  canModerate: z.boolean(),
  canKeepTime: z.boolean(),
  canWrite: z.boolean(),
});
const RefusalSchema = z.object({ ok: z.literal(false), messageKey: z.string().max(200).catch("error.unexpected") });
const JoinAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    state: RoomStateSchema,
    presence: z.array(PresenceSchema),
    signals: z.array(RoomSignalSchema),
    me: MeSchema,
  }),
  RefusalSchema,
]);
const CommandAckSchema = z.union([z.object({ ok: z.literal(true), state: RoomStateSchema }), RefusalSchema]);
const StateEventSchema = z.object({ meetingId: z.string(), state: RoomStateSchema });
const PresenceEventSchema = z.object({ meetingId: z.string(), presence: z.array(PresenceSchema) });
const SignalsEventSchema = z.object({ meetingId: z.string(), signals: z.array(RoomSignalSchema) });

export type RoomLink = {
  status: RoomSocketStatus;
  /** Why the server refused to let us in (a message key), when it did. */
  refusal: string | null;
  state: RoomState | null;
  presence: RoomPresence[];
  signals: RoomSignal[];
  me: RoomJoinResult["me"] | null;
  send(command: RoomCommand): Promise<CommandResult>;
};

export function useRoomSocket(meetingId: string): RoomLink {
  const revalidator = useRevalidator();
  const revalidatorRef = useRef(revalidator);
  revalidatorRef.current = revalidator;
  const socketRef = useRef<Socket | null>(null);
  const [status, setStatus] = useState<RoomSocketStatus>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [state, setState] = useState<RoomState | null>(null);
  const [presence, setPresence] = useState<RoomPresence[]>([]);
  const [signals, setSignals] = useState<RoomSignal[]>([]);
  const [me, setMe] = useState<RoomJoinResult["me"] | null>(null);

  /** Never step back: a state older than the one we hold arrived late. */
  const applyState = useCallback((next: RoomState) => {
    setState((current) => (current && current.version > next.version ? current : next));
  }, []);

  useEffect(() => {
    const socket = io({ transports: ["websocket"], reconnectionDelayMax: 5_000 });
    socketRef.current = socket;
    let pendingReload: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      if (pendingReload) return;
      pendingReload = setTimeout(() => {
        pendingReload = null;
        if (revalidatorRef.current.state === "idle") revalidatorRef.current.revalidate();
      }, 150);
    };
    let hasJoined = false;

    socket.on("connect", () => {
      setStatus("connecting");
      socket.emit("meeting:watch", { meetingId }, () => undefined);
      socket.timeout(COMMAND_TIMEOUT_MS).emit(ROOM_EVENTS.join, { meetingId }, (error: unknown, raw: unknown) => {
        if (error) {
          setStatus("offline");
          return;
        }
        const ack = JoinAckSchema.safeParse(raw);
        if (!ack.success) {
          setStatus("offline");
          return;
        }
        if (!ack.data.ok) {
          setStatus("refused");
          setRefusal(ack.data.messageKey);
          return;
        }
        setRefusal(null);
        setStatus("live");
        applyState(ack.data.state);
        setPresence(ack.data.presence);
        setSignals(ack.data.signals);
        setMe(ack.data.me);
        // A rejoin may have missed changes of the agenda or the meeting: reload them too.
        if (hasJoined) reload();
        hasJoined = true;
      });
    });
    socket.on("disconnect", () => setStatus((s) => (s === "refused" ? s : "offline")));
    socket.on("connect_error", () => setStatus((s) => (s === "refused" ? s : "offline")));
    socket.on(ROOM_EVENTS.state, (raw: unknown) => {
      const parsed = StateEventSchema.safeParse(raw);
      if (parsed.success && parsed.data.meetingId === meetingId) applyState(parsed.data.state);
    });
    socket.on(ROOM_EVENTS.presence, (raw: unknown) => {
      const parsed = PresenceEventSchema.safeParse(raw);
      if (parsed.success && parsed.data.meetingId === meetingId) setPresence(parsed.data.presence);
    });
    socket.on(ROOM_EVENTS.signals, (raw: unknown) => {
      const parsed = SignalsEventSchema.safeParse(raw);
      if (parsed.success && parsed.data.meetingId === meetingId) setSignals(parsed.data.signals);
    });
    for (const name of RELOAD_EVENTS) socket.on(name, reload);

    return () => {
      if (pendingReload) clearTimeout(pendingReload);
      if (socket.connected) socket.emit(ROOM_EVENTS.leave, { meetingId });
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [meetingId, applyState]);

  const send = useCallback(
    (command: RoomCommand): Promise<CommandResult> =>
      new Promise((resolve) => {
        const socket = socketRef.current;
        if (!socket?.connected) {
          resolve({ ok: false, messageKey: "room.command.offline" });
          return;
        }
        socket
          .timeout(COMMAND_TIMEOUT_MS)
          .emit(ROOM_EVENTS.command, { meetingId, command }, (error: unknown, raw: unknown) => {
            if (error) {
              resolve({ ok: false, messageKey: "room.command.noAnswer" });
              return;
            }
            const ack = CommandAckSchema.safeParse(raw);
            if (!ack.success) {
              resolve({ ok: false, messageKey: "error.unexpected" });
              return;
            }
            if (!ack.data.ok) {
              resolve({ ok: false, messageKey: ack.data.messageKey });
              return;
            }
            applyState(ack.data.state);
            resolve({ ok: true });
          });
      }),
    [meetingId, applyState],
  );

  return { status, refusal, state, presence, signals, me, send };
}
