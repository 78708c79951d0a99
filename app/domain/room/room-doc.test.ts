import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ROOM_TEXT_MAX,
  addDecision,
  addDissent,
  decisionsArray,
  dissentsArray,
  findDecisionMap,
  findDissentMap,
  fragmentToPlainText,
  minutesFragment,
  readRoomContent,
  removeDecision,
  removeDissent,
  setYText,
  summaryText,
  updateDecision,
} from "./room-doc";

const ITEM_A = "agendaitem0000000001";
const ITEM_B = "agendaitem0000000002";
const KADRI = "cuserkadri000000000001";
const EVE = "cuseeve00000000000002";
const NOW = new Date("2026-12-01T10:15:00.000Z");

/** Two browsers on one document: every update of one is applied to the other. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "remote") Y.applyUpdate(b, update, "remote");
  });
  b.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== "remote") Y.applyUpdate(a, update, "remote");
  });
  return { a, b };
}

/** Two browsers that are offline: updates are exchanged only when `sync` is called. */
function offlinePair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  return {
    a,
    b,
    sync() {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    },
  };
}

/** An element the way y-prosemirror stores a Tiptap node: children are elements or text. */
function el(name: string, children: (Y.XmlElement | Y.XmlText)[] = [], attrs: Record<string, string> = {}) {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  element.insert(0, children);
  return element;
}
const txt = (value: string) => new Y.XmlText(value);
const p = (value: string) => el("paragraph", value ? [txt(value)] : []);

