// Fuzzing the Yjs server: over 10,000 malformed, truncated, oversized and structure-aware mutated
// sync and awareness messages (tests/support/collab-fuzz.ts), including the hostile payloads of
// yjs issues 479 and 687, against a real server and database while three honest y-websocket
// clients edit the same document. The corpus is seeded: FUZZ_SEED=<n> repeats a run (the seed
// is printed, and named in every failure). No timings are asserted here; the bench measures the
// event loop and honest latency under the same corpus (tests/bench/hostile.ts).
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { readStoredDoc } from "../../app/domain/collab/stored-document.ts";
import { DomainError } from "../../app/domain/errors.ts";
import { trackSaved } from "../../app/lib/collab-saved.ts";
import {
  createCollabServer,
  DEFAULT_COLLAB_LIMITS,
  type CollabAccess,
  type CollabLimits,
} from "../../server/collab/collab-server.ts";
import {
  buildFuzzCorpus,
  formatFuzzOutcomes,
  runFuzzCorpus,
  summarizeViolations,
  type FuzzReport,
} from "../support/collab-fuzz.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;
const WebSocketPolyfill = WebSocket as unknown as NonNullable<ProviderOptions["WebSocketPolyfill"]>;

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomBytes(4).readUInt32LE(0);
const CASES = 10_200;
const LIMITS: CollabLimits = {
  ...DEFAULT_COLLAB_LIMITS,
  persistDelayMs: 20,
  unloadDelayMs: 1000,
  retryMinDelayMs: 20,
  retryMaxDelayMs: 100,
  // Compaction (which merges the stored rows into a fresh document) after nearly every write, so
  // that an accepted update Yjs cannot integrate there shows as "compaction failed".
  compactAfterUpdates: 3,
};

