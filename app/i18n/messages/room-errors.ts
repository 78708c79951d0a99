import { defineMessages } from "../define";

// room-errors: filled in by the meeting-room work.
export const roomErrors = defineMessages({
  et: {
    "room-errors.placeholder": "—",
  },
  en: {
    "room-errors.placeholder": "—",
  },
  ru: {
    "room-errors.placeholder": "—",
  },
});
