// Every setting comes from the environment and is checked here, once, at start-up.
// A bad value stops the app with one line naming the variable (see formatEnvError).
import path from "node:path";
import { z } from "zod";
import type { CollabLimits } from "./collab/limits.ts";

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

/** A whole number in [min, max], with a message that says so. */
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number ${min}-${max}` })
    .int(`expected a whole number ${min}-${max}`)
    .min(min, `expected a whole number ${min}-${max}`)
    .max(max, `expected a whole number ${min}-${max}`);

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
  // Connections per process to PostgreSQL (processes × this must stay under its max_connections).
  DATABASE_POOL_SIZE: wholeNumber(2, 1000).default(15),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), "expected redis://… or rediss://…")
    .optional(),
  DEMO_MODE: booleanFromString.optional(),
  // How many reverse proxies stand in front (each appends to X-Forwarded-For); "true" means one.
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|yes|no|[0-9])$/, "expected false, true or the number of proxies in front (0-9)")
    .transform((v) => (v === "true" || v === "yes" ? 1 : v === "false" || v === "no" ? 0 : Number(v)))
    .default(0),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), "expected smtp://… or smtps://…")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Juhtumikohtumised <no-reply@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Limits against abuse (README, "Configuration"). Defaults are safe for production.
  CONNECT_RATE_PER_IP: wholeNumber(0, 10_000).default(10),
  CONNECT_BURST_PER_IP: wholeNumber(1, 100_000).default(100),
  COLLAB_MAX_MESSAGE_BYTES: wholeNumber(16 * 1024, 64 * 1024 * 1024).default(1024 * 1024),
  COLLAB_MESSAGES_PER_SECOND: wholeNumber(1, 100_000).default(100),
  COLLAB_MESSAGE_BURST: wholeNumber(1, 1_000_000).default(300),
  COLLAB_MAX_AWARENESS_BYTES: wholeNumber(1024, 16 * 1024 * 1024).default(64 * 1024),
  COLLAB_AWARENESS_PER_SECOND: wholeNumber(1, 100_000).default(20),
  COLLAB_AWARENESS_BURST: wholeNumber(1, 1_000_000).default(60),
  COLLAB_MAX_PARTICIPANTS: wholeNumber(1, 10_000).default(50),
  COLLAB_MAX_DELETE_RANGES: wholeNumber(1000, 10_000_000).default(50_000),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  publicUrl: URL;
  /** False when PUBLIC_URL is unset: then any loopback origin on our port is accepted. */
  isPublicUrlExplicit: boolean;
  dataDir: string;
  database:
    | { kind: "sqlite"; file: string; isEmbedded: boolean }
    /** `poolSize`: connections this process keeps at most (DATABASE_POOL_SIZE; create-db.ts has the default). */
    | { kind: "postgresql"; url: string; poolSize?: number };
  redisUrl: string | null;
  isDemoMode: boolean;
  /** Reverse proxies in front of the app: the client address is that many entries from the right of X-Forwarded-For. */
  trustProxy: number;
  isSecureCookie: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  sessionDays: number;
  shutdownTimeoutMs: number;
  /** Connection attempts per client address (websocket upgrades and socket.io handshakes); rate 0: off. */
  connectLimit: { ratePerSecond: number; burst: number };
  collabLimits: Pick<
    CollabLimits,
    | "maxMessageBytes"
    | "maxMessagesPerSecond"
    | "messageBurst"
    | "maxAwarenessBytes"
    | "maxAwarenessPerSecond"
    | "awarenessBurst"
    | "maxConnectionsPerDocument"
    | "maxUpdateDeleteRanges"
  >;
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
      ? { kind: "postgresql", url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
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
    connectLimit: { ratePerSecond: e.CONNECT_RATE_PER_IP, burst: e.CONNECT_BURST_PER_IP },
    collabLimits: {
      maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      maxMessagesPerSecond: e.COLLAB_MESSAGES_PER_SECOND,
      messageBurst: e.COLLAB_MESSAGE_BURST,
      maxAwarenessBytes: e.COLLAB_MAX_AWARENESS_BYTES,
      maxAwarenessPerSecond: e.COLLAB_AWARENESS_PER_SECOND,
      awarenessBurst: e.COLLAB_AWARENESS_BURST,
      maxConnectionsPerDocument: e.COLLAB_MAX_PARTICIPANTS,
      maxUpdateDeleteRanges: e.COLLAB_MAX_DELETE_RANGES,
    },
  };
}
