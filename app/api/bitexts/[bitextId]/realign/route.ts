// Re-aligns the pairs that are not confirmed, around the confirmed ones, with the real aligner.
// Runs in the request only for small documents; big ones must use the Re-align job. The
// automatic checks then re-run over the whole document pair (its statistics changed).
import { getDb } from "@/lib/db/client";
import { align } from "@/lib/alignment";
import { invalidateCheckContext } from "@/lib/db/checks";
import { enqueueJob } from "@/lib/db/jobs";
import { realignUnconfirmed, type RealignFn } from "@/lib/db/review";
import { countBitextSentences, getReviewHeader } from "@/lib/db/review/view";
import { actorOf, errorResponse, fail, idParam, json, recheck } from "@/app/api/pairs/shared";
import { requireBitextRole } from "@/lib/auth/session";

/** Sentences (both languages) above which re-alignment is too slow for a request. */
const REALIGN_IN_REQUEST_LIMIT = 2000;

export async function POST(_req: Request, { params }: { params: Promise<{ bitextId: string }> }) {
  const bitextId = idParam((await params).bitextId);
  if (!bitextId) return fail(400, "Bad document pair id");
  try {
    const access = await requireBitextRole(bitextId, "editor");
    const db = getDb();
    const header = await getReviewHeader(db, bitextId);
    if (!header) return fail(404, `Document pair ${bitextId} does not exist`);
    const actor = actorOf(access.user);
    const n = await countBitextSentences(db, bitextId);
    const mode = header.alignedMode === "parallel" || header.alignedMode === "comparable" ? header.alignedMode : "auto";
    if (n >= REALIGN_IN_REQUEST_LIMIT) {
      // Too long for a request: the worker does it, the page follows the job.
      const job = await enqueueJob(db, { type: "realign", bitextId, payload: { actorId: actor.id, actorName: actor.name, mode }, createdById: actor.id });
      return json({ jobId: job.id, sentences: n }, 202);
    }
    const realign: RealignFn = (zh, en) =>
      align(
        zh.map((text) => ({ text })),
        en.map((text) => ({ text })),
        { mode },
      ).beads.map((b) => ({ zh: b.zh, en: b.en, score: b.score, parts: b.parts }));
    const result = await realignUnconfirmed(db, actor, { bitextId }, realign);
    invalidateCheckContext(bitextId);
    const checks = await recheck(bitextId);
    return json({ ...result, ...(checks.error ? { checksError: checks.error } : {}) });
  } catch (err) {
    return errorResponse(err);
  }
}
