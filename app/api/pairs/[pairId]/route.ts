// One pair: GET its detail (sentences, corrections, flags, history); POST one review
// operation on it. Every operation goes through lib/db/review with the current editor as
// the actor and the version(s) the client read; the answer carries the changed rows.
// After a change to text or pairing, the automatic checks re-run on the changed pairs, so the
// rows in the answer carry up-to-date findings. "check.dismiss" dismisses an automatic finding.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import {
  addFlag,
  correctText,
  getPairDetail,
  joinSentences,
  linkPairs,
  mergeWithNext,
  moveSentence,
  reopenFlag,
  resolveFlag,
  revertCorrection,
  setPairStatus,
  setSentenceExcluded,
  splitPair,
  splitSentence,
  unlinkPair,
  updateFlag,
  type ChangeResult,
} from "@/lib/db/review";
import { dismissCheckFlag } from "@/lib/db/checks";
import { documentScore } from "@/lib/db/review/scoring";
import { checkFlagPairId, getPairRows } from "@/lib/db/review-view";
import { bitextOfFlag, bitextOfPair, bitextOfSentence } from "@/lib/db/members";
import { NotFoundError } from "@/lib/db/review";
import { requirePairRole } from "@/lib/auth/session";
import { FLAG_CATEGORIES, FLAG_SEVERITIES, LANGS, PAIR_STATUSES } from "@/lib/db/vocabulary";
import { actorOf, errorResponse, fail, idParam, json, recheck, zodMessage } from "@/app/api/pairs/shared";

const id = z.number().int().positive();
const version = z.number().int().positive();
const versions = z.record(z.string().regex(/^\d+$/), version);

const opSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("status"), status: z.enum(PAIR_STATUSES), expectedVersion: version }),
  z.object({
    op: z.literal("flag.add"),
    category: z.enum(FLAG_CATEGORIES),
    severity: z.enum(FLAG_SEVERITIES),
    note: z.string().max(5000).default(""),
    expectedVersion: version,
  }),
  z.object({
    op: z.literal("flag.update"),
    flagId: id,
    category: z.enum(FLAG_CATEGORIES).optional(),
    severity: z.enum(FLAG_SEVERITIES).optional(),
    note: z.string().max(5000).optional(),
    expectedVersion: version,
  }),
  z.object({ op: z.literal("flag.resolve"), flagId: id, expectedVersion: version }),
  z.object({ op: z.literal("flag.reopen"), flagId: id, expectedVersion: version }),
  z.object({ op: z.literal("correct"), lang: z.enum(LANGS), text: z.string().max(100_000), expectedVersion: version }),
  z.object({ op: z.literal("revert"), lang: z.enum(LANGS).optional(), expectedVersion: version }),
  z.object({ op: z.literal("merge"), expectedVersions: versions }),
  z.object({ op: z.literal("split"), en: z.number().int().min(0), zh: z.number().int().min(0), expectedVersion: version }),
  z.object({ op: z.literal("unlink"), expectedVersion: version }),
  z.object({ op: z.literal("link"), otherPairId: id, expectedVersions: versions }),
  z.object({ op: z.literal("move"), sentenceId: id, direction: z.enum(["previous", "next"]), expectedVersions: versions }),
  z.object({ op: z.literal("sentence.split"), sentenceId: id, offset: z.number().int().positive(), expectedVersion: version }),
  z.object({ op: z.literal("sentence.join"), sentenceIdA: id, sentenceIdB: id, expectedVersions: versions }),
  z.object({ op: z.literal("sentence.exclude"), sentenceId: id, excluded: z.boolean(), expectedVersion: version }),
  z.object({ op: z.literal("check.dismiss"), flagId: id }),
]);

const RESCORE = new Set(["correct", "revert", "merge", "split", "unlink", "link", "move", "sentence.split", "sentence.join"]);

/** Operations that change which sentences form which pairs (positions may shift). */
const STRUCTURAL = new Set(["merge", "split", "unlink", "link", "move", "sentence.split", "sentence.join"]);
/** Operations after which the automatic checks of the changed pairs may find something else. */
const RECHECK = new Set([...STRUCTURAL, "correct", "revert", "sentence.exclude"]);

