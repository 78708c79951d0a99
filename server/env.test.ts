import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("defaults to the embedded SQLite database in demo mode under ./data", () => {
    const env = parseEnv({}, "/srv/app");
    expect(env.database).toEqual({ kind: "sqlite", file: "/srv/app/data/app.db", isEmbedded: true });
    expect(env.isDemoMode).toBe(true);
    expect(env.port).toBe(3000);
    expect(env.publicUrl.origin).toBe("http://localhost:3000");
    expect(env.isSecureCookie).toBe(false);
    expect(env.redisUrl).toBeNull();
  });

  it("switches to PostgreSQL with DATABASE_URL and then never runs in demo mode", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://app@db.example:5432/app", REDIS_URL: "redis://r:6379" });
    expect(env.database).toEqual({ kind: "postgresql", url: "postgresql://app@db.example:5432/app", poolSize: 15 });
    expect(env.isDemoMode).toBe(false);
    expect(env.redisUrl).toBe("redis://r:6379");
    expect(parseEnv({ DATABASE_URL: "postgresql://app@db/app", DATABASE_POOL_SIZE: "40" }).database).toMatchObject({
      poolSize: 40,
    });
  });

  it("uses secure cookies when the public URL is https", () => {
    const env = parseEnv({ PUBLIC_URL: "https://juhtumid.tartumaa.example" });
    expect(env.isSecureCookie).toBe(true);
  });

  it("takes TRUST_PROXY as the number of proxies in front, true meaning one", () => {
    expect(parseEnv({}).trustProxy).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "no" }).trustProxy).toBe(0);
    expect(() => parseEnv({ TRUST_PROXY: "always" })).toThrow(/TRUST_PROXY.*number of proxies/);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });

  it("has safe limits against abuse by default, each one configurable", () => {
    expect(parseEnv({}).connectLimit).toEqual({ ratePerSecond: 10, burst: 100 });
    expect(parseEnv({}).collabLimits).toEqual({
      maxMessageBytes: 1024 * 1024,
      maxMessagesPerSecond: 100,
      messageBurst: 300,
      maxAwarenessBytes: 64 * 1024,
      maxAwarenessPerSecond: 20,
      awarenessBurst: 60,
      maxConnectionsPerDocument: 50,
      maxUpdateDeleteRanges: 50_000,
    });
    const env = parseEnv({
      CONNECT_RATE_PER_IP: "0",
      CONNECT_BURST_PER_IP: "5",
      COLLAB_MAX_MESSAGE_BYTES: "65536",
      COLLAB_MESSAGES_PER_SECOND: "10",
      COLLAB_MESSAGE_BURST: "20",
      COLLAB_MAX_AWARENESS_BYTES: "2048",
      COLLAB_AWARENESS_PER_SECOND: "3",
      COLLAB_AWARENESS_BURST: "6",
      COLLAB_MAX_PARTICIPANTS: "12",
      COLLAB_MAX_DELETE_RANGES: "200000",
    });
    expect(env.connectLimit).toEqual({ ratePerSecond: 0, burst: 5 });
    expect(env.collabLimits).toEqual({
      maxMessageBytes: 65536,
      maxMessagesPerSecond: 10,
      messageBurst: 20,
      maxAwarenessBytes: 2048,
      maxAwarenessPerSecond: 3,
      awarenessBurst: 6,
      maxConnectionsPerDocument: 12,
      maxUpdateDeleteRanges: 200_000,
    });
  });

  it.each([
    [
      { CONNECT_RATE_PER_IP: "ten" },
      "Invalid environment variable CONNECT_RATE_PER_IP: expected a whole number 0-10000",
    ],
    [
      { CONNECT_BURST_PER_IP: "0" },
      "Invalid environment variable CONNECT_BURST_PER_IP: expected a whole number 1-100000",
    ],
    [
      { COLLAB_MAX_MESSAGE_BYTES: "100" },
      "Invalid environment variable COLLAB_MAX_MESSAGE_BYTES: expected a whole number 16384-67108864",
    ],
    [
      { COLLAB_MESSAGES_PER_SECOND: "2.5" },
      "Invalid environment variable COLLAB_MESSAGES_PER_SECOND: expected a whole number 1-100000",
    ],
    [
      { COLLAB_AWARENESS_PER_SECOND: "-1" },
      "Invalid environment variable COLLAB_AWARENESS_PER_SECOND: expected a whole number 1-100000",
    ],
    [
      { COLLAB_MAX_PARTICIPANTS: "0" },
      "Invalid environment variable COLLAB_MAX_PARTICIPANTS: expected a whole number 1-10000",
    ],
    [
      { COLLAB_MAX_DELETE_RANGES: "10" },
      "Invalid environment variable COLLAB_MAX_DELETE_RANGES: expected a whole number 1000-10000000",
    ],
    [
      { DATABASE_URL: "postgresql://app@db.example:5432/app", DATABASE_POOL_SIZE: "1" },
      "Invalid environment variable DATABASE_POOL_SIZE: expected a whole number 2-1000",
    ],
    [{ PORT: "eighty" }, "Invalid environment variable PORT: expected a port number"],
    [{ PORT: "70000" }, "Invalid environment variable PORT: expected a port number 0-65535"],
    [{ DATABASE_URL: "mysql://x" }, "Invalid environment variable DATABASE_URL: expected postgresql://… or file:…"],
    [{ REDIS_URL: "localhost:6379" }, "Invalid environment variable REDIS_URL: expected redis://… or rediss://…"],
    [{ DEMO_MODE: "maybe" }, "Invalid environment variable DEMO_MODE: expected true or false"],
    [{ PUBLIC_URL: "ftp://x" }, "Invalid environment variable PUBLIC_URL: expected an http(s) URL"],
    [{ LOG_LEVEL: "loud" }, "Invalid environment variable LOG_LEVEL"],
    [
      { DATABASE_URL: "postgresql://x/y", DEMO_MODE: "true" },
      "Invalid environment variable DEMO_MODE: demo data is only created in the embedded SQLite database",
    ],
  ])("refuses %o with one line naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
    try {
      parseEnv(source);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