const ACCESS_BY_TOKEN: Record<string, CollabAccess> = {
  alice: { userId: "user-alice", readOnly: false },
  bob: { userId: "user-bob", readOnly: false },
  carol: { userId: "user-carol", readOnly: false },
  mallory: { userId: "user-mallory", readOnly: false },
  viewer: { userId: "user-viewer", readOnly: true },
};

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`seed ${SEED}: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("collab server under fuzzing", () => {
  it(
    `survives ${CASES} hostile messages while honest clients keep editing (seed ${SEED})`,
    { timeout: 240_000 },
    async () => {
      console.log(`collab fuzz: seed ${SEED} (repeat with FUZZ_SEED=${SEED})`);
      const processErrors: unknown[] = [];
      const onProcessError = (error: unknown) => processErrors.push(error);
      process.on("uncaughtException", onProcessError);
      process.on("unhandledRejection", onProcessError);

      // The server logs errors for faults of its own (a failed write, a failed load, a failed
      // compaction): none may happen. Refused messages are logged at warn and below; of those,
      // none may have been refused only because Yjs threw while applying it ("rejected while
      // applying"): the checks before applying must catch whatever Yjs cannot integrate, or it
      // may be half applied, and stored (decision record 005, "Limits and hostile input").
      const serverErrors: string[] = [];
      const logger = pino(
        { level: "warn" },
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            const line = chunk.toString();
            const { level, reason } = JSON.parse(line) as { level: number; reason?: string };
            if (level >= 50 || reason === "rejected while applying") serverErrors.push(line);
            callback();
          },
        }),
      );
      const collab = createCollabServer({
        db: testDb.db,
        logger,
        limits: LIMITS,
        async authorize(req) {
          const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? "";
          const access = ACCESS_BY_TOKEN[token];
          if (!access) throw new DomainError("UNAUTHENTICATED", "errors.auth.required");
          return access;
        },
      });
      const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
      httpServer.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
      await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      const base = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/collab`;
      const sharedDoc = `plan.f${randomBytes(8).toString("hex")}`;
      const sacrificialPrefix = `plan.s${randomBytes(6).toString("hex")}`;

      const honest = ["alice", "bob", "carol"].map((token) => {
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(base, sharedDoc, doc, {
          WebSocketPolyfill,
          disableBc: true,
          params: { token },
        });
        const saved = trackSaved(provider);
        const closeCodes: number[] = [];
        provider.on("connection-close", (event) => {
          if (event) closeCodes.push(event.code);
        });
        return { token, doc, text: doc.getText("body"), provider, saved, closeCodes, written: [] as string[] };
      });
      try {
        await waitFor(() => honest.every((c) => c.provider.synced), "the honest clients to sync");

        // Honest editing for as long as the fuzz runs: unique tokens, always inserted at the start
        // (never inside another token), and a cursor now and then.
        let isFuzzing = true;
        let edit = 0;
        const editing = (async () => {
          while (isFuzzing) {
            for (const client of honest) {
              const token = `${client.token}-${edit}`;
              client.text.insert(0, `${token};`);
              client.written.push(token);
              if (edit % 10 === 0) client.provider.awareness.setLocalStateField("cursor", { at: edit });
            }
            edit += 1;
            await new Promise((resolve) => setTimeout(resolve, 40));
          }
        })();

        const cases = buildFuzzCorpus({ seed: SEED, count: CASES, ...LIMITS });
        let report: FuzzReport;
        try {
          report = await runFuzzCorpus(cases, {
            concurrency: 8,
            open: (target, worker) => {
              const doc = target.document === "shared" ? sharedDoc : `${sacrificialPrefix}${worker}`;
              const ws = new WebSocket(`${base}/${doc}?token=${target.role === "reader" ? "viewer" : "mallory"}`, {
                perMessageDeflate: false,
              });
              return ws;
            },
          });
        } finally {
          isFuzzing = false;
          await editing;
        }
        console.log(
          [
            `collab fuzz: seed ${SEED}, ${report.messages} messages on ${report.connections} connections`,
            ...formatFuzzOutcomes(report),
          ].join("\n"),
        );

        // Every hostile message was answered as its construction demands.
        expect(report.messages, `seed ${SEED}`).toBeGreaterThanOrEqual(10_000);
        expect(summarizeViolations(report), `seed ${SEED}: cases the server answered wrongly`).toEqual([]);
        // The known payloads were among them.
        expect(report.outcomes.get("yjs issue 479 payload")?.get("close 4400"), `seed ${SEED}`).toBeGreaterThan(0);
        expect(
          report.outcomes.get("yjs issue 687 payload (V2) as a V1 update")?.get("accepted"),
          `seed ${SEED}`,
        ).toBeGreaterThan(0);

        // The honest clients were never disconnected, received every edit and agree.
        const everyToken = honest.flatMap((c) => c.written).sort();
        const tokensOf = (text: Y.Text) => text.toString().split(";").filter(Boolean).sort();
        await waitFor(
          () =>
            honest.every(
              (c) => c.text.length === honest[0]!.text.length && tokensOf(c.text).length === everyToken.length,
            ),
          "convergence",
        );
        for (const client of honest) {
          expect(client.closeCodes, `seed ${SEED}: ${client.token} was disconnected`).toEqual([]);
          expect(tokensOf(client.text), `seed ${SEED}: ${client.token}'s document`).toEqual(everyToken);
          expect(client.text.toString()).toBe(honest[0]!.text.toString());
        }

        // What is stored is exactly what the honest clients hold.
        await Promise.all(honest.map((c) => c.saved.whenSaved()));
        await collab.flush();
        const stored = await readStoredDoc(testDb.db, sharedDoc);
        try {
          expect(stored.getText("body").toString(), `seed ${SEED}: stored document`).toBe(honest[0]!.text.toString());
          expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(honest[0]!.doc));
        } finally {
          stored.destroy();
        }

        // Still serving: a newcomer syncs the same document.
        const late = new Y.Doc();
        const lateProvider = new WebsocketProvider(base, sharedDoc, late, {
          WebSocketPolyfill,
          disableBc: true,
          params: { token: "bob" },
        });
        try {
          await waitFor(() => lateProvider.synced, "a late client to sync");
          expect(late.getText("body").toString()).toBe(honest[0]!.text.toString());
        } finally {
          lateProvider.destroy();
          late.destroy();
        }
        expect(processErrors, `seed ${SEED}: uncaught errors in the server process`).toEqual([]);
        expect(serverErrors, `seed ${SEED}: errors the server logged`).toEqual([]);
      } finally {
        for (const client of honest) {
          client.saved.destroy();
          client.provider.destroy();
          client.doc.destroy();
        }
        await collab.close();
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        process.off("uncaughtException", onProcessError);
        process.off("unhandledRejection", onProcessError);
      }
    },
  );
});
