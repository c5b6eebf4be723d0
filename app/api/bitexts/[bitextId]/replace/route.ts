// Find-and-replace, step 2: the previewed sentences stored as corrections (one audit row, one
// undo), re-scored on the document's scale; then the automatic checks re-run on their pairs.
import { applyReplace } from "@/lib/db/review/replace";
import { recheck } from "@/lib/db/review/recheck";
import { documentScore } from "@/lib/db/review/scoring";
import { replaceApplySchema } from "@/lib/review/schema";
import { route } from "@/app/api/route-kit";

export const POST = route({ scope: "bitext", role: "editor", body: replaceApplySchema }, async ({ db, id, actor, body }) => {
  const r = await applyReplace(db, actor, id, body, { score: await documentScore(db, id) });
  const checks = r.pairIds.length ? await recheck(db, id, r.pairIds) : null;
  return { ...r, ...(checks?.error ? { checksError: checks.error } : {}) };
});
