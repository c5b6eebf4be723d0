// Undoes the current editor's latest review change in this document pair, then re-runs the
// automatic checks on the restored pairs (the client reloads its rows after an undo).
import { undoLast } from "@/lib/db/review";
import { recheck } from "@/lib/db/review/recheck";
import { undoRestoredPairIds } from "@/lib/db/review/view";
import { route } from "@/app/api/route-kit";

export const POST = route({ scope: "bitext", role: "editor" }, async ({ db, id: bitextId, actor }) => {
  const undone = await undoLast(db, actor, { bitextId });
  const checks = undone ? await recheck(db, bitextId, await undoRestoredPairIds(db, undone.auditId)) : null;
  return { undone, ...(checks?.error ? { checksError: checks.error } : {}) };
});
