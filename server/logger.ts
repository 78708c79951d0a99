// Structured JSON logs. Rule: never log personal data. Log identifiers (ids, codes, counts),
// never names, e-mail addresses, personal codes, document content or request bodies.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "juhtumikohtumised" },
    // Belt and braces: if someone passes one of these fields anyway, it never reaches the log.
    redact: {
      paths: [
        "email",
        "name",
        "password",
        "personalCode",
        "*.email",
        "*.name",
        "*.password",
        "*.personalCode",
        "req.headers.cookie",
      ],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
