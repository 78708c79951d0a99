// The meeting room's run-state through the real server: socket.io clients of a moderator, a
// timekeeper and a participant (the client) in one room, the room's rules at work, signals only
// to the moderator, presence, refusals, a server restart, and the end of the meeting closing the
// room's live document to writers. On PostgreSQL the server runs with the Redis adapter, so
// presence and broadcasts go the way they go between several processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { createSession } from "../../app/domain/auth/sessions.ts";
import { formatDocName } from "../../app/domain/collab/doc-name.ts";
import type { RoomCommand, RoomPresence, RoomSignal, RoomState } from "../../app/domain/room/room-protocol.ts";
import { createStaffUser } from "../factories/people.ts";
import { createTeamCase, type TeamCase } from "../factories/team.ts";
import { startServerOn, startTestServer, type TestServer } from "../support/test-server.ts";

const serverEnv = (): Record<string, string> =>
  process.env.TEST_DB === "postgres" ? { REDIS_URL: "redis://127.0.0.1:6379" } : {};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(serverEnv());
});
afterAll(async () => {
  await t?.close();
});

async function waitFor(check: () => boolean, what: string, ms = 8000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A case meeting with a moderator (the case manager), a timekeeper (a specialist with the
 * client's consent) and the client taking part remotely, all having consented; a close person
 * invited who has not yet consented; and two agenda items.
 */
async function setupMeeting(db: TestServer["testDb"]["db"]) {
  const team: TeamCase = await createTeamCase(db);
  const { caseManager, specialistWithConsent, client, closePerson } = team.people;
  const meeting = await db.meeting.create({
    data: {
      kind: "CASE",
      caseId: team.caseId,
      purpose: "Juhtumiplaani koostamine",
      startsAt: new Date(Date.now() + 3600_000),
      durationMinutes: 60,
      createdById: caseManager.user.id,
    },
  });
  const consented = { response: "ACCEPTED" as const, consentedAt: new Date(), confidentialityAt: new Date() };
  await db.meetingParticipant.createMany({
    data: [
      { meetingId: meeting.id, userId: caseManager.user.id, meetingRole: "MODERATOR", ...consented },
      { meetingId: meeting.id, userId: specialistWithConsent.user.id, meetingRole: "TIMEKEEPER", ...consented },
      { meetingId: meeting.id, userId: client.user.id, meetingRole: "PARTICIPANT", isRemote: true, ...consented },
      { meetingId: meeting.id, userId: closePerson.user.id, meetingRole: "PARTICIPANT" },
    ],
  });
  const item = (position: number, title: string) =>
    db.agendaItem.create({
      data: {
        meetingId: meeting.id,
        position,
        title,
        durationMinutes: 20,
        createdById: caseManager.user.id,
        updatedById: caseManager.user.id,
      },
    });
  const first = await item(1, "Olukorra ülevaade");
  const second = await item(2, "Järgmised sammud");
  return { team, meeting, items: [first.id, second.id] as const };
}

type JoinAck =
  | {
      ok: true;
      state: RoomState;
      presence: RoomPresence[];
      signals: RoomSignal[];
      me: { userId: string; canModerate: boolean; canKeepTime: boolean; canWrite: boolean };
    }
  | { ok: false; code: string; messageKey: string };
type CommandAck = { ok: true; state: RoomState } | { ok: false; code: string; messageKey: string };

type RoomClient = {
  socket: Socket;
  userId: string;
  states: RoomState[];
  presence: RoomPresence[][];
  signals: RoomSignal[][];
  meetingChanged: number;
  latest(): RoomState | undefined;
  join(meetingId: string): Promise<JoinAck>;
  command(meetingId: string, command: RoomCommand): Promise<CommandAck>;
  /** Any payload at all, for the malformed ones. */
  send(event: string, payload: unknown): Promise<unknown>;
};

const clients: RoomClient[] = [];
afterAll(() => {
  for (const c of clients) c.socket.close();
});

async function cookieOf(db: TestServer["testDb"]["db"], userId: string) {
  return `sid=${(await createSession({ userId }, { db, sessionDays: 1 })).token}`;
}

async function connectAs(
  url: string,
  db: TestServer["testDb"]["db"],
  userId: string,
  { reconnect = false, rejoin }: { reconnect?: boolean; rejoin?: string } = {},
): Promise<RoomClient> {
  const socket = connectSocket(url, {
    transports: ["websocket"],
    reconnection: reconnect,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    extraHeaders: { cookie: await cookieOf(db, userId) },
  });
  const client: RoomClient = {
    socket,
    userId,
    states: [],
    presence: [],
    signals: [],
    meetingChanged: 0,
    latest: () => client.states.at(-1),
    join: (meetingId) => socket.timeout(8000).emitWithAck("room:join", { meetingId }) as Promise<JoinAck>,
    command: (meetingId, command) =>
      socket.timeout(8000).emitWithAck("room:command", { meetingId, command }) as Promise<CommandAck>,
    send: (event, payload) => socket.timeout(8000).emitWithAck(event, payload) as Promise<unknown>,
  };
  socket.on("room:state", (p: { state: RoomState }) => client.states.push(p.state));
  socket.on("room:presence", (p: { presence: RoomPresence[] }) => client.presence.push(p.presence));
  socket.on("room:signals", (p: { signals: RoomSignal[] }) => client.signals.push(p.signals));
  socket.on("meeting:changed", () => (client.meetingChanged += 1));
  // A reconnected socket is a new socket: it joins the room again, as the room page does.
  if (rejoin) {
    socket.on("connect", () => {
      void client.join(rejoin).then((ack) => {
        if (ack.ok) client.states.push(ack.state);
      });
    });
  }
  clients.push(client);
  await waitFor(() => socket.connected, "socket connected");
  return client;
}

function expectOk<T extends { ok: boolean }>(ack: T): Extract<T, { ok: true }> {
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return ack as Extract<T, { ok: true }>;
}

/** Waits until every client has received exactly this state. */
async function expectEveryoneAt(room: RoomClient[], state: RoomState) {
  await waitFor(() => room.every((c) => c.latest()?.version === state.version), `everyone at version ${state.version}`);
  for (const c of room) expect(c.latest()).toEqual(state);
}

describe("entering the room", () => {
  it("is refused without a session, to people outside the case, to non-participants and before consent", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);

    const anonymous = connectSocket(t.url, { transports: ["websocket"], reconnection: false });
    const refusal = await new Promise<string>((resolve) => anonymous.on("connect_error", (e) => resolve(e.message)));
    expect(refusal).toBe("UNAUTHENTICATED");
    anonymous.close();

    const { user: stranger } = await createStaffUser(db);
    const outsider = await connectAs(t.url, db, stranger.id);
    expect(await outsider.join(meeting.id)).toEqual({
      ok: false,
      code: "NOT_FOUND",
      messageKey: "roomErrors.meetingNotFound",
    });
    // Not having joined, it cannot send commands either.
    expect(await outsider.command(meeting.id, { type: "raiseHand" })).toEqual({
      ok: false,
      code: "INVALID_STATE",
      messageKey: "roomErrors.notJoined",
    });

    // The supervisor may read the case but was not invited to this meeting.
    const supervisor = await connectAs(t.url, db, team.people.supervisor.user.id);
    expect(await supervisor.join(meeting.id)).toEqual({
      ok: false,
      code: "FORBIDDEN",
      messageKey: "roomErrors.notParticipant",
    });

    const notConsented = await connectAs(t.url, db, team.people.closePerson.user.id);
    expect(await notConsented.join(meeting.id)).toEqual({
      ok: false,
      code: "FORBIDDEN",
      messageKey: "roomErrors.consentRequired",
    });
    // Once they have consented and acknowledged confidentiality (in the lobby), they may enter.
    await db.meetingParticipant.update({
      where: { meetingId_userId: { meetingId: meeting.id, userId: team.people.closePerson.user.id } },
      data: { consentedAt: new Date() },
    });
    expect(await notConsented.join(meeting.id)).toMatchObject({ ok: false, messageKey: "roomErrors.consentRequired" });
    await db.meetingParticipant.update({
      where: { meetingId_userId: { meetingId: meeting.id, userId: team.people.closePerson.user.id } },
      data: { confidentialityAt: new Date() },
    });
    expect(await notConsented.join(meeting.id)).toMatchObject({ ok: true });

    // Nobody who was refused was counted as present.
    const moderator = await connectAs(t.url, db, team.people.caseManager.user.id);
    const joined = expectOk(await moderator.join(meeting.id));
    expect(joined.presence.map((p) => p.userId).sort()).toEqual(
      [team.people.caseManager.user.id, team.people.closePerson.user.id].sort(),
    );
  });

  it("refuses the room of a cancelled meeting", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);
    await db.meeting.update({ where: { id: meeting.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    const moderator = await connectAs(t.url, db, team.people.caseManager.user.id);
    expect(await moderator.join(meeting.id)).toEqual({
      ok: false,
      code: "INVALID_STATE",
      messageKey: "roomErrors.meetingCancelled",
    });
  });

  it("answers malformed payloads with VALIDATION", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);
    const moderator = await connectAs(t.url, db, team.people.caseManager.user.id);
    const validation = { ok: false, code: "VALIDATION", messageKey: "roomErrors.invalidRequest" };
    expect(await moderator.join("../../etc/passwd")).toEqual(validation);
    expect(await moderator.send("room:join", "just a string")).toEqual(validation);
    expectOk(await moderator.join(meeting.id));
    const command = (c: unknown) => moderator.send("room:command", { meetingId: meeting.id, command: c });
    expect(await command({ type: "dance" })).toEqual(validation);
    expect(await command({ type: "raiseHand", userId: moderator.userId })).toEqual(validation);
    expect(await command({ type: "signal", kind: "angry" })).toEqual(validation);
    expect(await command("raiseHand")).toEqual(validation);
    expect(
      await moderator.send("room:command", { meetingId: meeting.id, command: { type: "raiseHand" }, extra: 1 }),
    ).toEqual(validation);
    // None of it changed the room.
    expect(await db.meetingRoom.findUnique({ where: { meetingId: meeting.id } })).toBeNull();
  });
});

