// Undoes the current editor's latest review change in this document pair, then re-runs the
// automatic checks on the restored pairs (the client reloads its rows after an undo).
import { getDb } from "@/lib/db/client";
import { undoLast } from "@/lib/db/review";
import { undoRestoredPairIds } from "@/lib/db/review/view";
import { actorOf, errorResponse, fail, idParam, json, recheck } from "@/app/api/pairs/shared";
import { requireBitextRole } from "@/lib/auth/session";

export async function POST(_req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = idParam((await params).bitextId);
  if (!bitextId) return fail(400, "Bad document pair id");
  try {
    const access = await requireBitextRole(bitextId, "editor");
    const db = getDb();
    const actor = actorOf(access.user);
    const undone = await undoLast(db, actor, { bitextId });
    const checks = undone ? await recheck(bitextId, await undoRestoredPairIds(db, undone.auditId)) : null;
    return json({ undone, ...(checks?.error ? { checksError: checks.error } : {}) });
  } catch (err) {
    return errorResponse(err);
  }
}