describe("the room document", () => {
  it("carries decisions, dissent, minutes and the summary from one browser to another", () => {
    const { a, b } = pair();
    const decision = addDecision(a, { id: "dec-1", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW });
    (decision.get("text") as Y.Text).insert(0, "Taotleda koduteenust");
    (decision.get("nextStep") as Y.Text).insert(0, "Kadri helistab SKA-sse");
    updateDecision(a, "dec-1", {
      deadline: "2026-12-15",
      responsible: [
        { userId: KADRI, name: "Kadri Kask", position: "juhtumikorraldaja" },
        { userId: null, name: "Mati Maasikas", position: "naaber" },
      ],
    });
    addDissent(b, {
      id: "dis-1",
      decisionId: "dec-1",
      authorUserId: null,
      authorName: "Галина Петрова",
      recordedBy: { userId: EVE, name: "Eve Mägi" },
      now: NOW,
      text: "Я не согласна.",
    });
    minutesFragment(b, ITEM_A).insert(0, [p("Arutati koduteenust.")]);
    setYText(summaryText(a, "firstStep"), "Kadri saadab taotluse.");

    // The other browser reads exactly what was written.
    const read = readRoomContent(b, [ITEM_A, ITEM_B]);
    expect(read).toEqual({
      minutes: [
        { agendaItemId: ITEM_A, text: "Arutati koduteenust." },
        { agendaItemId: ITEM_B, text: "" },
      ],
      decisions: [
        {
          id: "dec-1",
          agendaItemId: ITEM_A,
          text: "Taotleda koduteenust",
          nextStep: "Kadri helistab SKA-sse",
          deadline: "2026-12-15",
          responsible: [
            { userId: KADRI, name: "Kadri Kask", position: "juhtumikorraldaja" },
            { userId: null, name: "Mati Maasikas", position: "naaber" },
          ],
          createdByUserId: KADRI,
          createdAt: NOW.toISOString(),
        },
      ],
      dissents: [
        {
          id: "dis-1",
          decisionId: "dec-1",
          authorUserId: null,
          authorName: "Галина Петрова",
          text: "Я не согласна.",
          recordedByUserId: EVE,
          recordedByName: "Eve Mägi",
          createdAt: NOW.toISOString(),
        },
      ],
      summary: {
        whatBecameClear: "",
        whatStillNeedsDiscussing: "",
        beforeNextMeeting: "",
        firstStep: "Kadri saadab taotluse.",
      },
      skipped: 0,
    });
    expect(readRoomContent(a, [ITEM_A, ITEM_B])).toEqual(read);
    // Found by id on the other side; nothing for an unknown id.
    expect(findDecisionMap(b, "dec-1")?.get("deadline")).toBe("2026-12-15");
    expect(findDissentMap(a, "dis-1")?.get("authorName")).toBe("Галина Петрова");
    expect(findDecisionMap(a, "nope")).toBeNull();
  });

  it("survives a round trip through the stored update (what the server keeps)", () => {
    const doc = new Y.Doc();
    addDecision(doc, { id: "dec-1", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW, text: "Otsus" });
    setYText(summaryText(doc, "whatBecameClear"), "Selgus, et…");
    const restored = new Y.Doc();
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(doc));
    expect(readRoomContent(restored, [])).toEqual(readRoomContent(doc, []));
    expect(readRoomContent(restored, []).decisions.map((d) => d.text)).toEqual(["Otsus"]);
  });

  it("merges two people's edits of one summary answer made at the same time", () => {
    const { a, b, sync } = offlinePair();
    setYText(summaryText(a, "beforeNextMeeting"), "Kokkulepe: taotlus.");
    sync();
    // Both edit the same answer before seeing each other's change.
    setYText(summaryText(a, "beforeNextMeeting"), "Kokkulepe: taotlus. Lisaks transport.");
    setYText(summaryText(b, "beforeNextMeeting"), "Tähtis kokkulepe: taotlus.");
    sync();
    expect(summaryText(a, "beforeNextMeeting").toString()).toBe("Tähtis kokkulepe: taotlus. Lisaks transport.");
    expect(summaryText(b, "beforeNextMeeting").toString()).toBe(summaryText(a, "beforeNextMeeting").toString());
  });

  it("changes only the middle of a text, and never breaks an emoji apart", () => {
    const doc = new Y.Doc();
    const text = summaryText(doc, "firstStep");
    setYText(text, "Helistada homme hommikul");
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    setYText(text, "Helistada täna hommikul");
    expect(text.toString()).toBe("Helistada täna hommikul");
    // "homme" → "täna": the common start and end are kept.
    expect(deltas).toEqual([[{ retain: 10 }, { delete: 5 }, { insert: "täna" }]]);

    setYText(text, "Hea 😀 tuju");
    setYText(text, "Hea 😃 tuju");
    expect(text.toString()).toBe("Hea 😃 tuju");
    setYText(text, "Hea 😃😃 tuju");
    setYText(text, "Hea 😃 tuju");
    expect(text.toString()).toBe("Hea 😃 tuju");
    expect(text.toString()).not.toContain("\ufffd");

    deltas.length = 0;
    setYText(text, "Hea 😃 tuju");
    expect(deltas).toEqual([]);
    expect(() => setYText(new Y.Text(), "x")).toThrow(/not part of a document/);
  });

  it("does not remove a decision someone disagreed with, and removes one without dissent", () => {
    const doc = new Y.Doc();
    addDecision(doc, { id: "dec-1", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW, text: "Üks" });
    addDecision(doc, { id: "dec-2", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW, text: "Kaks" });
    addDissent(doc, {
      id: "dis-1",
      decisionId: "dec-1",
      authorUserId: EVE,
      authorName: "Eve Mägi",
      recordedBy: null,
      now: NOW,
      text: "Ei nõustu.",
    });
    expect(removeDecision(doc, "dec-1")).toBe(false);
    expect(removeDecision(doc, "dec-2")).toBe(true);
    expect(removeDecision(doc, "dec-2")).toBe(false);
    expect(readRoomContent(doc, []).decisions.map((d) => d.id)).toEqual(["dec-1"]);
    // Updating a decision that is gone changes nothing.
    updateDecision(doc, "dec-2", { deadline: "2026-12-15" });
    expect(decisionsArray(doc).length).toBe(1);
  });

  it("withdraws a dissent on every browser, leaving the others, after which the decision can be removed", () => {
    const { a, b } = pair();
    addDecision(a, { id: "dec-1", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW, text: "Üks" });
    const dissent = (id: string, authorUserId: string, authorName: string) =>
      addDissent(b, { id, decisionId: "dec-1", authorUserId, authorName, recordedBy: null, now: NOW, text: id });
    dissent("dis-1", EVE, "Eve Mägi");
    dissent("dis-2", KADRI, "Kadri Kask");
    dissent("dis-3", EVE, "Eve Mägi");

    // Withdrawn on one browser, gone on the other; the other dissents keep their order.
    expect(removeDissent(a, "dis-2")).toBe(true);
    expect(readRoomContent(b, []).dissents.map((d) => d.id)).toEqual(["dis-1", "dis-3"]);
    expect(findDissentMap(b, "dis-2")).toBeNull();
    // Twice, or an id that never was: nothing changes.
    expect(removeDissent(b, "dis-2")).toBe(false);
    expect(removeDissent(b, "nope")).toBe(false);
    expect(dissentsArray(a).length).toBe(2);

    // While any dissent is attached the decision stays; once all are withdrawn it can go.
    expect(removeDecision(a, "dec-1")).toBe(false);
    expect(removeDissent(b, "dis-1")).toBe(true);
    expect(removeDissent(a, "dis-3")).toBe(true);
    expect(removeDecision(b, "dec-1")).toBe(true);
    expect(readRoomContent(a, [])).toMatchObject({ decisions: [], dissents: [], skipped: 0 });
  });

  it("withdraws a dissent once even when two browsers withdraw it at the same moment", () => {
    const { a, b, sync } = offlinePair();
    addDecision(a, { id: "dec-1", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW, text: "Üks" });
    for (const id of ["dis-1", "dis-2"]) {
      addDissent(a, { id, decisionId: "dec-1", authorUserId: EVE, authorName: "Eve Mägi", recordedBy: null, now: NOW });
    }
    sync();
    expect(removeDissent(a, "dis-1")).toBe(true);
    expect(removeDissent(b, "dis-1")).toBe(true);
    sync();
    expect(readRoomContent(a, []).dissents.map((d) => d.id)).toEqual(["dis-2"]);
    expect(readRoomContent(b, []).dissents.map((d) => d.id)).toEqual(["dis-2"]);
  });

  it("skips and counts entries that browsers wrote in the wrong shape", () => {
    const doc = new Y.Doc();
    addDecision(doc, { id: "dec-ok", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW, text: "Korras" });
    const badDeadline = addDecision(doc, { id: "dec-bad", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW });
    badDeadline.set("deadline", "2026-02-31");
    const wrongType = new Y.Map<unknown>();
    wrongType.set("id", "dec-x");
    wrongType.set("text", 42);
    decisionsArray(doc).push([wrongType]);
    // Not a map at all, and the same id again (rows merge into the record by id).
    (decisionsArray(doc) as unknown as Y.Array<unknown>).push(["a string", { id: "dec-plain" }]);
    addDecision(doc, { id: "dec-ok", agendaItemId: ITEM_B, createdByUserId: KADRI, now: NOW, text: "Kordus" });
    const dissent = addDissent(doc, {
      id: "dis-1",
      decisionId: "dec-ok",
      authorUserId: "NOT A USER ID",
      authorName: "Keegi",
      recordedBy: null,
      now: NOW,
    });
    expect(dissent.get("authorUserId")).toBe("NOT A USER ID");
    addDissent(doc, {
      id: "dis-2",
      decisionId: "dec-ok",
      authorUserId: null,
      authorName: " ",
      recordedBy: null,
      now: NOW,
    });
    const tooLong = addDecision(doc, { id: "dec-long", agendaItemId: ITEM_A, createdByUserId: KADRI, now: NOW });
    (tooLong.get("text") as Y.Text).insert(0, "x".repeat(ROOM_TEXT_MAX + 1));

    const read = readRoomContent(doc, []);
    expect(read.decisions.map((d) => [d.id, d.text])).toEqual([["dec-ok", "Korras"]]);
    expect(read.dissents).toEqual([]);
    // dec-bad, dec-x, "a string", {id: dec-plain}, the second dec-ok, dec-long; dis-1, dis-2.
    expect(read.skipped).toBe(8);
    expect(dissentsArray(doc).length).toBe(2);
  });

  it("cuts a long summary at the limit without leaving half an emoji", () => {
    const doc = new Y.Doc();
    setYText(summaryText(doc, "whatBecameClear"), `${"a".repeat(ROOM_TEXT_MAX - 1)}😀 and more`);
    const answer = readRoomContent(doc, []).summary.whatBecameClear;
    expect(answer).toBe("a".repeat(ROOM_TEXT_MAX - 1));
  });
});