describe("running the meeting", () => {
  it("keeps the moderator, the timekeeper and the client at the same state after every command", async () => {
    const { db } = t.testDb;
    const { team, meeting, items } = await setupMeeting(db);
    const { caseManager, specialistWithConsent, client } = team.people;
    const moderator = await connectAs(t.url, db, caseManager.user.id);
    const timekeeper = await connectAs(t.url, db, specialistWithConsent.user.id);
    const participant = await connectAs(t.url, db, client.user.id);
    const room = [moderator, timekeeper, participant];
    expect(await moderator.socket.timeout(8000).emitWithAck("meeting:watch", { meetingId: meeting.id })).toEqual({
      ok: true,
    });

    const modJoin = expectOk(await moderator.join(meeting.id));
    const tkJoin = expectOk(await timekeeper.join(meeting.id));
    const partJoin = expectOk(await participant.join(meeting.id));
    expect(modJoin.state).toEqual({
      version: 0,
      agendaConfirmedAt: null,
      currentItemId: null,
      timer: { itemId: null, runningSince: null, elapsedMs: 0 },
      hands: [],
      endedAt: null,
    });
    expect(modJoin.me).toEqual({ userId: caseManager.user.id, canModerate: true, canKeepTime: true, canWrite: true });
    expect(tkJoin.me).toEqual({
      userId: specialistWithConsent.user.id,
      canModerate: false,
      canKeepTime: true,
      canWrite: true,
    });
    expect(partJoin.me).toEqual({ userId: client.user.id, canModerate: false, canKeepTime: false, canWrite: true });

    let version = 0;
    const run = async (who: RoomClient, command: RoomCommand) => {
      const ack = expectOk(await who.command(meeting.id, command));
      expect(ack.state.version, command.type).toBe(++version);
      await expectEveryoneAt(room, ack.state);
      return ack.state;
    };

    let state = await run(moderator, { type: "confirmAgenda" });
    expect(state.currentItemId).toBe(items[0]);
    expect(state.agendaConfirmedAt).not.toBeNull();
    expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("IN_PROGRESS");
    await waitFor(() => moderator.meetingChanged === 1, "meeting:changed to the watcher");

    state = await run(timekeeper, { type: "startTimer" });
    expect(state.timer.runningSince).not.toBeNull();
    state = await run(timekeeper, { type: "pauseTimer" });
    expect(state.timer.runningSince).toBeNull();

    // The timekeeper keeps time but does not lead: moving to another item is the moderator's.
    expect(await timekeeper.command(meeting.id, { type: "setCurrentItem", agendaItemId: items[1] })).toEqual({
      ok: false,
      code: "FORBIDDEN",
      messageKey: "roomErrors.onlyModerator",
    });
    expect(await participant.command(meeting.id, { type: "startTimer" })).toEqual({
      ok: false,
      code: "FORBIDDEN",
      messageKey: "roomErrors.onlyTimekeeper",
    });

    state = await run(participant, { type: "raiseHand" });
    expect(state.hands).toEqual([{ userId: client.user.id, name: client.user.name, raisedAt: expect.any(String) }]);
    // Raising it again changes nothing: same version, nothing broadcast.
    const again = expectOk(await participant.command(meeting.id, { type: "raiseHand" }));
    expect(again.state.version).toBe(version);
    expect(await timekeeper.command(meeting.id, { type: "lowerHand", userId: client.user.id })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    state = await run(moderator, { type: "lowerHand", userId: client.user.id });
    expect(state.hands).toEqual([]);

    state = await run(moderator, { type: "setCurrentItem", agendaItemId: items[1] });
    expect(state.currentItemId).toBe(items[1]);
    expect(state.timer).toEqual({ itemId: items[1], runningSince: null, elapsedMs: 0 });
    expect(
      await moderator.command(meeting.id, { type: "setCurrentItem", agendaItemId: "itemofanothermeeting" }),
    ).toEqual({ ok: false, code: "VALIDATION", messageKey: "roomErrors.itemNotOnAgenda" });

    // Nobody but the moderators received signals; every change was audited with the case.
    expect(timekeeper.signals).toEqual([]);
    expect(participant.signals).toEqual([]);
    const audited = await db.auditEvent.findMany({
      where: { caseId: team.caseId, action: { startsWith: "room." } },
      orderBy: { at: "asc" },
      select: { action: true, subjectId: true, actorId: true },
    });
    expect(audited.filter((a) => a.action !== "room.enter").map((a) => a.action)).toEqual([
      "room.confirmAgenda",
      "room.startTimer",
      "room.pauseTimer",
      "room.raiseHand",
      "room.lowerHand",
      "room.setCurrentItem",
    ]);
    expect(audited.filter((a) => a.action === "room.enter")).toHaveLength(3);
    expect(new Set(audited.map((a) => a.subjectId))).toEqual(new Set([meeting.id]));
    const stored = await db.meetingRoom.findUniqueOrThrow({ where: { meetingId: meeting.id } });
    expect(stored.version).toBe(version);
    expect(JSON.parse(stored.state)).toEqual(state);
  });

  it("sends the client's signal to the moderator only, once while it is open", async () => {
    const { db } = t.testDb;
    const { team, meeting, items } = await setupMeeting(db);
    const { caseManager, specialistWithConsent, client } = team.people;
    const moderator = await connectAs(t.url, db, caseManager.user.id);
    const timekeeper = await connectAs(t.url, db, specialistWithConsent.user.id);
    const participant = await connectAs(t.url, db, client.user.id);
    for (const c of [moderator, timekeeper, participant]) expectOk(await c.join(meeting.id));
    expectOk(await moderator.command(meeting.id, { type: "confirmAgenda" }));

    const sent = expectOk(await participant.command(meeting.id, { type: "signal", kind: "dontUnderstand" }));
    await waitFor(() => moderator.signals.length === 1, "the moderator to receive the signal");
    const [signal] = moderator.signals[0]!;
    expect(signal).toEqual({
      id: expect.any(String),
      userId: client.user.id,
      name: client.user.name,
      kind: "dontUnderstand",
      agendaItemId: items[0],
      at: expect.any(String),
      handledAt: null,
    });
    // The same signal again while it is open: no new version, nothing sent.
    const repeat = expectOk(await participant.command(meeting.id, { type: "signal", kind: "dontUnderstand" }));
    expect(repeat.state.version).toBe(sent.state.version);

    // A later broadcast reaches the others after anything sent to them before it: if the signal
    // had been sent to them, they would have it by now.
    const fence = expectOk(await timekeeper.command(meeting.id, { type: "startTimer" }));
    await expectEveryoneAt([moderator, timekeeper, participant], fence.state);
    expect(timekeeper.signals).toEqual([]);
    expect(participant.signals).toEqual([]);
    expect(moderator.signals).toHaveLength(1);

    expect(await participant.command(meeting.id, { type: "handleSignal", signalId: signal!.id })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expectOk(await moderator.command(meeting.id, { type: "handleSignal", signalId: signal!.id }));
    await waitFor(() => moderator.signals.length === 2, "the handled signal");
    expect(moderator.signals[1]![0]!.handledAt).not.toBeNull();

    // A moderator entering later gets the signals with the state; the others never do.
    const moderatorAgain = await connectAs(t.url, db, caseManager.user.id);
    expect(expectOk(await moderatorAgain.join(meeting.id)).signals.map((s) => s.id)).toEqual([signal!.id]);
    const participantAgain = await connectAs(t.url, db, client.user.id);
    expect(expectOk(await participantAgain.join(meeting.id)).signals).toEqual([]);
  });

  it("applies commands sent at the same moment one after the other, losing none", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);
    const { caseManager, specialistWithConsent, client } = team.people;
    const room = await Promise.all(
      [caseManager, specialistWithConsent, client].map((p) => connectAs(t.url, db, p.user.id)),
    );
    for (const c of room) expectOk(await c.join(meeting.id));
    const acks = await Promise.all(room.map((c) => c.command(meeting.id, { type: "raiseHand" })));
    expect(acks.map((a) => expectOk(a).state.version).sort()).toEqual([1, 2, 3]);
    const stored = await db.meetingRoom.findUniqueOrThrow({ where: { meetingId: meeting.id } });
    expect(stored.version).toBe(3);
    expect((JSON.parse(stored.state) as RoomState).hands.map((h) => h.userId).sort()).toEqual(
      room.map((c) => c.userId).sort(),
    );
  });

  it("refuses a flood of commands from one connection", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);
    const participant = await connectAs(t.url, db, team.people.client.user.id);
    expectOk(await participant.join(meeting.id));
    const acks = await Promise.all(
      Array.from({ length: 31 }, () => participant.command(meeting.id, { type: "raiseHand" })),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(30);
    expect(acks.filter((a) => !a.ok)).toEqual([{ ok: false, code: "RATE_LIMITED", messageKey: "roomErrors.tooFast" }]);
  });

  it("shows who is in the room, once per person, and updates it as people leave and come back", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);
    const { caseManager, specialistWithConsent, client } = team.people;
    const moderator = await connectAs(t.url, db, caseManager.user.id);
    const timekeeper = await connectAs(t.url, db, specialistWithConsent.user.id);
    const participant = await connectAs(t.url, db, client.user.id);
    const participantPhone = await connectAs(t.url, db, client.user.id);
    expectOk(await moderator.join(meeting.id));
    expectOk(await timekeeper.join(meeting.id));
    expectOk(await participant.join(meeting.id));
    const joined = expectOk(await participantPhone.join(meeting.id));

    const ids = (list: RoomPresence[] | undefined) => (list ?? []).map((p) => p.userId);
    expect(ids(joined.presence)).toEqual([caseManager.user.id, specialistWithConsent.user.id, client.user.id]);
    expect(joined.presence).toEqual([
      {
        userId: caseManager.user.id,
        name: caseManager.user.name,
        position: `juhtumikorraldaja, ${team.organisation.name}`,
        meetingRole: "MODERATOR",
        caseRole: "CASE_MANAGER",
        isRemote: false,
      },
      {
        userId: specialistWithConsent.user.id,
        name: specialistWithConsent.user.name,
        position: `spetsialist, ${team.otherOrganisation.name}`,
        meetingRole: "TIMEKEEPER",
        caseRole: "SPECIALIST",
        isRemote: false,
      },
      {
        userId: client.user.id,
        name: client.user.name,
        position: "",
        meetingRole: "PARTICIPANT",
        caseRole: "CLIENT",
        isRemote: true,
      },
    ]);
    await waitFor(() => ids(moderator.presence.at(-1)).length === 3, "the moderator to see three");

    // One of the client's two devices leaves: the client is still there.
    participantPhone.socket.emit("room:leave", { meetingId: meeting.id });
    await waitFor(() => moderator.presence.length >= 4, "presence after one device left");
    expect(ids(moderator.presence.at(-1))).toContain(client.user.id);

    // The timekeeper's connection drops: the others see it at once.
    timekeeper.socket.disconnect();
    await waitFor(() => ids(moderator.presence.at(-1)).length === 2, "presence without the timekeeper");
    expect(ids(participant.presence.at(-1))).toEqual([caseManager.user.id, client.user.id]);

    // Reconnecting is a new socket: it joins again and gets the current state.
    expectOk(await moderator.command(meeting.id, { type: "raiseHand" }));
    timekeeper.socket.connect();
    await waitFor(() => timekeeper.socket.connected, "timekeeper reconnected");
    expect(await timekeeper.command(meeting.id, { type: "startTimer" })).toMatchObject({
      ok: false,
      messageKey: "roomErrors.notJoined",
    });
    const rejoined = expectOk(await timekeeper.join(meeting.id));
    expect(rejoined.state.hands.map((h) => h.userId)).toEqual([caseManager.user.id]);
    expect(rejoined.state.version).toBe(1);
    await waitFor(() => ids(moderator.presence.at(-1)).length === 3, "the timekeeper back in the list");
  });
});

