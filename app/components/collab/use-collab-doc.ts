// What the meeting writes, live: the room's one Yjs document (decision record 009) through one
// y-websocket connection to our Yjs server at /collab/. Reports the connection and whether
// every change is stored (trackSaved: the server confirms after its database commit), so the
// page can always say "saved", "saving" or "your changes will be sent when the connection is
// back".
//
// A connection the server holds read-only (a meeting that has ended, someone who may only read)
// is closed with 4403 or 4423 as soon as it sends a change the server does not have. Such a
// close is permanent for y-websocket; we then start over with a fresh, empty document in
// read-only mode, so the page keeps showing the stored truth live instead of the refused edit.
import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { formatDocName } from "~/domain/collab/doc-name";
import { trackSaved, type SavedState, type SavedTracker } from "~/lib/collab-saved";

export type DocConnection = "connecting" | "connected" | "disconnected" | "closed";

/** Close codes of our Yjs server that mean "you may not write this document" (app/domain/errors.ts). */
const READ_ONLY_CLOSE_CODES = new Set([4403, 4423]);
/** A fresh document is tried this many times; a server refusing even that is not retried for ever. */
const MAX_FRESH_STARTS = 3;

export type RoomDoc = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SavedTracker;
  /** Changes whenever the document is replaced: editors bound to the old one must be remade. */
  generation: number;
};

export type RoomDocLink = {
  room: RoomDoc | null;
  connection: DocConnection;
  saved: SavedState;
  /** The first sync with the server is done: what is shown is the stored document. */
  isSynced: boolean;
  /** The server refused a change (4403, 4423): from now on this page only reads. */
  isRefused: boolean;
  /** The server closed the connection for good with another code (no access, not found). */
  closedCode: number | null;
};

const INITIAL_SAVED: SavedState = { isSaved: true, unconfirmedCount: 0, hasOfflineChanges: false };

export function collabServerUrl(location: Location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab`;
}

export function useRoomDoc(meetingId: string, user: { name: string; color: string }): RoomDocLink {
  const [generation, setGeneration] = useState(0);
  const [room, setRoom] = useState<RoomDoc | null>(null);
  const [connection, setConnection] = useState<DocConnection>("connecting");
  const [saved, setSaved] = useState<SavedState>(INITIAL_SAVED);
  const [isSynced, setIsSynced] = useState(false);
  const [isRefused, setIsRefused] = useState(false);
  const [closedCode, setClosedCode] = useState<number | null>(null);
  const { name, color } = user;

  useEffect(() => {
    const doc = new Y.Doc();
    // No BroadcastChannel: every tab talks to the server itself, so a read-only tab never
    // receives another tab's unsent changes (the server would refuse them from it).
    const provider = new WebsocketProvider(
      collabServerUrl(window.location),
      formatDocName({ kind: "room", meetingId }),
      doc,
      { disableBc: true },
    );
    // Right after the provider, before anyone can type: changes made earlier would not be counted.
    const tracker = trackSaved(provider);
    provider.awareness.setLocalStateField("user", { name, color });
    setRoom({ doc, provider, tracker, generation });
    setConnection("connecting");
    setSaved(tracker.state());
    setIsSynced(false);

    const offChange = tracker.onChange(setSaved);
    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => setConnection(status);
    const onSync = (isNowSynced: boolean) => setIsSynced(isNowSynced);
    const onClosed = ({ code }: { code: number; reason: string }) => {
      if (READ_ONLY_CLOSE_CODES.has(code)) {
        setIsRefused(true);
        if (generation < MAX_FRESH_STARTS) setGeneration(generation + 1);
        else setConnection("closed");
        return;
      }
      setClosedCode(code);
      setConnection("closed");
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);

    return () => {
      offChange();
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      tracker.destroy();
      provider.destroy();
      doc.destroy();
    };
    // The name and colour are set on the awareness below when they change, without reconnecting.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meetingId, generation]);

  useEffect(() => {
    room?.provider.awareness.setLocalStateField("user", { name, color });
  }, [room, name, color]);

  return { room, connection, saved, isSynced, isRefused, closedCode };
}

/** A caret colour per person, dark enough for white label text (WCAG AA), as #rrggbb. */
const CARET_COLOURS = ["#0b5394", "#7a1a14", "#1e6b36", "#6a1b9a", "#8a4b00", "#00606b", "#5c4700", "#ad1457"];

export function caretColour(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return CARET_COLOURS[hash % CARET_COLOURS.length] ?? "#0b5394";
}
