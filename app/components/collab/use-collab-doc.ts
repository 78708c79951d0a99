// One live Yjs document (the meeting room's, a case plan's draft) through one y-websocket
// connection to our Yjs server at /collab/. Reports the connection and whether every change is
// stored (trackSaved: the server confirms after its database commit), so the page can always say
// "saved", "saving" or "your changes will be sent when the connection is back".
//
// A connection the server holds read-only (a meeting that has ended, a plan sent for signing,
// someone who may only read) is closed with 4403 or 4423 as soon as it sends a change the server
// does not have. Such a close is permanent for y-websocket; we then start over with a fresh, empty
// document in read-only mode, so the page keeps showing the stored truth live instead of the
// refused edit.
//
// Reconnecting is jittered (issue 7): when a process dies, its hundreds of clients must not all
// come back in the same millisecond. y-websocket's own backoff is the same for everyone, so every
// close the server sends is taken over here ("full jitter": a random wait up to the exponential
// bound). A full document (4503) is retried the same way while the page says so.
import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { formatDocName, type DocRef } from "~/domain/collab/doc-name";
import { WS_CLOSE_DOCUMENT_FULL } from "~/domain/errors";
import { trackSaved, type SavedState, type SavedTracker } from "~/lib/collab-saved";

export type DocConnection = "connecting" | "connected" | "disconnected" | "closed";

/** Close codes of our Yjs server that mean "you may not write this document" (app/domain/errors.ts). */
const READ_ONLY_CLOSE_CODES = new Set([4403, 4423]);
/** A fresh document is tried this many times; a server refusing even that is not retried for ever. */
const MAX_FRESH_STARTS = 3;
const RECONNECT_BASE_MS = 250;
const RECONNECT_CAP_MS = 10_000;

export type CollabDoc = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SavedTracker;
  /** Changes whenever the document is replaced: editors bound to the old one must be remade. */
  generation: number;
};

export type CollabDocLink = {
  room: CollabDoc | null;
  connection: DocConnection;
  saved: SavedState;
  /** The first sync with the server is done: what is shown is the stored document. */
  isSynced: boolean;
  /** The server refused a change (4403, 4423): from now on this page only reads. */
  isRefused: boolean;
  /** The document has as many participants as it may (4503); we keep trying. */
  isFull: boolean;
  /** The server closed the connection for good with another code (no access, not found). */
  closedCode: number | null;
};

const INITIAL_SAVED: SavedState = { isSaved: true, unconfirmedCount: 0, hasOfflineChanges: false };

export function collabServerUrl(location: Location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab`;
}

/** The wait before reconnect attempt `attempt` (1, 2, …): uniform between 0 and the exponential bound. */
export function jitteredReconnectDelay(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * bound);
}

/** Close codes after which reconnecting is pointless (y-websocket's rule: 4400-4499). */
function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

export function useCollabDoc(ref: DocRef, user: { name: string; color: string }): CollabDocLink {
  const [generation, setGeneration] = useState(0);
  const [room, setRoom] = useState<CollabDoc | null>(null);
  const [connection, setConnection] = useState<DocConnection>("connecting");
  const [saved, setSaved] = useState<SavedState>(INITIAL_SAVED);
  const [isSynced, setIsSynced] = useState(false);
  const [isRefused, setIsRefused] = useState(false);
  const [isFull, setIsFull] = useState(false);
  const [closedCode, setClosedCode] = useState<number | null>(null);
  const { name, color } = user;
  const docName = formatDocName(ref);

  useEffect(() => {
    const doc = new Y.Doc();
    let attempts = 0;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    // No BroadcastChannel: every tab talks to the server itself, so a read-only tab never
    // receives another tab's unsent changes (the server would refuse them from it).
    const provider = new WebsocketProvider(collabServerUrl(window.location), docName, doc, {
      disableBc: true,
      // Every close from the server stops y-websocket's own reconnecting; onClosed decides.
      shouldReconnect: () => false,
    });
    // Right after the provider, before anyone can type: changes made earlier would not be counted.
    const tracker = trackSaved(provider);
    provider.awareness.setLocalStateField("user", { name, color });
    setRoom({ doc, provider, tracker, generation });
    setConnection("connecting");
    setSaved(tracker.state());
    setIsSynced(false);

    const offChange = tracker.onChange(setSaved);
    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => setConnection(status);
    const onSync = (isNowSynced: boolean) => {
      setIsSynced(isNowSynced);
      if (isNowSynced) {
        attempts = 0;
        setIsFull(false);
      }
    };
    const onClosed = ({ code }: { code: number; reason: string }) => {
      if (READ_ONLY_CLOSE_CODES.has(code)) {
        setIsRefused(true);
        if (generation < MAX_FRESH_STARTS) setGeneration(generation + 1);
        else setConnection("closed");
        return;
      }
      if (isPermanentClose(code)) {
        setClosedCode(code);
        setConnection("closed");
        return;
      }
      setIsFull(code === WS_CLOSE_DOCUMENT_FULL);
      attempts += 1;
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(() => provider.connect(), jitteredReconnectDelay(attempts));
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);

    return () => {
      clearTimeout(reconnectTimer);
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
  }, [docName, generation]);

  useEffect(() => {
    room?.provider.awareness.setLocalStateField("user", { name, color });
  }, [room, name, color]);

  return { room, connection, saved, isSynced, isRefused, isFull, closedCode };
}

/** A caret colour per person, dark enough for white label text (WCAG AA), as #rrggbb. */
const CARET_COLOURS = ["#0b5394", "#7a1a14", "#1e6b36", "#6a1b9a", "#8a4b00", "#00606b", "#5c4700", "#ad1457"];

export function caretColour(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return CARET_COLOURS[hash % CARET_COLOURS.length] ?? "#0b5394";
}
