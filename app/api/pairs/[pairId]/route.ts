// One pair: GET its detail (sentences, corrections, flags, history); POST one review
// operation on it (lib/review/schema.ts: pairOpSchema), as the current editor. The answer
// carries the changed rows; after a change to text or pairing the automatic checks re-run on
// the changed pairs first, so those rows carry up-to-date findings.
import { dismissCheckFlag } from "@/lib/db/checks";
import { bitextOfFlag, bitextOfPair, bitextOfSentence } from "@/lib/db/members";
import { getPairDetail, NotFoundError } from "@/lib/db/review";
import { applyPairOp } from "@/lib/db/review/apply";
import { recheck } from "@/lib/db/review/recheck";
import { checkFlagPairId, getPairRows } from "@/lib/db/review/view";
import { pairOpSchema, STRUCTURAL_OPS, type PairOp } from "@/lib/review/schema";
import type { Db } from "@/lib/db/client";
import { fail, route } from "@/app/api/route-kit";

/** Operations after which the automatic checks of the changed pairs may find something else. */
const RECHECK = new Set<PairOp["op"]>([...STRUCTURAL_OPS, "correct", "revert", "sentence.exclude"]);

export const GET = route({ scope: "pair", role: "viewer" }, ({ db, id }) => getPairDetail(db, { pairId: id }));

export const POST = route({ scope: "pair", role: "editor", body: pairOpSchema }, async ({ db, id: pairId, access, actor, body: op }) => {
  const bitextId = access.bitextId;
  await assertSameBitext(db, op, bitextId);
  if (op.op === "check.dismiss") {
    if ((await checkFlagPairId(db, op.flagId)) !== pairId) return fail(404, `Pair ${pairId} has no automatic finding ${op.flagId}; reload`);
    await dismissCheckFlag(db, op.flagId, actor.id);
    return { op: op.op, structural: false, auditId: null, rows: await getPairRows(db, bitextId, [pairId]), deletedPairIds: [], flagId: op.flagId };
  }
  const r = await applyPairOp(db, actor, bitextId, pairId, op);
  const deleted = new Set(r.deletedPairIds);
  const changedIds = [...new Set([...r.pairs.map((p) => p.id), pairId])].filter((x) => !deleted.has(x));
  const checks = RECHECK.has(op.op) ? await recheck(db, bitextId, changedIds) : null;
  // The change is committed: from here on a failure (a busy database) must not answer as if
  // it were not. The client reloads the rows instead.
  const rows = await getPairRows(db, bitextId, changedIds).catch((err: Error) => {
    console.error(`reading the rows after a change failed (bitext ${bitextId}):`, err.message);
    return null;
  });
  return {
    op: op.op,
    structural: STRUCTURAL_OPS.has(op.op),
    auditId: r.auditId,
    rows: rows ?? [],
    deletedPairIds: r.deletedPairIds,
    flagId: r.flagId ?? null,
    ...(checks?.error ? { checksError: checks.error } : {}),
    ...(rows ? {} : { rowsError: "The change is saved, but the server was too busy to send it back: reload to see it" }),
  };
});

/**
 * Flags, sentences and the other pair an operation names must belong to this document pair:
 * the role was checked on the project of `pairId`, and ids are easy to guess.
 */
async function assertSameBitext(db: Db, op: PairOp, bitextId: number) {
  const flagId = "flagId" in op ? op.flagId : undefined;
  if (flagId !== undefined && (await bitextOfFlag(db, flagId)) !== bitextId) throw new NotFoundError(`Flag ${flagId} does not exist in this document pair; reload`);
  const sentenceIds = [
    "sentenceId" in op ? op.sentenceId : undefined,
    "sentenceIdA" in op ? op.sentenceIdA : undefined,
    "sentenceIdB" in op ? op.sentenceIdB : undefined,
    ...(op.op === "correct" ? op.edits.map((e) => e.sentenceId) : []),
  ].filter((x): x is number => x !== undefined);
  for (const id of sentenceIds) {
    if ((await bitextOfSentence(db, id)) !== bitextId) throw new NotFoundError(`Sentence ${id} does not exist in this document pair; reload`);
  }
  if (op.op === "link" && (await bitextOfPair(db, op.otherPairId))?.bitextId !== bitextId) {
    throw new NotFoundError(`Pair ${op.otherPairId} does not exist in this document pair; reload`);
  }
}
