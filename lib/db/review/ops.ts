// Review workspace, mutating operations on one document pair (bitext). Each runs in one
// transaction, claims every pair it changes with the client's expected version, writes an
// audit row with before/after snapshots and re-scores changed pairs. Pair positions only order
// the pairs (see positionAfter): a change never renumbers the pairs around it.
import { z } from "zod";
import type { Db } from "../client";
import { scorePair } from "../../alignment";
import { bitextOfPair } from "../members";
import { flagFieldsSchema, flagSpanSchema, sentenceEditSchema, type FlagSpan, type SentenceConflict, type SentenceEdit } from "../../review/schema";
import { LANGS, PAIR_STATUSES, type Lang, type PairStatus } from "../vocabulary";
import {
  NotFoundError,
  SEPARATOR,
  ValidationError,
  VersionConflictError,
  activeCorrection,
  checkActor,
  claimFlag,
  claimPair,
  claimPairOrThrow,
  claimStateOf,
  currentText,
  expectedFor,
  finalizePairs,
  hhmm,
  idSchema,
  inTx,
  loadCtx,
  loadPair,
  neighbourPair,
  parse,
  positionAfter,
  shiftSentences,
  sideOf,
  summaries,
  takeSnapshot,
  versionSchema,
  versionsSchema,
  writeAudit,
  type Actor,
  type BitextLock,
  type ChangeResult,
  type Concern,
  type Ctx,
  type ReviewOptions,
  type ScoreFn,
  type PairSummary,
  type Snapshot,
  type SnapshotPart,
  type Tx,
  isOpenEditorFlag,
  userNames,
} from "./core";
import { reanchorSpans } from "./span-anchor";
import { spanProblem } from "../../review/spans";

const excludeInput = z.object({ sentenceId: idSchema, excluded: z.boolean(), expectedVersion: versionSchema.optional() });

export const defaultScore: ScoreFn = (zh, en) => scorePair(zh, en);

async function withPair<R>(
  db: Db,
  actor: Actor,
  opts: ReviewOptions,
  pairId: number,
  fn: (ctx: Ctx) => Promise<R>,
  checkExists = true,
  lock: BitextLock = "exclusive",
): Promise<R> {
  checkActor(actor);
  // A pair never changes document pair, so this lookup can precede the transaction, whose first
  // statement must be loadCtx's lock (see there).
  const pair = await bitextOfPair(db, pairId);
  if (!pair) throw new NotFoundError(`Pair ${pairId} does not exist`);
  return inTx(db, async (tx) => {
    const ctx = await loadCtx(tx, actor, pair.bitextId, opts.score ?? defaultScore, lock);
    if (checkExists && !(await tx.alignmentPair.findUnique({ where: { id: pairId }, select: { id: true } }))) {
      throw new NotFoundError(`Pair ${pairId} does not exist (removed meanwhile); reload`);
    }
    return fn(ctx);
  });
}

/**
 * The common start of a one-pair change: the pair's state before, then the pair claimed (see
 * claimPair: the concern checked against the version the client read, the version bumped, and
 * `claimData`, a change to the pair's own row, made by the same statement). When another change
 * of the pair commits between the snapshot and the claim (possible under a shared lock), both are
 * taken again. A pair removed meanwhile is a 404.
 */
async function withClaimedPair<R>(
  db: Db,
  actor: Actor,
  opts: ReviewOptions,
  pairId: number,
  expectedVersion: number | undefined,
  concern: Concern,
  fn: (ctx: Ctx, before: Snapshot) => Promise<R>,
  claimData?: Parameters<typeof claimPair>[5],
  lock: BitextLock = "exclusive",
  /** parts of the pair the operation cannot change: not read into the before-snapshot */
  skip: SnapshotPart[] = [],
): Promise<R> {
  return withPair(
    db,
    actor,
    opts,
    pairId,
    async (ctx) => fn(ctx, await snapshotAndClaim(ctx, pairId, expectedVersion, concern, claimData, skip)),
    false,
    lock,
  );
}

async function snapshotAndClaim(
  ctx: Ctx,
  pairId: number,
  expectedVersion: number | undefined,
  concern: Concern,
  claimData: Parameters<typeof claimPair>[5] = {},
  skip: SnapshotPart[] = [],
): Promise<Snapshot> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const before = await takeSnapshot(ctx.tx, [pairId], [], undefined, skip);
    const seen = before.pairs[0]?.version;
    if (seen === undefined) throw new NotFoundError(`Pair ${pairId} no longer exists (it may have been merged or re-aligned); reload`);
    if (await claimPair(ctx.tx, ctx.actor, pairId, expectedVersion, concern, claimData, seen, claimStateOf(before, pairId))) return before;
  }
  throw new VersionConflictError(`Pair ${pairId} is being changed by others right now; try again`, { type: "pair", id: pairId });
}

/** The pair before or after one in reading order. */
async function pairNextTo(ctx: Ctx, pair: { position: number }, dir: "previous" | "next") {
  return neighbourPair(ctx.tx, ctx.bitextId, pair.position, dir);
}

