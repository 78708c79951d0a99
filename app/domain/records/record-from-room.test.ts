import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { fullRecord } from "../../../tests/factories/records.ts";
import { DomainError } from "../errors";
import { canonicalJson, type JsonValue } from "../freezing/content-hash";
import {
  addDecision,
  addDissent,
  minutesFragment,
  readRoomContent,
  setYText,
  summaryText,
  updateDecision,
} from "../room/room-doc";
import {
  CO_RESPONSIBLE_LABEL,
  mergeRoomIntoRecord,
  type RoomAgendaItem,
  type RoomParticipant,
} from "./record-from-room";
import type { RecordContent } from "./record-schemas";

const KADRI = "cuser00000000000000001";
const JAAN = "cuser00000000000000002";
const STRANGER = "cuserstranger000000009";
const NOW = new Date("2026-12-01T12:30:00.000Z");

const AGENDA: RoomAgendaItem[] = [
  { id: "itemwork000000001", title: "Tööle naasmine" },
  { id: "itemhome000000002", title: "Abi kodus" },
];
const PARTICIPANTS: RoomParticipant[] = [
  { userId: KADRI, name: "Kadri Kask", position: "Juhtumikorraldaja, Tartu vald" },
  { userId: JAAN, name: "Jaan Kivi", position: "" },
];

/** An empty draft as startRecord makes it (from the factory's complete record). */
function draft(): RecordContent {
  return {
    ...fullRecord(),
    plannedSteps: [],
    dissentingOpinions: [],
    closingSummary: { whatBecameClear: "", whatStillNeedsDiscussing: "", beforeNextMeeting: "", firstStep: "" },
  };
}

