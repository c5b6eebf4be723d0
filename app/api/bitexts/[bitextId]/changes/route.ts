// Live review: the changes of this document pair after audit row `after` (each with the pairs
// to read again) and who else has it open. Polled by the review page about every second.
import { changesSince, latestAuditId, listPresence } from "@/lib/db/review/live";
import { auditWatch } from "@/lib/db/review/live-watch";
import { changesQuerySchema, type ChangesAnswer } from "@/lib/review/schema";
import { route } from "@/app/api/route-kit";

export const GET = route({ scope: "bitext", role: "viewer", query: changesQuerySchema }, async ({ db, id, query }): Promise<ChangesAnswer> => {
  const presence = await listPresence(db, id, query.clientId);
  if (query.after === undefined) return { latest: await latestAuditId(db, id), changes: [], truncated: false, presence };
  const watch = auditWatch();
  if (watch && !(await watch.mayHaveNews(id, query.after, () => latestAuditId(db, id)))) {
    return { latest: query.after, changes: [], truncated: false, presence };
  }
  return { ...(await changesSince(db, id, query.after)), presence };
});
