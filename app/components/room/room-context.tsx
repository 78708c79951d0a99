// What every part of the live room needs: who I am and what I may do, the live document, the
// run-state channel, the people a decision can be given to. Provided once by the room page.
import { createContext, useContext, useEffect, useState } from "react";
import type { AgendaView } from "~/domain/agenda/list-agenda";
import type { PersonRef } from "~/domain/records/record-schemas";
import type { CollabDoc as RoomDoc, CollabDocLink as RoomDocLink } from "~/components/collab/use-collab-doc";
import type { RoomLink } from "./use-room-socket";

export type RoomPerson = PersonRef & { userId: string; meetingRole: string | null; caseRole: string | null };

export type RoomAgendaItem = {
  id: string;
  number: number;
  title: string;
  durationMinutes: number;
  ownerName: string | null;
};

export type RoomContextValue = {
  meetingId: string;
  me: {
    userId: string;
    name: string;
    position: string;
    canModerate: boolean;
    canKeepTime: boolean;
    canRecordForOthers: boolean;
  };
  /** Name and caret colour on the live document. */
  user: { name: string; color: string };
  /** Nothing may be written: the meeting ended, the person may only read, or the server refused a change. */
  isReadOnly: boolean;
  isEnded: boolean;
  room: RoomDoc | null;
  docLink: RoomDocLink;
  link: RoomLink;
  agendaItems: RoomAgendaItem[];
  /** May add items to the agenda (in the room, during the meeting), and who may lead one. */
  canEditAgenda: boolean;
  agendaOwners: AgendaView["ownerOptions"];
  agendaPlan: Pick<AgendaView, "totalMinutes" | "meetingMinutes" | "remainingMinutes" | "fit">;
  /** Meeting participants first, then the rest of the case team. */
  participants: RoomPerson[];
  caseTeam: RoomPerson[];
};

const RoomContext = createContext<RoomContextValue | null>(null);

export const RoomContextProvider = RoomContext.Provider;

export function useRoom(): RoomContextValue {
  const value = useContext(RoomContext);
  if (!value) throw new Error("useRoom outside the room");
  return value;
}

/** The current time, ticking every second while `isTicking` (the item timer runs). */
export function useNow(isTicking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!isTicking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [isTicking]);
  return now;
}

/** 3:05, 1:02:09: minutes and seconds (hours when needed). */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${ss}` : `${minutes}:${ss}`;
}

export function useIsHydrated(): boolean {
  const [isHydrated, setIsHydrated] = useState(false);
  useEffect(() => setIsHydrated(true), []);
  return isHydrated;
}