describe("fragmentToPlainText", () => {
  function fragmentOf(...blocks: Y.XmlElement[]) {
    const doc = new Y.Doc();
    const fragment = minutesFragment(doc, ITEM_A);
    fragment.insert(0, blocks);
    return fragment;
  }

  it("writes paragraphs and headings one per line, with formatted text as plain text", () => {
    const bold = txt("");
    const fragment = fragmentOf(
      el("heading", [txt("Taastusravi")], { level: "2" }),
      el("paragraph", [bold]),
      p("Teine lõik."),
    );
    bold.insert(0, "Kadri ", {});
    bold.insert(6, "rõhutas", { bold: true });
    bold.insert(13, " tähtaega.", {});
    expect(fragmentToPlainText(fragment)).toBe("Taastusravi\nKadri rõhutas tähtaega.\nTeine lõik.");
  });

  it("prefixes bullet list items, numbers ordered ones and indents nested lists", () => {
    const fragment = fragmentOf(
      p("Kokku lepiti:"),
      el("bulletList", [
        el("listItem", [p("koduteenus")]),
        el("listItem", [
          p("transport"),
          p("(tööpäeviti)"),
          el("bulletList", [el("listItem", [p("hommikul")]), el("listItem", [p("õhtul")])]),
        ]),
      ]),
      el("orderedList", [el("listItem", [p("taotlus")]), el("listItem", [p("kohtumine")])], { start: "3" }),
    );
    expect(fragmentToPlainText(fragment)).toBe(
      [
        "Kokku lepiti:",
        "- koduteenus",
        "- transport",
        "  (tööpäeviti)",
        "  - hommikul",
        "  - õhtul",
        "3. taotlus",
        "4. kohtumine",
      ].join("\n"),
    );
  });

  it("keeps hard breaks and at most one empty line, and is empty for an empty fragment", () => {
    const fragment = fragmentOf(
      el("paragraph", [txt("Esimene rida"), el("hardBreak"), txt("teine rida")]),
      p(""),
      p(""),
      p(""),
      el("blockquote", [p("Tsitaat")]),
      p(""),
    );
    expect(fragmentToPlainText(fragment)).toBe("Esimene rida\nteine rida\n\nTsitaat");
    expect(fragmentToPlainText(fragmentOf())).toBe("");
  });
});
