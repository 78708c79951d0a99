// A real SMTP server (the npm package smtp-server) on a free local port, for tests that send
// mail through the app's real mailer (nodemailer over SMTP_URL) and read what arrived. No TLS,
// no authentication; every message is kept as raw RFC 822 text with its envelope, and a small
// MIME reader gives back its subject, text part and attachments, decoded.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
};

export type SmtpSink = {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Messages whose envelope names this recipient. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
};

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  let isClosed = false;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    close: () =>
      isClosed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            isClosed = true;
            server.close(() => resolve());
          }),
  };
}

// ---- A minimal MIME reader (enough for what nodemailer writes) ---------------------------------

export type MimePart = { headers: Record<string, string>; body: string };

function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const end = text.indexOf("\r\n\r\n");
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? "" : text.slice(end + 4);
  const headers: Record<string, string> = {};
  // Unfold continuation lines first (RFC 5322 §2.2.3).
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const softBreaksRemoved = text.replace(/=\r\n/g, "");
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const char = softBreaksRemoved[i]!;
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  return part.body;
}

/** RFC 2047 encoded words in a header (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_whole, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

function leafParts(text: string): MimePart[] {
  const { headers, body } = splitHeaders(text);
  const type = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith("multipart/") || !boundary) return [{ headers, body }];
  const sections = body.split(`--${boundary}`).slice(1);
  const parts: MimePart[] = [];
  for (const section of sections) {
    if (section.startsWith("--")) break;
    parts.push(...leafParts(section.replace(/^\r\n/, "")));
  }
  return parts;
}

export type ParsedMail = {
  subject: string;
  text: string;
  attachments: { contentType: string; filename: string | null; content: string }[];
};

/** The subject, the plain-text body and the attachments of a raw message, decoded. */
export function parseMail(raw: string): ParsedMail {
  const { headers } = splitHeaders(raw);
  const parts = leafParts(raw);
  const isAttachment = (p: MimePart) =>
    /attachment/i.test(p.headers["content-disposition"] ?? "") || /text\/calendar/i.test(p.headers["content-type"] ?? "");
  const textPart = parts.find((p) => /text\/plain/i.test(p.headers["content-type"] ?? "text/plain") && !isAttachment(p));
  return {
    subject: decodeHeader(headers.subject ?? ""),
    text: textPart ? decodeBody(textPart) : "",
    attachments: parts.filter(isAttachment).map((p) => ({
      contentType: p.headers["content-type"] ?? "",
      filename: /filename="?([^";]+)"?/i.exec(p.headers["content-disposition"] ?? "")?.[1] ?? null,
      content: decodeBody(p),
    })),
  };
}