async function done(
  ctx: Ctx,
  entityType: "pair" | "flag" | "sentence",
  entityId: number,
  action: string,
  before: Awaited<ReturnType<typeof takeSnapshot>>,
  changed: number[],
  deleted: number[],
  meta: Record<string, unknown> = {},
  extraSentences: number[] = [],
  /** parts of the snapshot this operation did not change (copied from before, not read again) */
  unchanged: SnapshotPart[] = [],
): Promise<ChangeResult> {
  // spans on sentences whose text or pair changed follow their text, or are marked detached
  if (!unchanged.includes("sentences")) await reanchorSpans(ctx, before, [...before.pairs.map((p) => p.id), ...changed]);
  // every pair of the before snapshot that still exists, so undo can tell "unchanged" from "deleted"
  const after = await takeSnapshot(ctx.tx, [...before.pairs.map((p) => p.id), ...changed], extraSentences, unchanged.length ? { from: before, parts: unchanged } : undefined);
  const auditId = await writeAudit(ctx, entityType, entityId, action, before, after, meta);
  return { auditId, pairs: summariesFrom(after, changed) ?? (await summaries(ctx.tx, changed)), deletedPairIds: deleted };
}

/** The changed pairs' summaries from the after-snapshot, when it holds all of them. */
function summariesFrom(after: Snapshot, changed: number[]): PairSummary[] | null {
  const byId = new Map(after.pairs.map((p) => [p.id, p]));
  const rows: PairSummary[] = [];
  for (const id of new Set(changed)) {
    const p = byId.get(id);
    if (!p) return null;
    rows.push({ id: p.id, position: p.position, version: p.version, status: p.status, origin: p.origin, score: p.score, crossing: p.crossing });
  }
  return rows.sort((a, b) => a.position - b.position);
}

/**
 * Removes an emptied pair: its flags go to `heir`; its position stays free. The pairs before
 * and after it are remembered for undo (Ctx.dropped, Ctx.droppedNext).
 */
async function dropPair(ctx: Ctx, pairId: number, heir: number, known?: { position: number; previousId: number }) {
  const pair = known ?? (await ctx.tx.alignmentPair.findUniqueOrThrow({ where: { id: pairId }, select: { position: true } }));
  const prev = known ? { id: known.previousId } : await neighbourPair(ctx.tx, ctx.bitextId, pair.position, "previous");
  const next = await neighbourPair(ctx.tx, ctx.bitextId, pair.position, "next");
  ctx.dropped.set(pairId, prev?.id ?? null);
  ctx.droppedNext.set(pairId, next?.id ?? null);
  await ctx.tx.flag.updateMany({ where: { pairId }, data: { pairId: heir } });
  await ctx.tx.alignmentPair.delete({ where: { id: pairId } });
}

/** Inserts a new pair right after the pair at `position`. */
async function insertPairAfter(ctx: Ctx, position: number) {
  return ctx.tx.alignmentPair.create({
    data: {
      bitextId: ctx.bitextId,
      position: await positionAfter(ctx.tx, ctx.bitextId, position),
      origin: "manual",
      status: "automatic",
      updatedById: ctx.actor.id,
    },
  });
}

function sameBitext(ctx: Ctx, pair: { id: number; bitextId: number }) {
  if (pair.bitextId !== ctx.bitextId) {
    throw new ValidationError(`Pair ${pair.id} belongs to another document pair`);
  }
}

// ---------------------------------------------------------------------------
// Status

const statusInput = z.object({
  pairId: idSchema,
  status: z.enum(PAIR_STATUSES),
  expectedVersion: versionSchema,
});