export async function GET(_req: Request, { params }: { params: Promise<{ pairId: string }> }) {
  const pairId = idParam((await params).pairId);
  if (!pairId) return fail(400, "Bad pair id");
  try {
    await requirePairRole(pairId, "viewer");
    return json(await getPairDetail(getDb(), { pairId }));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(req: Request, { params }: { params: Promise<{ pairId: string }> }) {
  const pairId = idParam((await params).pairId);
  if (!pairId) return fail(400, "Bad pair id");
  try {
    // Editors and owners change pairs; viewers are refused (403) before the body is read.
    const access = await requirePairRole(pairId, "editor");
    const parsed = opSchema.safeParse(await req.json().catch(() => null));
    if (!parsed.success) return fail(400, `Bad request: ${zodMessage(parsed.error)}`);
    const op = parsed.data;
    const db = getDb();
    const actor = actorOf(access.user);
    const bitextId = access.bitextId;
    await assertSameBitext(op, bitextId);
    if (op.op === "check.dismiss") {
      if ((await checkFlagPairId(db, op.flagId)) !== pairId) return fail(404, `Pair ${pairId} has no automatic finding ${op.flagId}; reload`);
      await dismissCheckFlag(db, op.flagId, actor.id);
      const rows = await getPairRows(db, bitextId, [pairId]);
      return json({ op: op.op, structural: false, auditId: null, rows, deletedPairIds: [], flagId: op.flagId });
    }
    // Changes of text or of pair boundaries re-score the pairs on the document's own scale.
    const o = RESCORE.has(op.op) ? { score: await documentScore(db, bitextId) } : {};
    let r: ChangeResult & { flagId?: number };
    switch (op.op) {
      case "status":
        r = await setPairStatus(db, actor, { pairId, status: op.status, expectedVersion: op.expectedVersion });
        break;
      case "flag.add":
        r = await addFlag(db, actor, { pairId, ...pick(op, ["category", "severity", "note", "expectedVersion"]) });
        break;
      case "flag.update":
        r = await updateFlag(db, actor, pick(op, ["flagId", "category", "severity", "note", "expectedVersion"]));
        break;
      case "flag.resolve":
        r = await resolveFlag(db, actor, { flagId: op.flagId, expectedVersion: op.expectedVersion });
        break;
      case "flag.reopen":
        r = await reopenFlag(db, actor, { flagId: op.flagId, expectedVersion: op.expectedVersion });
        break;
      case "correct":
        r = await correctText(db, actor, { pairId, lang: op.lang, correctedText: op.text, expectedVersion: op.expectedVersion }, o);
        break;
      case "revert":
        r = await revertCorrection(db, actor, { pairId, lang: op.lang, expectedVersion: op.expectedVersion }, o);
        break;
      case "merge":
        r = await mergeWithNext(db, actor, { pairId, expectedVersions: op.expectedVersions }, o);
        break;
      case "split":
        r = await splitPair(db, actor, { pairId, en: op.en, zh: op.zh, expectedVersion: op.expectedVersion }, o);
        break;
      case "unlink":
        r = await unlinkPair(db, actor, { pairId, expectedVersion: op.expectedVersion }, o);
        break;
      case "link":
        r = await linkPairs(db, actor, { pairIdA: pairId, pairIdB: op.otherPairId, expectedVersions: op.expectedVersions }, o);
        break;
      case "move":
        r = await moveSentence(db, actor, pick(op, ["sentenceId", "direction", "expectedVersions"]), o);
        break;
      case "sentence.split":
        r = await splitSentence(db, actor, pick(op, ["sentenceId", "offset", "expectedVersion"]), o);
        break;
      case "sentence.exclude":
        r = await setSentenceExcluded(db, actor, pick(op, ["sentenceId", "excluded", "expectedVersion"]));
        break;
      case "sentence.join":
        r = await joinSentences(db, actor, pick(op, ["sentenceIdA", "sentenceIdB", "expectedVersions"]), o);
        break;
    }
    const deleted = new Set(r.deletedPairIds);
    const changedIds = [...new Set([...r.pairs.map((p) => p.id), pairId])].filter((x) => !deleted.has(x));
    const checks = RECHECK.has(op.op) ? await recheck(bitextId, changedIds) : null;
    // The change is committed: from here on a failure (a busy database) must not answer as if
    // it were not. The client reloads the rows instead.
    const rows = await getPairRows(db, bitextId, changedIds).catch((err: Error) => {
      console.error(`reading the rows after a change failed (bitext ${bitextId}):`, err.message);
      return null;
    });
    return json({
      op: op.op,
      structural: STRUCTURAL.has(op.op),
      auditId: r.auditId,
      rows: rows ?? [],
      deletedPairIds: r.deletedPairIds,
      flagId: r.flagId ?? null,
      ...(checks?.error ? { checksError: checks.error } : {}),
      ...(rows ? {} : { rowsError: "The change is saved, but the server was too busy to send it back: reload to see it" }),
    });
  } catch (err) {
    return errorResponse(err);
  }
}

/**
 * Flags, sentences and the other pair an operation names must belong to this document pair:
 * the role was checked on the project of `pairId`, and ids are easy to guess.
 */
async function assertSameBitext(op: z.infer<typeof opSchema>, bitextId: number) {
  const db = getDb();
  const flagId = "flagId" in op ? op.flagId : undefined;
  if (flagId !== undefined && (await bitextOfFlag(db, flagId)) !== bitextId) throw new NotFoundError(`Flag ${flagId} does not exist in this document pair; reload`);
  const sentenceIds = [
    "sentenceId" in op ? op.sentenceId : undefined,
    "sentenceIdA" in op ? op.sentenceIdA : undefined,
    "sentenceIdB" in op ? op.sentenceIdB : undefined,
  ].filter((x): x is number => x !== undefined);
  for (const id of sentenceIds) {
    if ((await bitextOfSentence(db, id)) !== bitextId) throw new NotFoundError(`Sentence ${id} does not exist in this document pair; reload`);
  }
  if (op.op === "link" && (await bitextOfPair(db, op.otherPairId))?.bitextId !== bitextId) {
    throw new NotFoundError(`Pair ${op.otherPairId} does not exist in this document pair; reload`);
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
