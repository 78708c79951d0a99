import type { MeetingRole } from "~/lib/db-types";
import { describe, expect, it } from "vitest";
import {
  CancelMeetingSchema,
  CreateMeetingFormSchema,
  CreateMeetingSchema,
  DurationSchema,
  MeetingIdSchema,
  RescheduleMeetingSchema,
  RespondToMeetingSchema,
  StartsAtSchema,
  collectParticipants,
  participantField,
} from "./meeting-schemas";
import { findRoleProblem, withRequiredParticipants } from "./participant-rules";
import { tallinnLocalToDate, toTallinnLocalInput } from "../time/tallinn-time";

const CASE_ID = "cmcase00000000000000001";
const ANNA = "cmuser00000000000000001";
const BORIS = "cmuser00000000000000002";

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0] ?? "_form"), i.message]));
}

const base = {
  caseId: CASE_ID,
  purpose: "Juhtumiplaani koostamine",
  startsAt: "2026-12-01T10:00",
  durationMinutes: "90",
  location: "Tartu vallamaja",
  clientParticipation: "IN_PERSON",
};

describe("Tallinn time", () => {
  it("reads a datetime-local value as Estonian time in winter and in summer", () => {
    expect(tallinnLocalToDate("2026-12-01T10:00")?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(tallinnLocalToDate("2026-07-01T10:00")?.toISOString()).toBe("2026-07-01T07:00:00.000Z");
  });

  it("refuses days that do not exist and other text", () => {
    expect(tallinnLocalToDate("2026-02-31T10:00")).toBeNull();
    expect(tallinnLocalToDate("2026-12-01T24:00")).toBeNull();
    expect(tallinnLocalToDate("homme kell 10")).toBeNull();
  });

  it("writes a Date back as the field value", () => {
    expect(toTallinnLocalInput(new Date("2026-12-01T08:00:00Z"))).toBe("2026-12-01T10:00");
    expect(toTallinnLocalInput("2026-07-01T07:30:00Z")).toBe("2026-07-01T10:30");
  });
});

describe("CreateMeetingSchema", () => {
  it("accepts a complete form and reads the time as Tallinn time", () => {
    const parsed = CreateMeetingSchema.parse(base);
    expect(parsed.startsAt.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(parsed.durationMinutes).toBe(90);
    expect(parsed.isOnline).toBe(false);
    expect(parsed.participants).toEqual([]);
    expect(parsed.accessibilityNotes).toBeUndefined();
  });

  it("needs a purpose, a start, a length of 15 to 480 minutes and the client's way of taking part", () => {
    const result = CreateMeetingSchema.safeParse({
      ...base,
      purpose: " ",
      startsAt: "",
      durationMinutes: "10",
      clientParticipation: undefined,
    });
    expect(issues(result)).toMatchObject({
      purpose: "meeting.purposeRequired",
      startsAt: "meeting.startsAtRequired",
      durationMinutes: "meeting.durationRange",
      clientParticipation: "meeting.clientParticipationRequired",
    });
    expect(DurationSchema.safeParse("481").success).toBe(false);
    expect(DurationSchema.safeParse("15").success).toBe(true);
    expect(DurationSchema.safeParse("45.5").success).toBe(false);
  });

  it("needs a place or an online meeting; a video link makes the meeting online", () => {
    expect(issues(CreateMeetingSchema.safeParse({ ...base, location: "" }))).toEqual({
      location: "meeting.placeRequired",
    });
    const online = CreateMeetingSchema.parse({ ...base, location: "", onlineUrl: "https://video.example/abc" });
    expect(online.isOnline).toBe(true);
    expect(CreateMeetingSchema.parse({ ...base, location: "", isOnline: "on" }).isOnline).toBe(true);
  });

  it("accepts only http(s) video links", () => {
    expect(issues(CreateMeetingSchema.safeParse({ ...base, onlineUrl: "javascript:alert(1)" }))).toEqual({
      onlineUrl: "meeting.onlineUrlInvalid",
    });
    expect(issues(CreateMeetingSchema.safeParse({ ...base, onlineUrl: "video.example" }))).toEqual({
      onlineUrl: "meeting.onlineUrlInvalid",
    });
  });

  it("takes a service's Date and an ISO time with its zone", () => {
    expect(StartsAtSchema.parse(new Date("2026-12-01T08:00:00Z")).toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(StartsAtSchema.parse("2026-12-01T08:00:00Z").toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(StartsAtSchema.safeParse("2026-12-01").success).toBe(false);
  });
});

describe("the participant rows of the form", () => {
  it("turns ticked rows into participants with role, contribution and remote", () => {
    const posted = {
      ...base,
      [participantField(ANNA)]: "on",
      [`role.${ANNA}`]: "MODERATOR",
      [`contribution.${ANNA}`]: "Tutvustab taastusravi võimalusi",
      [`remote.${ANNA}`]: "on",
      // Not ticked: the row's other fields are ignored.
      [`role.${BORIS}`]: "MINUTE_TAKER",
    };
    const parsed = CreateMeetingFormSchema.parse(posted);
    expect(parsed.participants).toEqual([
      {
        userId: ANNA,
        meetingRole: "MODERATOR",
        expectedContribution: "Tutvustab taastusravi võimalusi",
        isRemote: true,
      },
    ]);
  });

  it("keeps a service caller's array as it is", () => {
    const input = { participants: [{ userId: ANNA }] };
    expect(collectParticipants(input)).toBe(input);
  });
});

describe("meeting roles", () => {
  const p = (userId: string, meetingRole: MeetingRole) => ({
    userId,
    meetingRole,
  });

  it("needs exactly one moderator and exactly one minute-taker", () => {
    expect(findRoleProblem([p(ANNA, "MODERATOR"), p(BORIS, "MINUTE_TAKER")])).toBeNull();
    expect(findRoleProblem([p(ANNA, "PARTICIPANT"), p(BORIS, "MINUTE_TAKER")])?.messageKey).toBe(
      "meeting.moderatorRequired",
    );
    expect(findRoleProblem([p(ANNA, "MODERATOR"), p(BORIS, "MODERATOR")])?.messageKey).toBe("meeting.onlyOneModerator");
    expect(findRoleProblem([p(ANNA, "MODERATOR"), p(BORIS, "TIMEKEEPER")])?.messageKey).toBe(
      "meeting.minuteTakerRequired",
    );
    expect(
      findRoleProblem([p(ANNA, "MODERATOR"), p(BORIS, "MINUTE_TAKER"), p("cmuser00000000000000003", "MINUTE_TAKER")])
        ?.messageKey,
    ).toBe("meeting.onlyOneMinuteTaker");
  });

  it("counts one person who both moderates and takes minutes for each role", () => {
    expect(findRoleProblem([p(ANNA, "MODERATOR_AND_MINUTE_TAKER"), p(BORIS, "PARTICIPANT")])).toBeNull();
    expect(findRoleProblem([p(ANNA, "MODERATOR_AND_MINUTE_TAKER"), p(BORIS, "MINUTE_TAKER")])?.messageKey).toBe(
      "meeting.onlyOneMinuteTaker",
    );
  });

  it("names the problem on the participants fieldset and refuses a person listed twice", () => {
    expect(findRoleProblem([p(ANNA, "MODERATOR"), p(ANNA, "MINUTE_TAKER")])).toEqual({
      messageKey: "meeting.participantTwice",
      fieldErrors: { participants: "meeting.participantTwice" },
    });
  });

  it("adds the required people as plain participants when they are not listed", () => {
    const rows = withRequiredParticipants(
      [{ userId: ANNA, meetingRole: "MODERATOR", expectedContribution: null, isRemote: false }],
      [ANNA, BORIS],
    );
    expect(rows.map((r) => [r.userId, r.meetingRole])).toEqual([
      [ANNA, "MODERATOR"],
      [BORIS, "PARTICIPANT"],
    ]);
  });
});

describe("responding, rescheduling, cancelling", () => {
  const meetingId = "cmmeet00000000000000001";

  it("reads the response form's checkboxes as booleans", () => {
    const parsed = RespondToMeetingSchema.parse({
      meetingId,
      response: "ACCEPTED",
      consentToTakePart: "on",
      isRemote: "on",
    });
    expect(parsed).toMatchObject({ consentToTakePart: true, confidentialityAcknowledged: false, isRemote: true });
    expect(issues(RespondToMeetingSchema.safeParse({ meetingId, response: "MAYBE" }))).toEqual({
      response: "meeting.responseRequired",
    });
  });

  it("needs a place when rescheduling and a reason when cancelling", () => {
    expect(
      issues(RescheduleMeetingSchema.safeParse({ meetingId, startsAt: "2026-12-02T10:00", durationMinutes: 60 })),
    ).toEqual({ location: "meeting.placeRequired" });
    expect(issues(CancelMeetingSchema.safeParse({ meetingId, reason: "  " }))).toEqual({
      reason: "meeting.cancelReasonRequired",
    });
  });

  it("accepts only cuid-like meeting ids", () => {
    expect(MeetingIdSchema.safeParse(meetingId).success).toBe(true);
    expect(MeetingIdSchema.safeParse("../admin").success).toBe(false);
    expect(MeetingIdSchema.safeParse("abc.ics").success).toBe(false);
  });
});
