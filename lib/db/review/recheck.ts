// Re-running the automatic checks after a review change (of the changed pairs, or of the whole
// document pair). The change is stored by then: a failing check run is reported with the
// answer, never turned into a failed edit.
import type { Db } from "../client";
import { runBitextChecks } from "../checks";

export async function recheck(db: Db, bitextId: number, pairIds?: number[]) {
  try {
    return { ...(await runBitextChecks(db, bitextId, pairIds ? { pairIds } : {})), error: null };
  } catch (err) {
    console.error(`automatic checks after an edit failed (bitext ${bitextId}):`, err);
    return { created: 0, removed: 0, error: "The automatic checks could not be re-run for this change" };
  }
}
