// Whether a live document's own changes are still on their way to the server, for the "Saving…"
// line of the room and of the plan editor.
import { useEffect, useState } from "react";
import type { SavedState } from "~/lib/collab-saved";

/** The wait before "Saving…" is shown: typing must not make the live region chatter. */
export const SAVING_SHOWN_AFTER_MS = 800;

/** True when `value` has stayed true for `delayMs`; false as soon as it is false. */
function useDelayedTrue(value: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (!value) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return shown;
}

/**
 * "Saving…": changes not yet confirmed by the server while connected (changes kept offline have
 * their own line), shown only once they have been waiting for a moment.
 */
export function useIsSaving(saved: SavedState): boolean {
  return useDelayedTrue(!saved.isSaved && !saved.hasOfflineChanges, SAVING_SHOWN_AFTER_MS);
}
