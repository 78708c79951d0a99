// Every setting comes from the environment and is checked here, once, at start-up.
// A bad value stops the app with one line naming the variable (see formatEnvError).
import path from "node:path";
import { z } from "zod";

const booleanFromString = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "expected true or false",
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce
  .number({ error: "expected a port number" })
  .int("expected a port number")
  .min(0, "expected a port number 0-65535")
  .max(65535, "expected a port number 0-65535");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres(ql)?:\/\/|file:)/.test(v), "expected postgresql://… or file:…")
    .optional(),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), "expected redis://… or rediss://…")
    .optional(),
  DEMO_MODE: booleanFromString.optional(),
  TRUST_PROXY: booleanFromString.default(false),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), "expected smtp://… or smtps://…")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Juhtumikohtumised <no-reply@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  publicUrl: URL;
  /** False when PUBLIC_URL is unset: then any loopback origin on our port is accepted. */
  isPublicUrlExplicit: boolean;
  dataDir: string;
  database: { kind: "sqlite"; file: string; isEmbedded: boolean } | { kind: "postgresql"; url: string };
  redisUrl: string | null;
  isDemoMode: boolean;
  trustProxy: boolean;
  isSecureCookie: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  sessionDays: number;
  shutdownTimeoutMs: number;
};

export class EnvError extends Error {}

/** Parses the environment; throws EnvError with a one-line message naming the variable. */
export function parseEnv(source: Record<string, string | undefined>, cwd = process.cwd()): Env {
  // An empty variable counts as unset, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EnvError(`Invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const database: Env["database"] =
    e.DATABASE_URL && !e.DATABASE_URL.startsWith("file:")
      ? { kind: "postgresql", url: e.DATABASE_URL }
      : {
          kind: "sqlite",
          file: e.DATABASE_URL ? path.resolve(cwd, e.DATABASE_URL.slice("file:".length)) : path.join(dataDir, "app.db"),
          isEmbedded: true,
        };
  if (e.DEMO_MODE && database.kind === "postgresql") {
    throw new EnvError(
      "Invalid environment variable DEMO_MODE: demo data is only created in the embedded SQLite database",
    );
  }
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    isPublicUrlExplicit: e.PUBLIC_URL !== undefined,
    dataDir,
    database,
    redisUrl: e.REDIS_URL ?? null,
    isDemoMode: e.DEMO_MODE ?? database.kind === "sqlite",
    trustProxy: e.TRUST_PROXY,
    isSecureCookie: publicUrl.protocol === "https:",
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    sessionDays: e.SESSION_DAYS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
