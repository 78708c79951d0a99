import { defineMessages } from "../define";

// room: filled in by the meeting-room work.
export const room = defineMessages({
  et: {
    "room.placeholder": "—",
  },
  en: {
    "room.placeholder": "—",
  },
  ru: {
    "room.placeholder": "—",
  },
});