describe("durability and the end of the meeting", () => {
  it("keeps the state through a server restart; reconnecting clients find it as they left it", async () => {
    const first = await startTestServer(serverEnv());
    let second: Awaited<ReturnType<typeof startServerOn>> | null = null;
    let moderator: RoomClient | null = null;
    try {
      const { db } = first.testDb;
      const { team, meeting, items } = await setupMeeting(db);
      const mod = await connectAs(first.url, db, team.people.caseManager.user.id, {
        reconnect: true,
        rejoin: meeting.id,
      });
      moderator = mod;
      const participant = await connectAs(first.url, db, team.people.client.user.id);
      await waitFor(() => mod.states.length === 1, "the moderator's first join");
      expectOk(await participant.join(meeting.id));
      expectOk(await mod.command(meeting.id, { type: "confirmAgenda" }));
      expectOk(await mod.command(meeting.id, { type: "setCurrentItem", agendaItemId: items[1] }));
      expectOk(await mod.command(meeting.id, { type: "startTimer" }));
      expectOk(await participant.command(meeting.id, { type: "raiseHand" }));
      const last = expectOk(await participant.command(meeting.id, { type: "signal", kind: "disagree" }));
      await waitFor(() => mod.latest()?.version === last.state.version, "the moderator up to date");
      const before = last.state;
      expect(before.version).toBe(5);

      const port = new URL(first.url).port;
      const statesBeforeRestart = mod.states.length;
      await first.server.close();
      await waitFor(() => !mod.socket.connected, "the moderator disconnected");
      second = await startServerOn(first.testDb, { ...serverEnv(), PORT: port });

      // The moderator's client reconnects by itself and joins again: same state, same signal.
      await waitFor(() => mod.states.length > statesBeforeRestart, "the moderator rejoined", 15_000);
      expect(mod.latest()).toEqual(before);
      const moderatorView = expectOk(await mod.join(meeting.id));
      expect(moderatorView.signals.map((s) => [s.kind, s.userId])).toEqual([["disagree", team.people.client.user.id]]);

      // The room goes on from where it was.
      const next = expectOk(await mod.command(meeting.id, { type: "lowerHand", userId: team.people.client.user.id }));
      expect(next.state.version).toBe(6);
      expect(next.state.timer).toEqual(before.timer);
      expect(next.state.currentItemId).toBe(items[1]);
    } finally {
      moderator?.socket.close();
      await second?.server.close();
      await first.close();
    }
  });

  it("ending the meeting makes it held and reopens the room's document read-only", async () => {
    const { db } = t.testDb;
    const { team, meeting } = await setupMeeting(db);
    const { caseManager, client } = team.people;
    const moderator = await connectAs(t.url, db, caseManager.user.id);
    const participant = await connectAs(t.url, db, client.user.id);
    expectOk(await moderator.join(meeting.id));
    expect(expectOk(await participant.join(meeting.id)).me.canWrite).toBe(true);
    expect(await participant.socket.timeout(8000).emitWithAck("meeting:watch", { meetingId: meeting.id })).toEqual({
      ok: true,
    });
    expectOk(await moderator.command(meeting.id, { type: "confirmAgenda" }));
    expectOk(await moderator.command(meeting.id, { type: "startTimer" }));

    const cookie = await cookieOf(db, client.user.id);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      `${t.url.replace("http", "ws")}/collab`,
      formatDocName({ kind: "room", meetingId: meeting.id }),
      doc,
      {
        WebSocketPolyfill: class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { headers: { cookie } });
          }
        } as never,
        disableBc: true,
      },
    );
    const closeCodes: number[] = [];
    const refusals: { code: number; reason: string }[] = [];
    provider.on("connection-close", (event) => closeCodes.push(event?.code ?? 0));
    provider.on("closed", (event) => refusals.push(event));
    try {
      await waitFor(() => provider.synced, "the document synced");
      doc.getText("probe").insert(0, "written during the meeting");
      const changesBefore = participant.meetingChanged;

      // Only the moderator ends it.
      expect(await participant.command(meeting.id, { type: "endMeeting" })).toMatchObject({
        ok: false,
        code: "FORBIDDEN",
      });
      const ended = expectOk(await moderator.command(meeting.id, { type: "endMeeting" }));
      expect(ended.state.endedAt).not.toBeNull();
      expect(ended.state.timer.runningSince).toBeNull();
      await expectEveryoneAt([moderator, participant], ended.state);
      expect((await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("HELD");
      await waitFor(() => participant.meetingChanged > changesBefore, "meeting:changed to the watcher");

      // The document's connection is sent to reconnect, and comes back read-only.
      await waitFor(() => closeCodes.includes(1012), "the document connection closed with 1012");
      await waitFor(() => provider.synced, "the document synced again");
      expect(doc.getText("probe").toString()).toBe("written during the meeting");
      doc.getText("probe").insert(0, "after the end: ");
      await waitFor(() => refusals.length > 0, "the write refused");
      expect(refusals[0]).toEqual({ code: 4403, reason: "read-only" });

      // Nothing in the room changes any more; entering it still shows how it ended.
      expect(await moderator.command(meeting.id, { type: "raiseHand" })).toEqual({
        ok: false,
        code: "INVALID_STATE",
        messageKey: "roomErrors.meetingEnded",
      });
      const after = expectOk(await participant.join(meeting.id));
      expect(after.state).toEqual(ended.state);
      expect(after.me.canWrite).toBe(false);
    } finally {
      provider.destroy();
    }
  });
});
