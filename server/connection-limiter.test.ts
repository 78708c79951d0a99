import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { clientAddress, createConnectionLimiter } from "./connection-limiter.ts";

function request(address: string, forwardedFor?: string): http.IncomingMessage {
  return {
    socket: { remoteAddress: address },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  } as unknown as http.IncomingMessage;
}

describe("createConnectionLimiter", () => {
  it("gives each address its burst, then its rate", () => {
    let now = 0;
    const limiter = createConnectionLimiter({ ratePerSecond: 2, burst: 3, trustProxy: 0, now: () => now });
    const a = request("198.51.100.1");
    expect([limiter.admit(a), limiter.admit(a), limiter.admit(a), limiter.admit(a)]).toEqual([true, true, true, false]);
    // Another address has its own budget.
    expect(limiter.admit(request("198.51.100.2"))).toBe(true);
    now = 500; // half a second at 2/s: one attempt
    expect([limiter.admit(a), limiter.admit(a)]).toEqual([true, false]);
  });

  it("counts the forwarded address behind a trusted proxy, and the proxy's otherwise", () => {
    const behindProxy = createConnectionLimiter({ ratePerSecond: 1, burst: 1, trustProxy: 1, now: () => 0 });
    expect(behindProxy.admit(request("127.0.0.1", "203.0.113.7"))).toBe(true);
    expect(behindProxy.admit(request("127.0.0.1", "203.0.113.8"))).toBe(true);
    expect(behindProxy.admit(request("127.0.0.1", "203.0.113.7"))).toBe(false);
    const direct = createConnectionLimiter({ ratePerSecond: 1, burst: 1, trustProxy: 0, now: () => 0 });
    expect(direct.admit(request("127.0.0.1", "203.0.113.7"))).toBe(true);
    expect(direct.admit(request("127.0.0.1", "203.0.113.8"))).toBe(false);
  });

  it("keeps its map bounded: sweeps full buckets and forgets the least recently seen address", () => {
    let now = 0;
    const limiter = createConnectionLimiter({
      ratePerSecond: 1,
      burst: 2,
      trustProxy: 0,
      maxAddresses: 3,
      now: () => now,
    });
    for (const address of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) limiter.admit(request(address));
    limiter.admit(request("10.0.0.1"));
    limiter.admit(request("10.0.0.1")); // 10.0.0.1 is now spent and the most recently seen
    limiter.admit(request("10.0.0.4")); // over the bound: 10.0.0.2, the least recently seen, goes
    expect(limiter.trackedAddresses).toBe(3);
    expect(limiter.admit(request("10.0.0.1"))).toBe(false);
    // A minute later every bucket is full again: the sweep empties the map.
    now = 61_000;
    limiter.admit(request("10.0.0.9"));
    expect(limiter.trackedAddresses).toBe(1);
  });

  it("is off with rate 0", () => {
    const limiter = createConnectionLimiter({ ratePerSecond: 0, burst: 1, trustProxy: 0 });
    expect(Array.from({ length: 100 }, () => limiter.admit(request("10.0.0.1"))).every(Boolean)).toBe(true);
    expect(limiter.trackedAddresses).toBe(0);
  });
});

describe("clientAddress", () => {
  it.each([0, 1, 2])("is the address Express gives the sign-in throttling (%i proxies trusted)", async (trustProxy) => {
    const seen: Array<{ ours: string; express: string | undefined }> = [];
    const app = express();
    if (trustProxy > 0) app.set("trust proxy", trustProxy);
    app.get("/", (req, res) => {
      seen.push({ ours: clientAddress(req, trustProxy), express: req.ip });
      res.end();
    });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const forwardedFor of [
        undefined,
        "203.0.113.7",
        "203.0.113.7, 10.0.0.2",
        " 198.51.100.4 ,10.1.1.1",
        ", 203.0.113.9",
        "2001:db8::1, 10.0.0.2",
      ]) {
        await fetch(`http://127.0.0.1:${port}/`, {
          headers: forwardedFor === undefined ? {} : { "X-Forwarded-For": forwardedFor },
        });
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(seen).toHaveLength(6);
    for (const { ours, express: fromExpress } of seen) expect(ours).toBe(fromExpress);
    const addresses = seen.map((s) => s.ours);
    if (trustProxy === 0) expect(new Set(addresses)).toEqual(new Set(["127.0.0.1"]));
    // One proxy appends the address it saw; what the client wrote to the left of it is not used.
    if (trustProxy === 1) expect(addresses).toEqual(["127.0.0.1", "203.0.113.7", "10.0.0.2", "10.1.1.1", "203.0.113.9", "10.0.0.2"]);
    if (trustProxy === 2) expect(addresses).toContain("198.51.100.4");
  });
});
