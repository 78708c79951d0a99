// The HTTP side of the websocket handshake: which document a request names, and how to say
// no before any websocket exists.
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { parseDocName } from "../../app/domain/collab/doc-name.ts";

export const COLLAB_PATH_PREFIX = "/collab/";

/**
 * The document named by an upgrade request's URL (`/collab/<name>?…`, as y-websocket's
 * WebsocketProvider builds it), or null if the path is not a valid document name.
 */
export function docNameFromUpgradeUrl(url: string | undefined): string | null {
  if (!url) return null;
  let pathname: string;
  try {
    pathname = new URL(url, "http://localhost").pathname;
  } catch {
    return null;
  }
  if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return null;
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(COLLAB_PATH_PREFIX.length));
  } catch {
    return null;
  }
  return parseDocName(name) ? name : null;
}

/** Answers the upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? "Error";
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n` +
      "Connection: close\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      `\r\n${text}`,
  );
}
