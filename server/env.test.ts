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
    expect(env.database).toEqual({ kind: "postgresql", url: "postgresql://app@db.example:5432/app" });
    expect(env.isDemoMode).toBe(false);
    expect(env.redisUrl).toBe("redis://r:6379");
  });

  it("uses secure cookies when the public URL is https", () => {
    const env = parseEnv({ PUBLIC_URL: "https://juhtumid.tartumaa.example" });
    expect(env.isSecureCookie).toBe(true);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });

  it.each([
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
