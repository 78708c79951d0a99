import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import type { MeetingStatus } from "~/lib/db-types";
import { agendaFit, agendaTotal, assertFitsMeeting, mustFitMeeting, reorderedPositions } from "./agenda-rules";
import { AddAgendaItemSchema } from "./agenda-schemas";

const MEETING_STATUSES: readonly MeetingStatus[] = ["PLANNED", "IN_PROGRESS", "HELD", "CANCELLED"];
const items = (...minutes: number[]) => minutes.map((durationMinutes) => ({ durationMinutes }));

describe("agendaTotal", () => {
  it("adds the time boxes", () => {
    expect(agendaTotal([])).toBe(0);
    expect(agendaTotal(items(10, 20, 25))).toBe(55);
  });
});

describe("assertFitsMeeting", () => {
  it("accepts an agenda up to exactly the meeting's length", () => {
    expect(() => assertFitsMeeting(items(30, 30), 60, "PLANNED")).not.toThrow();
    expect(() => assertFitsMeeting([], 60, "PLANNED")).not.toThrow();
  });

  it("refuses one minute more while the meeting is planned, naming the total and the length", () => {
    let error: unknown;
    try {
      assertFitsMeeting(items(30, 31), 60, "PLANNED");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe("VALIDATION");
    expect(domainError.messageKey).toBe("agenda.exceedsMeeting");
    expect(domainError.params).toEqual({ total: 61, length: 60 });
  });

  it("lets the agenda run over once the meeting is under way, and the time plan says it is over", () => {
    expect(() => assertFitsMeeting(items(30, 31), 60, "IN_PROGRESS")).not.toThrow();
    expect(() => assertFitsMeeting(items(20, 25, 240), 60, "IN_PROGRESS")).not.toThrow();
    expect(agendaFit(agendaTotal(items(20, 25, 30)), 60)).toBe("over");
  });

  it("holds the time plan in every other status", () => {
    for (const status of MEETING_STATUSES) {
      expect(mustFitMeeting(status), status).toBe(status !== "IN_PROGRESS");
      if (status !== "IN_PROGRESS") expect(() => assertFitsMeeting(items(61), 60, status)).toThrow(DomainError);
    }
  });
});

describe("agendaFit", () => {
  it("warns when little or no time is left, and when it is over", () => {
    expect(agendaFit(30, 60)).toBe("fits");
    expect(agendaFit(55, 60)).toBe("nearlyFull");
    expect(agendaFit(82, 90)).toBe("nearlyFull");
    expect(agendaFit(80, 90)).toBe("fits");
    expect(agendaFit(60, 60)).toBe("full");
    expect(agendaFit(61, 60)).toBe("over");
  });
});

describe("reorderedPositions", () => {
  const list = [{ id: "a" }, { id: "b" }, { id: "c" }];
  it("swaps with the neighbour and numbers from 1", () => {
    expect(reorderedPositions(list, "b", "up")).toEqual([
      { id: "b", position: 1 },
      { id: "a", position: 2 },
      { id: "c", position: 3 },
    ]);
    expect(reorderedPositions(list, "b", "down")?.map((p) => p.id)).toEqual(["a", "c", "b"]);
  });
  it("does not move past either end", () => {
    expect(reorderedPositions(list, "a", "up")).toBeNull();
    expect(reorderedPositions(list, "c", "down")).toBeNull();
    expect(reorderedPositions(list, "x", "up")).toBeNull();
  });
});

describe("AddAgendaItemSchema", () => {
  const base = { meetingId: "cmeeting0000000000001", title: "Tööle naasmine", durationMinutes: "15", ownerUserId: "" };
  it("reads the form: minutes as a number, an empty owner as none", () => {
    expect(AddAgendaItemSchema.parse(base)).toEqual({
      meetingId: base.meetingId,
      title: "Tööle naasmine",
      durationMinutes: 15,
      ownerUserId: null,
    });
  });
  it("refuses an empty or too long title and a time box outside 1–240 minutes", () => {
    expect(AddAgendaItemSchema.safeParse({ ...base, title: "  " }).success).toBe(false);
    expect(AddAgendaItemSchema.safeParse({ ...base, title: "x".repeat(201) }).success).toBe(false);
    expect(AddAgendaItemSchema.safeParse({ ...base, durationMinutes: "0" }).success).toBe(false);
    expect(AddAgendaItemSchema.safeParse({ ...base, durationMinutes: "241" }).success).toBe(false);
    expect(AddAgendaItemSchema.safeParse({ ...base, durationMinutes: "7.5" }).success).toBe(false);
  });
});
