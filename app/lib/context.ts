// What the server hands every loader and action (server/create-server.ts builds it).
// Type-only imports: nothing from the server reaches the Remix bundle.
import type { Logger } from "pino";
import type { Db } from "./db-types";
import type { Mailer } from "./mailer-types";

export type AppConfig = {
  isDemoMode: boolean;
  isSecureCookie: boolean;
  publicUrl: string;
  sessionDays: number;
};

/** Live connections (socket.io and Yjs). Called when someone's access to a case ends. */
export type Realtime = {
  /** Closes every live connection of the person; they re-authenticate on reconnect. */
  disconnectUser(userId: string): void;
  /** Tells everyone watching the meeting that something changed (ids only; they reload). */
  notifyMeeting(
    meetingId: string,
    event: "agenda:changed" | "participants:changed" | "meeting:changed" | "record:changed",
  ): void;
  /** Stores everything pending of a live document (before the server reads it from the database). */
  flushDocument(docName: string): Promise<void>;
  /** Closes a live document's connections; clients reconnect and are authorised again (read-only after a meeting ends). */
  disconnectDocument(docName: string): void;
};

export type AppServices = {
  db: Db;
  realtime: Realtime;
  config: AppConfig;
  logger: Logger;
  mailer: Mailer;
};

export type RequestMeta = {
  /** The client address (behind a trusted proxy, from X-Forwarded-For). Used for throttling only. */
  clientIp: string;
  /** The double-submit CSRF token of this browser (cookie set by the server). */
  csrfToken: string;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    services: AppServices;
    request: RequestMeta;
  }
}