export async function setPairStatus(
  db: Db,
  actor: Actor,
  input: { pairId: number; status: PairStatus; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const { pairId, status, expectedVersion } = parse(statusInput, input, "status change");
  return withClaimedPair(
    db,
    actor,
    opts,
    pairId,
    expectedVersion,
    "status",
    (ctx, before) => done(ctx, "pair", pairId, "status", before, [pairId], [], { from: before.pairs[0].status, to: status }, [], ["sentences", "flags"]),
    { status },
    "shared",
    ["sentences", "flags"],
  );
}

export async function confirmPair(
  db: Db,
  actor: Actor,
  input: { pairId: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  return setPairStatus(db, actor, { ...input, status: "confirmed" }, opts);
}

/**
 * Web clutter is kept and shown but never aligned; an editor can restore a sentence that was
 * wrongly marked (or mark one). The sentence stays in its pair; a restored sentence in a gap
 * pair can then be linked or merged like any other.
 */
export async function setSentenceExcluded(
  db: Db,
  actor: Actor,
  input: { sentenceId: number; excluded: boolean; expectedVersion?: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const { sentenceId, excluded } = parse(excludeInput, input, "exclusion change");
  const sentence = await db.sentence.findUnique({ where: { id: sentenceId }, select: { pairId: true } });
  if (!sentence?.pairId) throw new NotFoundError(`Sentence ${sentenceId} does not exist or belongs to no pair`);
  const pairId = sentence.pairId;
  // Marking a sentence as clutter collides with nothing but the same mark: setting it twice is refused.
  return withClaimedPair(db, actor, opts, pairId, undefined, "none", async (ctx, before) => {
    const cur = await ctx.tx.sentence.findUnique({ where: { id: sentenceId }, select: { pairId: true, excluded: true } });
    if (cur?.pairId !== pairId) throw new VersionConflictError(`Sentence ${sentenceId} moved to another pair meanwhile; reload`, { type: "sentence", id: sentenceId });
    if (cur.excluded === excluded) throw new ValidationError(`Sentence ${sentenceId} is already ${excluded ? "excluded" : "included"}`);
    await ctx.tx.sentence.update({
      where: { id: sentenceId },
      data: { excluded, excludedReason: excluded ? "marked by an editor" : null },
    });
    return done(ctx, "sentence", sentenceId, excluded ? "sentence.exclude" : "sentence.restore", before, [pairId], []);
  }, undefined, "shared");
}

// ---------------------------------------------------------------------------
// Flags (MQM)

const flagFields = flagFieldsSchema;
const addFlagInput = z.object({
  pairId: idSchema,
  category: flagFields.category,
  severity: flagFields.severity,
  note: flagFields.note.optional(),
  span: flagSpanSchema.optional(),
  /** accepted and ignored: a new flag collides with nothing */
  expectedVersion: versionSchema.optional(),
});

export interface FlagResult extends ChangeResult {
  flagId: number;
  flagVersion: number;
}

export async function addFlag(
  db: Db,
  actor: Actor,
  input: { pairId: number; category: string; severity: string; note?: string; span?: FlagSpan; expectedVersion?: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(addFlagInput, input, "flag");
  return withClaimedPair(db, actor, opts, v.pairId, undefined, "none", async (ctx, before) => {
    if (v.span) await checkSpan(ctx, v.pairId, v.span);
    const flag = await ctx.tx.flag.create({
      data: {
        pairId: v.pairId,
        category: v.category,
        severity: v.severity,
        note: v.note ?? "",
        source: "editor",
        authorId: actor.id,
        ...(v.span
          ? { spanSide: v.span.side, spanSentenceId: v.span.sentenceId, spanStart: v.span.start, spanEnd: v.span.end, spanText: v.span.text }
          : {}),
      },
    });
    const r = await done(
      ctx,
      "flag",
      flag.id,
      "flag.add",
      before,
      [v.pairId],
      [],
      { pairId: v.pairId, category: v.category, severity: v.severity, ...(v.span ? { span: v.span } : {}) },
      [],
      ["sentences"],
    );
    return { ...r, flagId: flag.id, flagVersion: flag.version };
  }, { status: "flagged" }, "shared", ["sentences"]);
}

/** A span must lie in a sentence of the pair, on the side it names, and quote its current text. */
async function checkSpan(ctx: Ctx, pairId: number, span: FlagSpan) {
  const s = await ctx.tx.sentence.findUnique({ where: { id: span.sentenceId }, include: { corrections: true } });
  if (!s || s.pairId !== pairId) throw new ValidationError(`Sentence ${span.sentenceId} is not in pair ${pairId}; reload`);
  if (ctx.langOf(s.documentId) !== span.side) throw new ValidationError(`Sentence ${span.sentenceId} is not on the ${span.side === "en" ? "English" : "Chinese"} side`);
  const problem = spanProblem(currentText(s), span);
  if (problem) throw new ValidationError(`Invalid flag span: ${problem}`);
}

/**
 * A change of one flag: claims the flag's version (two changes of one flag conflict; changes of
 * different flags never do) after claiming its pair with no concern, so changes of one pair's
 * rows still happen one at a time and the snapshots hold exactly this change. Under the shared
 * lock no merge can move the flag meanwhile.
 */
async function flagChange(
  db: Db,
  actor: Actor,
  opts: ReviewOptions,
  flagId: number,
  expectedVersion: number,
  action: string,
  data: (actor: Actor) => Parameters<typeof claimFlag>[3],
  meta: Record<string, unknown> = {},
  /** the pair the editor saw the flag in (the route's pair): a flag moved since by a merge is a conflict */
  inPair?: number,
): Promise<FlagResult> {
  checkActor(actor);
  // Flags only ever move between pairs of one document pair: its id is stable (see withPair).
  const found = await db.flag.findUnique({ where: { id: flagId }, select: { pair: { select: { bitextId: true } } } });
  if (!found) throw new NotFoundError(`Flag ${flagId} does not exist`);
  return inTx(db, async (tx) => {
    const ctx = await loadCtx(tx, actor, found.pair.bitextId, opts.score ?? defaultScore, "shared");
    const flag = await tx.flag.findUnique({ where: { id: flagId }, select: { pairId: true } });
    if (!flag) throw new NotFoundError(`Flag ${flagId} does not exist`);
    if (inPair !== undefined && flag.pairId !== inPair) {
      throw new VersionConflictError(`Flag ${flagId} is now in pair ${flag.pairId}: the pairs were merged or changed meanwhile; reload`, { type: "flag", id: flagId });
    }
    const before = await snapshotAndClaim(ctx, flag.pairId, undefined, "none", {}, ["sentences"]);
    await claimFlag(tx, flagId, expectedVersion, data(actor));
    await syncFlagStatus(ctx, flag.pairId);
    const r = await done(ctx, "flag", flagId, action, before, [flag.pairId], [], { pairId: flag.pairId, ...meta }, [], ["sentences"]);
    const after = await tx.flag.findUniqueOrThrow({ where: { id: flagId } });
    return { ...r, flagId, flagVersion: after.version };
  });
}

/**
 * Keeps the pair status in step with its flags after a flag change: an open flag makes the
 * pair "flagged"; when the last one is resolved a flagged pair falls back to corrected or
 * automatic. The pair is claimed already (its version bumped once for this change).
 */
async function syncFlagStatus(ctx: Ctx, pairId: number): Promise<boolean> {
  const pair = await loadPair(ctx.tx, pairId);
  const open = pair.flags.some(isOpenEditorFlag);
  let status = pair.status;
  if (open) status = "flagged";
  else if (pair.status === "flagged") status = pair.sentences.some((s) => activeCorrection(s.corrections)) ? "corrected" : "automatic";
  if (status === pair.status) return false;
  await ctx.tx.alignmentPair.update({ where: { id: pairId }, data: { status } });
  return true;
}

const updateFlagInput = z.object({
  flagId: idSchema,
  category: flagFields.category.optional(),
  severity: flagFields.severity.optional(),
  note: flagFields.note.optional(),
  expectedVersion: versionSchema,
  /** the pair the editor saw the flag in */
  pairId: idSchema.optional(),
});

export async function updateFlag(
  db: Db,
  actor: Actor,
  input: { flagId: number; category?: string; severity?: string; note?: string; expectedVersion: number; pairId?: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(updateFlagInput, input, "flag update");
  const patch = { category: v.category, severity: v.severity, note: v.note };
  if (Object.values(patch).every((x) => x === undefined)) {
    throw new ValidationError("Nothing to update: give a category, severity or note");
  }
  return flagChange(db, actor, opts, v.flagId, v.expectedVersion, "flag.update", () => patch, { patch }, v.pairId);
}

const flagVersionInput = z.object({ flagId: idSchema, expectedVersion: versionSchema, pairId: idSchema.optional() });

export async function resolveFlag(
  db: Db,
  actor: Actor,
  input: { flagId: number; expectedVersion: number; pairId?: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(flagVersionInput, input, "flag");
  return flagChange(db, actor, opts, v.flagId, v.expectedVersion, "flag.resolve", (a) => ({
    resolved: true,
    resolvedAt: new Date(),
    resolvedById: a.id,
  }), {}, v.pairId);
}

export async function reopenFlag(
  db: Db,
  actor: Actor,
  input: { flagId: number; expectedVersion: number; pairId?: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(flagVersionInput, input, "flag");
  return flagChange(db, actor, opts, v.flagId, v.expectedVersion, "flag.reopen", () => ({
    resolved: false,
    resolvedAt: null,
    resolvedById: null,
  }), {}, v.pairId);
}

// ---------------------------------------------------------------------------
// Text corrections: sentence by sentence, never re-split

/**
 * Corrects sentences one by one: each edit names its sentence, its new text and the text the
 * editor started from (`base`). Sentence boundaries are never inferred from the edited text, so
 * every other sentence stays byte-identical. An edit collides only with another change of the
 * same sentence's text since `base` (the answer lists each such sentence with the other
 * version); `replaces` records that the editor saw the other version and chose to replace it.
 * A text equal to the original reverts the sentence's corrections. All edits must belong to one
 * pair; they are stored together (one audit row, one undo).
 */
export async function correctSentences(
  db: Db,
  actor: Actor,
  input: { edits: SentenceEdit[]; replaces?: boolean },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(correctInput, input, "correction");
  const ids = v.edits.map((e) => e.sentenceId);
  if (new Set(ids).size !== ids.length) throw new ValidationError("Each sentence can be corrected only once in one change");
  const pairId = await sentencePairId(db, ids[0]);
  return withClaimedPair(db, actor, opts, pairId, undefined, "none", async (ctx, before) => {
    const pair = await loadPair(ctx.tx, pairId);
    const byId = new Map(pair.sentences.map((s) => [s.id, s]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) await throwMovedSentences(ctx.tx, missing, pairId);
    const edits = v.edits.map((e) => ({ ...e, sentence: byId.get(e.sentenceId)!, text: e.text.trim() }));
    await checkBases(ctx.tx, edits);
    const replaced: { sentenceId: number; text: string }[] = [];
    const now = new Date();
    let changed = 0;
    for (const e of edits) {
      const label = sentenceLabel(ctx, pair.sentences, e.sentence);
      const cur = currentText(e.sentence);
      if (!e.text) throw new ValidationError(`${label} cannot be empty: exclude it, or join it with a neighbour, instead`);
      if (/[\r\n\u2028\u2029]/.test(e.text)) throw new ValidationError(`${label} cannot contain a line break: split the sentence to make two`);
      if (e.text === cur) continue;
      if (collapse(e.text) === collapse(cur)) throw new ValidationError(`Only whitespace changed in ${label.toLowerCase()}: nothing was saved`);
      if (v.replaces) replaced.push({ sentenceId: e.sentenceId, text: cur });
      changed++;
      if (e.text === e.sentence.text) {
        await ctx.tx.correction.updateMany({ where: { sentenceId: e.sentenceId, revertedAt: null }, data: { revertedAt: now } });
      } else {
        await ctx.tx.correction.create({
          data: { sentenceId: e.sentenceId, originalText: e.sentence.text, correctedText: e.text, authorId: actor.id, createdAt: now },
        });
      }
    }
    if (!changed) throw new ValidationError("No change: the corrected text equals the current text");
    const edited = new Map(edits.map((e) => [e.sentenceId, e.text]));
    // a sentence keeps (or now has) a correction when its text differs from the original
    const still = pair.sentences.some((s) => (edited.has(s.id) ? edited.get(s.id) !== s.text : activeCorrection(s.corrections) !== null));
    await finalizePairs(ctx, [pairId], { status: still ? "corrected" : "derive" });
    const meta = { sentences: ids, ...(v.replaces ? { replaces: true, replaced } : {}) };
    // flags are in the snapshots: a correction may move or detach a span-level flag (reanchorSpans)
    return done(ctx, "pair", pairId, "correct", before, [pairId], [], meta);
  }, undefined, "shared");
}

const correctInput = z.object({ edits: z.array(sentenceEditSchema).min(1).max(500), replaces: z.boolean().optional() });

const collapse = (t: string) => t.replace(/\s+/g, " ").trim();

/** "English sentence 2" (its number in the pair's side, as the edit form shows it). */
function sentenceLabel(ctx: Ctx, sentences: { id: number; documentId: number; position: number }[], s: { id: number; documentId: number }) {
  const lang = ctx.langOf(s.documentId);
  const n = sideOf(ctx, sentences, lang).findIndex((x) => x.id === s.id) + 1;
  return `${lang === "en" ? "English" : "Chinese"} sentence ${n}`;
}

type CorrectionRow = { id: number; correctedText: string; createdAt: Date; revertedAt: Date | null; authorId: number | null };

/**
 * The texts the editor started from must still be the current ones: otherwise someone else
 * corrected (or reverted) those sentences meanwhile, a real conflict. Lists every such sentence
 * with the other version and who stored it.
 */
async function checkBases(tx: Tx, edits: { sentenceId: number; base: string; sentence: { text: string; corrections: CorrectionRow[] } }[]) {
  const stale = edits.filter((e) => currentText(e.sentence) !== e.base);
  if (!stale.length) return;
  const conflicts: SentenceConflict[] = [];
  let who: { id: number; name: string } | null = null;
  let when: Date | null = null;
  for (const e of stale) {
    const last = lastTextChange(e.sentence.corrections);
    const name = last?.authorId ? (await userNames(tx, [last.authorId])).get(last.authorId) ?? null : null;
    if (last && (!when || last.at > when)) {
      when = last.at;
      who = name;
    }
    conflicts.push({ sentenceId: e.sentenceId, base: e.base, theirs: currentText(e.sentence), by: name?.name ?? null, at: last ? last.at.toISOString() : null });
  }
  const n = conflicts.length;
  throw new VersionConflictError(
    `${who?.name ?? "Someone else"} changed ${n === 1 ? "this sentence" : `${n} of these sentences`}${when ? ` at ${hhmm(when)}` : ""} while you were editing: your draft is kept; choose which text to keep`,
    { type: "sentence", id: conflicts[0].sentenceId },
    who,
    when,
    conflicts,
  );
}

/** The latest correction or revert of a sentence: who changed its text last, and when. */
function lastTextChange(corrections: CorrectionRow[]): { authorId: number | null; at: Date } | null {
  let best: { authorId: number | null; at: Date } | null = null;
  for (const c of corrections) {
    for (const at of [c.createdAt, c.revertedAt]) {
      if (at && (!best || at >= best.at)) best = { authorId: c.authorId, at };
    }
  }
  return best;
}

async function throwMovedSentences(tx: Tx, ids: number[], pairId: number): Promise<never> {
  const found = await tx.sentence.findMany({ where: { id: { in: ids } }, select: { id: true } });
  if (found.length < ids.length) {
    const gone = ids.filter((id) => !found.some((f) => f.id === id));
    throw new NotFoundError(`Sentence ${gone.join(", ")} no longer exists (joined with another, or re-aligned); your draft is kept: reload to see the pair as it is now`);
  }
  throw new VersionConflictError(`The sentences of this correction are no longer all in pair ${pairId} (someone moved them); your draft is kept: reload`, { type: "sentence", id: ids[0] });
}

const revertInput = z.object({
  pairId: idSchema,
  lang: z.enum(LANGS).optional(),
  sentenceId: idSchema.optional(),
  base: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
  expectedVersion: versionSchema.optional(),
});

/**
 * Reverts the active corrections of a pair (one side with `lang`, one sentence with
 * `sentenceId`). With `base` (sentence id -> its text as the client read it), a sentence whose
 * text changed since is a conflict, as for corrections.
 */
export async function revertCorrection(
  db: Db,
  actor: Actor,
  input: { pairId: number; lang?: Lang; sentenceId?: number; base?: Record<string, string>; expectedVersion?: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(revertInput, input, "revert");
  return withClaimedPair(db, actor, opts, v.pairId, undefined, "none", async (ctx, before) => {
    const pair = await loadPair(ctx.tx, v.pairId);
    if (v.sentenceId !== undefined && !pair.sentences.some((s) => s.id === v.sentenceId)) await throwMovedSentences(ctx.tx, [v.sentenceId], v.pairId);
    const targets = pair.sentences.filter((s) => (v.sentenceId === undefined || s.id === v.sentenceId) && (!v.lang || ctx.langOf(s.documentId) === v.lang));
    if (v.base) {
      const withBase = targets.filter((s) => v.base![s.id] !== undefined).map((s) => ({ sentenceId: s.id, base: v.base![s.id], sentence: s }));
      await checkBases(ctx.tx, withBase);
    }
    const r = await ctx.tx.correction.updateMany({
      where: { sentenceId: { in: targets.map((s) => s.id) }, revertedAt: null },
      data: { revertedAt: new Date() },
    });
    if (!r.count) throw new ValidationError(`Pair ${v.pairId} has no corrections to revert`);
    await finalizePairs(ctx, [v.pairId], { status: "derive" });
    return done(ctx, "pair", v.pairId, "correct.revert", before, [v.pairId], [], { lang: v.lang ?? null, sentenceId: v.sentenceId ?? null });
  }, undefined, "shared");
}

// ---------------------------------------------------------------------------
// Alignment fixes

/** A structural change by hand: the aligner's confidence no longer applies (the row shows "edited by hand"). */
const structural = { crossing: true, status: "derive", origin: "manual", confidence: null } as const;

const mergeInput = z.object({ pairId: idSchema, expectedVersions: versionsSchema });

/** Merges a pair with the next one: all sentences and flags go to the first pair. */
export async function mergeWithNext(
  db: Db,
  actor: Actor,
  input: { pairId: number; expectedVersions: Record<number, number> },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(mergeInput, input, "merge");
  return withPair(db, actor, opts, v.pairId, async (ctx) => {
    const pair = await ctx.tx.alignmentPair.findUnique({ where: { id: v.pairId } });
    if (!pair) throw new NotFoundError(`Pair ${v.pairId} does not exist (removed meanwhile); reload`);
    const next = await pairNextTo(ctx, pair, "next");
    if (!next) throw new ValidationError(`Pair ${v.pairId} is the last pair; there is nothing to merge it with`);
    const meant = Object.keys(v.expectedVersions).map(Number).filter((id) => id !== pair.id);
    if (meant.length && !meant.includes(next.id)) {
      // the client read another neighbour: one was merged away or a split put a pair in between
      throw new VersionConflictError(`Pair ${meant[0]} no longer follows pair ${pair.id}: the pairs around it were changed; reload`, { type: "pair", id: meant[0] });
    }
    const before = await takeSnapshot(ctx.tx, [pair.id, next.id]);
    await claimPairOrThrow(ctx.tx, actor, pair.id, expectedFor(v.expectedVersions, pair.id), "structure", {}, before);
    await claimPairOrThrow(ctx.tx, actor, next.id, expectedFor(v.expectedVersions, next.id), "structure", {}, before);
    await ctx.tx.sentence.updateMany({ where: { pairId: next.id }, data: { pairId: pair.id } });
    // under the exclusive lock `pair` still comes right before `next`
    await dropPair(ctx, next.id, pair.id, { position: next.position, previousId: pair.id });
    await finalizePairs(ctx, [pair.id], structural);
    return done(ctx, "pair", pair.id, "merge", before, [pair.id], [next.id], { merged: next.id });
  }, false);
}

const splitPairInput = z.object({
  pairId: idSchema,
  en: z.number().int().min(0),
  zh: z.number().int().min(0),
  expectedVersion: versionSchema,
});

/** Keeps the first `en` English and `zh` Chinese sentences; the rest form a new pair right after. Flags stay. */
export async function splitPair(
  db: Db,
  actor: Actor,
  input: { pairId: number; en: number; zh: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(splitPairInput, input, "split");
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, "structure", async (ctx, before) => {
    const pair = await loadPair(ctx.tx, v.pairId);
    const en = sideOf(ctx, pair.sentences, "en");
    const zh = sideOf(ctx, pair.sentences, "zh");
    if (v.en > en.length || v.zh > zh.length) {
      throw new ValidationError(`Pair ${v.pairId} has ${en.length} English and ${zh.length} Chinese sentences; cannot keep ${v.en} and ${v.zh}`);
    }
    if (v.en + v.zh === 0 || v.en + v.zh === en.length + zh.length) {
      throw new ValidationError("Both parts of a split must keep at least one sentence");
    }
    const created = await insertPairAfter(ctx, pair.position);
    const moving = [...en.slice(v.en), ...zh.slice(v.zh)].map((s) => s.id);
    await ctx.tx.sentence.updateMany({ where: { id: { in: moving } }, data: { pairId: created.id } });
    await finalizePairs(ctx, [pair.id, created.id], structural);
    return done(ctx, "pair", pair.id, "split", before, [pair.id, created.id], [], { created: created.id, en: v.en, zh: v.zh });
  });
}

const moveInput = z.object({
  sentenceId: idSchema,
  direction: z.enum(["previous", "next"]),
  expectedVersions: versionsSchema,
});

/** Moves the first (previous) or last (next) sentence of its language in its pair to the neighbouring pair. */
export async function moveSentence(
  db: Db,
  actor: Actor,
  input: { sentenceId: number; direction: "previous" | "next"; expectedVersions: Record<number, number> },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(moveInput, input, "move");
  const pairId = await sentencePairId(db, v.sentenceId);
  return withPair(db, actor, opts, pairId, async (ctx) => {
    const pair = await loadPair(ctx.tx, pairId);
    const s = pair.sentences.find((x) => x.id === v.sentenceId);
    if (!s) throw new ValidationError(`Sentence ${v.sentenceId} moved meanwhile; reload`);
    const side = sideOf(ctx, pair.sentences, ctx.langOf(s.documentId));
    const edge = v.direction === "previous" ? side[0] : side[side.length - 1];
    if (edge.id !== s.id) {
      throw new ValidationError(`Only the ${v.direction === "previous" ? "first" : "last"} sentence of a side can move to the ${v.direction} pair`);
    }
    const target = await pairNextTo(ctx, pair, v.direction);
    if (!target) throw new ValidationError(`Pair ${pairId} has no ${v.direction} pair`);
    const before = await takeSnapshot(ctx.tx, [pair.id, target.id]);
    await claimPairOrThrow(ctx.tx, actor, pair.id, expectedFor(v.expectedVersions, pair.id), "structure", {}, before);
    await claimPairOrThrow(ctx.tx, actor, target.id, expectedFor(v.expectedVersions, target.id), "structure", {}, before);
    await ctx.tx.sentence.update({ where: { id: s.id }, data: { pairId: target.id } });
    const emptied = pair.sentences.length === 1;
    if (emptied) await dropPair(ctx, pair.id, target.id);
    const changed = emptied ? [target.id] : [pair.id, target.id];
    await finalizePairs(ctx, changed, structural);
    return done(ctx, "sentence", s.id, "move", before, changed, emptied ? [pair.id] : [], {
      from: pair.id,
      to: target.id,
      direction: v.direction,
    });
  });
}

async function sentencePairId(db: Db | Tx, sentenceId: number): Promise<number> {
  const s = await db.sentence.findUnique({ where: { id: sentenceId }, select: { pairId: true } });
  if (!s) throw new NotFoundError(`Sentence ${sentenceId} does not exist`);
  if (s.pairId === null) throw new ValidationError(`Sentence ${sentenceId} belongs to no pair`);
  return s.pairId;
}

const pairVersionInput = z.object({ pairId: idSchema, expectedVersion: versionSchema });

/** Splits a pair into one-sided pairs: the English side keeps the pair (and its flags), the Chinese side follows. */
export async function unlinkPair(
  db: Db,
  actor: Actor,
  input: { pairId: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(pairVersionInput, input, "unlink");
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, "structure", async (ctx, before) => {
    const pair = await loadPair(ctx.tx, v.pairId);
    const zh = sideOf(ctx, pair.sentences, "zh");
    if (!zh.length || zh.length === pair.sentences.length) {
      throw new ValidationError(`Pair ${v.pairId} is already one-sided`);
    }
    const created = await insertPairAfter(ctx, pair.position);
    await ctx.tx.sentence.updateMany({ where: { id: { in: zh.map((s) => s.id) } }, data: { pairId: created.id } });
    await finalizePairs(ctx, [pair.id, created.id], structural);
    return done(ctx, "pair", pair.id, "unlink", before, [pair.id, created.id], [], { created: created.id });
  });
}

const linkInput = z.object({ pairIdA: idSchema, pairIdB: idSchema, expectedVersions: versionsSchema });

/** Links an English-only and a Chinese-only pair into one, at the earlier position. */
export async function linkPairs(
  db: Db,
  actor: Actor,
  input: { pairIdA: number; pairIdB: number; expectedVersions: Record<number, number> },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(linkInput, input, "link");
  if (v.pairIdA === v.pairIdB) throw new ValidationError("Cannot link a pair with itself");
  return withPair(db, actor, opts, v.pairIdA, async (ctx) => {
    const a = await loadPair(ctx.tx, v.pairIdA);
    const b = await loadPair(ctx.tx, v.pairIdB);
    sameBitext(ctx, b);
    const langs = (p: typeof a) => new Set(p.sentences.map((s) => ctx.langOf(s.documentId)));
    const la = langs(a);
    const lb = langs(b);
    if (la.size !== 1 || lb.size !== 1 || [...la][0] === [...lb][0]) {
      throw new ValidationError("Linking needs one English-only and one Chinese-only pair");
    }
    const [first, second] = a.position < b.position ? [a, b] : [b, a];
    const before = await takeSnapshot(ctx.tx, [a.id, b.id]);
    await claimPairOrThrow(ctx.tx, actor, a.id, expectedFor(v.expectedVersions, a.id), "structure", {}, before);
    await claimPairOrThrow(ctx.tx, actor, b.id, expectedFor(v.expectedVersions, b.id), "structure", {}, before);
    await ctx.tx.sentence.updateMany({ where: { pairId: second.id }, data: { pairId: first.id } });
    await dropPair(ctx, second.id, first.id);
    await finalizePairs(ctx, [first.id], { ...structural, crossing: "ahead" });
    return done(ctx, "pair", first.id, "link", before, [first.id], [second.id], { linked: second.id });
  });
}

// ---------------------------------------------------------------------------
// Sentence-level fixes

const splitSentenceInput = z.object({
  sentenceId: idSchema,
  offset: z.number().int().positive(),
  expectedVersion: versionSchema,
});

/**
 * Splits a sentence's original text at a UTF-16 offset; the second part becomes a new
 * sentence right after it in the same pair (later sentences are renumbered). Whitespace at
 * the cut is dropped. A sentence with an active correction must be reverted first.
 */
/** Whether UTF-16 offset `at` falls between the two halves of a surrogate pair (one character). */
function insideSurrogatePair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const hi = text.charCodeAt(at - 1);
  const lo = text.charCodeAt(at);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

export async function splitSentence(
  db: Db,
  actor: Actor,
  input: { sentenceId: number; offset: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(splitSentenceInput, input, "sentence split");
  const pairId = await sentencePairId(db, v.sentenceId);
  return withClaimedPair(db, actor, opts, pairId, v.expectedVersion, "structure", async (ctx, before) => {
    const s = await ctx.tx.sentence.findUniqueOrThrow({ where: { id: v.sentenceId }, include: { corrections: true } });
    if (s.pairId !== pairId) throw new ValidationError(`Sentence ${s.id} moved meanwhile; reload`);
    if (activeCorrection(s.corrections)) {
      throw new ValidationError(`Sentence ${s.id} has a correction; revert it before splitting the sentence`);
    }
    if (insideSurrogatePair(s.text, v.offset)) {
      throw new ValidationError(`Offset ${v.offset} falls inside a character of sentence ${s.id}; split before or after it`);
    }
    const left = s.text.slice(0, v.offset).trimEnd();
    const rightRaw = s.text.slice(v.offset);
    const right = rightRaw.trimStart();
    if (v.offset >= s.text.length || !left || !right) {
      throw new ValidationError(`Offset ${v.offset} does not split sentence ${s.id} into two non-empty parts`);
    }
    const exact = s.startOffset !== null && s.endOffset !== null && s.endOffset - s.startOffset === s.text.length;
    await shiftSentences(ctx.tx, s.documentId, s.position, 1);
    await ctx.tx.sentence.update({
      where: { id: s.id },
      data: { text: left, endOffset: exact ? s.startOffset! + left.length : null },
    });
    const created = await ctx.tx.sentence.create({
      data: {
        documentId: s.documentId,
        position: s.position + 1,
        paragraph: s.paragraph,
        text: right,
        startOffset: exact ? s.startOffset! + v.offset + (rightRaw.length - right.length) : null,
        endOffset: s.endOffset,
        excluded: s.excluded,
        excludedReason: s.excludedReason,
        pairId,
      },
    });
    await finalizePairs(ctx, [pairId], { crossing: true, origin: "manual" });
    return done(ctx, "sentence", s.id, "sentence.split", before, [pairId], [], { created: created.id, offset: v.offset });
  });
}

const joinInput = z.object({ sentenceIdA: idSchema, sentenceIdB: idSchema, expectedVersions: versionsSchema });

/**
 * Joins two neighbouring sentences of one document into the earlier one (which keeps its
 * id and pair); the later one is deleted and later sentences renumbered. They must be in
 * one pair, or the earlier must be the last of its side and the later the first of its
 * side in their pairs. An emptied pair is removed (its flags go to the joined sentence's pair).
 */
export async function joinSentences(
  db: Db,
  actor: Actor,
  input: { sentenceIdA: number; sentenceIdB: number; expectedVersions: Record<number, number> },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(joinInput, input, "sentence join");
  const pairA = await sentencePairId(db, v.sentenceIdA);
  return withPair(db, actor, opts, pairA, async (ctx) => {
    const load = (id: number) =>
      ctx.tx.sentence.findUnique({ where: { id }, include: { corrections: true } }).then((s) => {
        if (!s) throw new NotFoundError(`Sentence ${id} does not exist`);
        return s;
      });
    let a = await load(v.sentenceIdA);
    let b = await load(v.sentenceIdB);
    if (a.position > b.position) [a, b] = [b, a];
    if (a.documentId !== b.documentId || b.position !== a.position + 1) {
      throw new ValidationError("Only neighbouring sentences of one document can be joined");
    }
    if (a.pairId === null || b.pairId === null) throw new ValidationError("Both sentences must belong to a pair");
    const pa = await loadPair(ctx.tx, a.pairId);
    const pb = a.pairId === b.pairId ? pa : await loadPair(ctx.tx, b.pairId);
    sameBitext(ctx, pa);
    const lang = ctx.langOf(a.documentId);
    if (pa.id !== pb.id) {
      const sa = sideOf(ctx, pa.sentences, lang);
      const sb = sideOf(ctx, pb.sentences, lang);
      if (sa[sa.length - 1].id !== a.id || sb[0].id !== b.id) {
        throw new ValidationError("Sentences in different pairs can be joined only across the edge of their pairs");
      }
    }
    const before = await takeSnapshot(ctx.tx, [pa.id, pb.id]);
    await claimPairOrThrow(ctx.tx, actor, pa.id, expectedFor(v.expectedVersions, pa.id), "structure", {}, before);
    if (pb.id !== pa.id) await claimPairOrThrow(ctx.tx, actor, pb.id, expectedFor(v.expectedVersions, pb.id), "structure", {}, before);
    const sep = SEPARATOR[lang];
    const joined = a.text + sep + b.text;
    const corrected = activeCorrection(a.corrections) || activeCorrection(b.corrections);
    await ctx.tx.sentence.delete({ where: { id: b.id } });
    await ctx.tx.sentence.update({
      where: { id: a.id },
      data: {
        text: joined,
        endOffset: a.startOffset !== null && b.endOffset !== null ? b.endOffset : null,
        excluded: a.excluded && b.excluded,
        excludedReason: a.excluded && b.excluded ? a.excludedReason : null,
      },
    });
    if (corrected) {
      await ctx.tx.correction.create({
        data: { sentenceId: a.id, originalText: joined, correctedText: currentText(a) + sep + currentText(b), authorId: actor.id },
      });
    }
    await shiftSentences(ctx.tx, a.documentId, b.position, -1);
    const emptied = pb.id !== pa.id && pb.sentences.length === 1;
    if (emptied) await dropPair(ctx, pb.id, pa.id);
    const changed = pb.id === pa.id || emptied ? [pa.id] : [pa.id, pb.id];
    await finalizePairs(ctx, changed, { crossing: true, origin: "manual", status: corrected ? "derive" : undefined });
    return done(ctx, "sentence", a.id, "sentence.join", before, changed, emptied ? [pb.id] : [], { removed: b.id });
  });
}