function paragraph(text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** The room as a meeting leaves it: two decisions (one with two responsible people), a dissent, minutes, two answers. */
function meetingRoom() {
  const doc = new Y.Doc();
  addDecision(doc, {
    id: "dec-rehab",
    agendaItemId: AGENDA[0]!.id,
    createdByUserId: KADRI,
    now: NOW,
    text: "Taotleda rehabilitatsiooniteenust",
  });
  updateDecision(doc, "dec-rehab", {
    deadline: "2026-12-15",
    responsible: [
      // The browser wrote an old name; the system's name and position are used.
      { userId: KADRI, name: "K. Kask", position: "" },
      { userId: null, name: "Mati Maasikas", position: "naaber" },
      // An account that does not take part: named, not linked.
      { userId: STRANGER, name: "Tiit Tundmatu", position: "SKA" },
    ],
  });
  const transport = addDecision(doc, {
    id: "dec-transport",
    agendaItemId: AGENDA[1]!.id,
    createdByUserId: KADRI,
    now: NOW,
    text: `Korraldada transport ${"väga pikalt kirjeldatud ".repeat(20)}`,
  });
  setYText(transport.get("nextStep") as Y.Text, "Helistada vallale");
  addDissent(doc, {
    id: "dis-galina",
    decisionId: "dec-transport",
    authorUserId: null,
    authorName: "Галина Петрова",
    recordedBy: { userId: KADRI, name: "Kadri Kask" },
    now: NOW,
    text: "Я не согласна.",
  });
  minutesFragment(doc, AGENDA[0]!.id).insert(0, [paragraph("Jaan soovib tööle naasta.")]);
  minutesFragment(doc, "itemremoved0000003").insert(0, [paragraph("Eemaldatud punkt")]);
  setYText(summaryText(doc, "whatBecameClear"), "Jaan soovib tööle naasta.");
  setYText(summaryText(doc, "firstStep"), "  Kadri saadab taotluse.  ");
  return doc;
}

const read = (doc: Y.Doc) =>
  readRoomContent(
    doc,
    AGENDA.map((i) => i.id),
  );

describe("mergeRoomIntoRecord", () => {
  it("turns decisions into planned steps and dissent into dissenting opinions, with the same ids", () => {
    const merged = mergeRoomIntoRecord(draft(), read(meetingRoom()), AGENDA, PARTICIPANTS);
    expect(merged.plannedSteps).toEqual([
      {
        id: "dec-rehab",
        text: `Taotleda rehabilitatsiooniteenust\n${CO_RESPONSIBLE_LABEL}: Mati Maasikas, naaber; Tiit Tundmatu, SKA`,
        responsible: { userId: KADRI, name: "Kadri Kask", position: "Juhtumikorraldaja, Tartu vald" },
        deadline: "2026-12-15",
        nextStep: "",
      },
      {
        id: "dec-transport",
        text: expect.stringMatching(/^Korraldada transport väga pikalt/) as unknown as string,
        responsible: null,
        deadline: null,
        nextStep: "Helistada vallale",
      },
    ]);
    const [dissent] = merged.dissentingOpinions;
    expect(dissent).toMatchObject({
      id: "dis-galina",
      authorName: "Галина Петрова",
      authorUserId: null,
      text: "Я не согласна.",
      recordedBy: "Kadri Kask",
    });
    // What the dissent is about: the decision's text, shortened to what the record's field holds.
    expect(dissent!.about).toHaveLength(300);
    expect(dissent!.about).toMatch(/^Korraldada transport väga pikalt.*…$/);
  });

  it("fills the closing summary and the minutes per agenda item from the room", () => {
    const merged = mergeRoomIntoRecord(draft(), read(meetingRoom()), AGENDA, PARTICIPANTS);
    expect(merged.closingSummary).toEqual({
      whatBecameClear: "Jaan soovib tööle naasta.",
      whatStillNeedsDiscussing: "",
      beforeNextMeeting: "",
      firstStep: "Kadri saadab taotluse.",
    });
    // Only items with minutes, in agenda order; nothing of an item no longer on the agenda.
    expect(merged.itemMinutes).toEqual([
      { agendaItemId: AGENDA[0]!.id, title: "Tööle naasmine", text: "Jaan soovib tööle naasta." },
    ]);
  });

  it("keeps the record's own rows and the answers the room left empty, and overwrites what the room filled", () => {
    const base = draft();
    base.plannedSteps = [
      { id: "s-own", text: "Oma samm", responsible: null, deadline: null, nextStep: "" },
      // Taken over earlier, then completed in the record editor.
      {
        id: "dec-transport",
        text: "Vana tekst",
        responsible: { userId: JAAN, name: "Jaan Kivi", position: "" },
        deadline: "2026-12-20",
        nextStep: "Vana järgmine samm",
      },
    ];
    base.closingSummary.whatStillNeedsDiscussing = "Kirjutatud protokolli.";
    base.closingSummary.whatBecameClear = "Üle kirjutatav vastus.";
    const merged = mergeRoomIntoRecord(base, read(meetingRoom()), AGENDA, PARTICIPANTS);
    expect(merged.plannedSteps.map((s) => s.id)).toEqual(["s-own", "dec-transport", "dec-rehab"]);
    expect(merged.plannedSteps[1]).toMatchObject({
      text: expect.stringMatching(/^Korraldada transport/) as unknown as string,
      responsible: { userId: JAAN },
      deadline: "2026-12-20",
      nextStep: "Helistada vallale",
    });
    expect(merged.closingSummary).toMatchObject({
      whatBecameClear: "Jaan soovib tööle naasta.",
      whatStillNeedsDiscussing: "Kirjutatud protokolli.",
    });
    // Everything outside the room's parts is as it was.
    expect({ ...merged, plannedSteps: [], dissentingOpinions: [], closingSummary: null, itemMinutes: null }).toEqual({
      ...base,
      plannedSteps: [],
      dissentingOpinions: [],
      closingSummary: null,
      itemMinutes: null,
    });
  });

  it("gives the same content when it runs again, and updates rows in place when the room changed", () => {
    const doc = meetingRoom();
    const once = mergeRoomIntoRecord(draft(), read(doc), AGENDA, PARTICIPANTS);
    const twice = mergeRoomIntoRecord(once, read(doc), AGENDA, PARTICIPANTS);
    expect(canonicalJson(twice as unknown as JsonValue)).toBe(canonicalJson(once as unknown as JsonValue));

    updateDecision(doc, "dec-transport", { deadline: "2027-01-10" });
    minutesFragment(doc, AGENDA[1]!.id).insert(0, [paragraph("Koduteenus kaks korda nädalas.")]);
    // A minute-taker cleared the first item's minutes: what was taken over stays.
    minutesFragment(doc, AGENDA[0]!.id).delete(0, 1);
    const again = mergeRoomIntoRecord(twice, read(doc), AGENDA, PARTICIPANTS);
    expect(again.plannedSteps.map((s) => [s.id, s.deadline])).toEqual([
      ["dec-rehab", "2026-12-15"],
      ["dec-transport", "2027-01-10"],
    ]);
    expect(again.dissentingOpinions.map((d) => d.id)).toEqual(["dis-galina"]);
    expect(again.itemMinutes?.map((m) => m.text)).toEqual([
      "Jaan soovib tööle naasta.",
      "Koduteenus kaks korda nädalas.",
    ]);
  });

  it("leaves out decisions and dissent without text, and adds no minutes key for a room without minutes", () => {
    const doc = new Y.Doc();
    addDecision(doc, { id: "dec-empty", agendaItemId: AGENDA[0]!.id, createdByUserId: KADRI, now: NOW, text: "   " });
    addDissent(doc, {
      id: "dis-empty",
      decisionId: "dec-empty",
      authorUserId: JAAN,
      authorName: "Jaan Kivi",
      recordedBy: null,
      now: NOW,
    });
    const base = draft();
    const merged = mergeRoomIntoRecord(base, read(doc), AGENDA, PARTICIPANTS);
    expect(merged.plannedSteps).toEqual([]);
    expect(merged.dissentingOpinions).toEqual([]);
    expect("itemMinutes" in merged).toBe(false);
    // Byte for byte the same content: nothing to write.
    expect(canonicalJson(merged as unknown as JsonValue)).toBe(canonicalJson(base as unknown as JsonValue));
  });

  it("links a dissent to its author's account only when the author takes part", () => {
    const doc = new Y.Doc();
    addDecision(doc, { id: "dec-1", agendaItemId: AGENDA[0]!.id, createdByUserId: KADRI, now: NOW, text: "Otsus" });
    for (const [id, userId] of [
      ["dis-jaan", JAAN],
      ["dis-stranger", STRANGER],
    ] as const) {
      addDissent(doc, {
        id,
        decisionId: "dec-1",
        authorUserId: userId,
        authorName: "Kirjutatud nimi",
        recordedBy: null,
        now: NOW,
        text: "Ei",
      });
    }
    const merged = mergeRoomIntoRecord(draft(), read(doc), AGENDA, PARTICIPANTS);
    expect(merged.dissentingOpinions.map((d) => [d.id, d.authorUserId, d.authorName, d.about])).toEqual([
      ["dis-jaan", JAAN, "Jaan Kivi", "Otsus"],
      ["dis-stranger", null, "Kirjutatud nimi", "Otsus"],
    ]);
  });

  it("refuses content the record cannot hold (more than 100 planned steps)", () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 101; i += 1) {
      addDecision(doc, {
        id: `dec-${i}`,
        agendaItemId: AGENDA[0]!.id,
        createdByUserId: KADRI,
        now: NOW,
        text: `Otsus ${i}`,
      });
    }
    let error: unknown;
    try {
      mergeRoomIntoRecord(draft(), read(doc), AGENDA, PARTICIPANTS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("VALIDATION");
  });
});
