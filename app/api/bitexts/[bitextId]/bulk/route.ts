// Applies a previewed bulk action (lib/db/review/bulk.ts): one audit row, one undo. Pairs changed
// since the preview are skipped and listed. After an exclusion the automatic checks re-run.
import { applyBulk, bulkApplySchema } from "@/lib/db/review/bulk";
import { recheck } from "@/lib/db/review/recheck";
import { route } from "@/app/api/route-kit";

export const POST = route({ scope: "bitext", role: "editor", body: bulkApplySchema }, async ({ db, id, actor, body }) => {
  const r = await applyBulk(db, actor, id, body);
  const checks = body.action.type === "exclude" && r.changed.length ? await recheck(db, id, r.changed) : null;
  return { ...r, ...(checks?.error ? { checksError: checks.error } : {}) };
});
