// Re-aligns the pairs that are not confirmed, around the confirmed ones, with the real aligner.
// Runs in the request only for small documents; big ones must use the Re-align job. The
// automatic checks then re-run over the whole document pair (its statistics changed).
import { align } from "@/lib/alignment";
import { invalidateCheckContext } from "@/lib/db/checks";
import { enqueueJob } from "@/lib/db/jobs";
import { realignUnconfirmed, type RealignFn } from "@/lib/db/review";
import { recheck } from "@/lib/db/review/recheck";
import { countBitextSentences, getReviewHeader } from "@/lib/db/review/view";
import { fail, json, route } from "@/app/api/route-kit";

/** Sentences (both languages) above which re-alignment is too slow for a request. */
const REALIGN_IN_REQUEST_LIMIT = 2000;

export const POST = route({ scope: "bitext", role: "editor" }, async ({ db, id: bitextId, actor }) => {
  const header = await getReviewHeader(db, bitextId);
  if (!header) return fail(404, `Document pair ${bitextId} does not exist`);
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
    ).beads.map((b) => ({ zh: b.zh, en: b.en, score: b.score, parts: b.parts, confidence: b.confidence ?? null }));
  const result = await realignUnconfirmed(db, actor, { bitextId }, realign);
  invalidateCheckContext(bitextId);
  const checks = await recheck(db, bitextId);
  return { ...result, ...(checks.error ? { checksError: checks.error } : {}) };
});
