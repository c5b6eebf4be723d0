// Review workspace, mutating operations on one document pair (bitext). Each runs in one
// transaction, claims every pair it changes with the client's expected version, writes an
// audit row with before/after snapshots and re-scores changed pairs. Pair positions only order
// the pairs (see positionAfter): a change never renumbers the pairs around it.
import { z } from "zod";
import type { Db } from "../client";
import { scorePair } from "../../alignment";
import { bitextOfPair } from "../members";
import { splitSentences } from "../../text/segment";
import { FLAG_CATEGORIES, FLAG_SEVERITIES, LANGS, PAIR_STATUSES, type Lang, type PairStatus } from "../vocabulary";
import {
  NotFoundError,
  SEPARATOR,
  ValidationError,
  VersionConflictError,
  activeCorrection,
  checkActor,
  claimFlag,
  claimPair,
  currentText,
  expectedFor,
  finalizePairs,
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
  type Ctx,
  type ReviewOptions,
  type ScoreFn,
  type PairSummary,
  type Snapshot,
  type SnapshotPart,
  type Tx,
  isOpenEditorFlag,
} from "./core";

const excludeInput = z.object({ sentenceId: idSchema, excluded: z.boolean(), expectedVersion: versionSchema });

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
 * The common start of a one-pair change: the pair's state before, then its version claimed
 * (with `claimData`, a change to the pair's own row made by the same statement). A pair
 * removed meanwhile fails the claim with a 404 (see throwPairConflict).
 */
async function withClaimedPair<R>(
  db: Db,
  actor: Actor,
  opts: ReviewOptions,
  pairId: number,
  expectedVersion: number,
  fn: (ctx: Ctx, before: Snapshot) => Promise<R>,
  claimData?: Parameters<typeof claimPair>[4],
  lock: BitextLock = "exclusive",
  /** parts of the pair the operation cannot change: not read into the before-snapshot */
  skip: SnapshotPart[] = [],
): Promise<R> {
  return withPair(
    db,
    actor,
    opts,
    pairId,
    async (ctx) => {
      // Snapshot, then claim: a change to this pair committed in between bumps its version and
      // fails the claim; structural changes cannot run meanwhile (see BitextLock).
      const before = await takeSnapshot(ctx.tx, [pairId], [], undefined, skip);
      await claimPair(ctx.tx, actor, pairId, expectedVersion, claimData);
      return fn(ctx, before);
    },
    false,
    lock,
  );
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
 * Removes an emptied pair: its flags go to `heir`; its position stays free. The pair before
 * it is remembered for undo (Ctx.dropped).
 */
async function dropPair(ctx: Ctx, pairId: number, heir: number) {
  const pair = await ctx.tx.alignmentPair.findUniqueOrThrow({ where: { id: pairId } });
  const prev = await neighbourPair(ctx.tx, ctx.bitextId, pair.position, "previous");
  ctx.dropped.set(pairId, prev?.id ?? null);
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
  input: { sentenceId: number; excluded: boolean; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const { sentenceId, excluded, expectedVersion } = parse(excludeInput, input, "exclusion change");
  const sentence = await db.sentence.findUnique({ where: { id: sentenceId }, select: { pairId: true } });
  if (!sentence?.pairId) throw new NotFoundError(`Sentence ${sentenceId} does not exist or belongs to no pair`);
  const pairId = sentence.pairId;
  return withClaimedPair(db, actor, opts, pairId, expectedVersion, async (ctx, before) => {
    await ctx.tx.sentence.update({
      where: { id: sentenceId },
      data: { excluded, excludedReason: excluded ? "marked by an editor" : null },
    });
    return done(ctx, "sentence", sentenceId, excluded ? "sentence.exclude" : "sentence.restore", before, [pairId], []);
  }, undefined, "shared");
}

// ---------------------------------------------------------------------------
// Flags (MQM)

const flagFields = {
  category: z.enum(FLAG_CATEGORIES),
  severity: z.enum(FLAG_SEVERITIES),
  note: z.string().max(5000),
};
const addFlagInput = z.object({
  pairId: idSchema,
  category: flagFields.category,
  severity: flagFields.severity,
  note: flagFields.note.optional(),
  expectedVersion: versionSchema,
});

export interface FlagResult extends ChangeResult {
  flagId: number;
  flagVersion: number;
}

export async function addFlag(
  db: Db,
  actor: Actor,
  input: { pairId: number; category: string; severity: string; note?: string; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(addFlagInput, input, "flag");
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, async (ctx, before) => {
    const flag = await ctx.tx.flag.create({
      data: {
        pairId: v.pairId,
        category: v.category,
        severity: v.severity,
        note: v.note ?? "",
        source: "editor",
        authorId: actor.id,
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
      { pairId: v.pairId, category: v.category, severity: v.severity },
      [],
      ["sentences"],
    );
    return { ...r, flagId: flag.id, flagVersion: flag.version };
  }, { status: "flagged" }, "shared", ["sentences"]);
}

async function withFlag<R>(
  db: Db,
  actor: Actor,
  opts: ReviewOptions,
  flagId: number,
  fn: (ctx: Ctx, flag: { id: number; pairId: number }) => Promise<R>,
) {
  checkActor(actor);
  // Flags only ever move between pairs of one document pair: its id is stable (see withPair).
  const found = await db.flag.findUnique({ where: { id: flagId }, select: { pair: { select: { bitextId: true } } } });
  if (!found) throw new NotFoundError(`Flag ${flagId} does not exist`);
  return inTx(db, async (tx) => {
    // Exclusive, unlike the other one-pair changes: a flag change claims the flag, not its pair,
    // so under a shared lock a change of the pair by someone else could fall between its
    // before and after snapshots, and undoing the flag change would then undo that too.
    const ctx = await loadCtx(tx, actor, found.pair.bitextId, opts.score ?? defaultScore);
    const flag = await tx.flag.findUnique({ where: { id: flagId } });
    if (!flag) throw new NotFoundError(`Flag ${flagId} does not exist`);
    return fn(ctx, flag);
  });
}

/**
 * Keeps the pair status in step with its flags after a flag change: an open flag makes the
 * pair "flagged"; when the last one is resolved a flagged pair falls back to corrected or
 * automatic. Such a derived status change bumps the pair version (no expected version is
 * asked for: the client changed the flag, not the pair).
 */
async function syncFlagStatus(ctx: Ctx, pairId: number): Promise<boolean> {
  const pair = await loadPair(ctx.tx, pairId);
  const open = pair.flags.some(isOpenEditorFlag);
  let status = pair.status;
  if (open) status = "flagged";
  else if (pair.status === "flagged") status = pair.sentences.some((s) => activeCorrection(s.corrections)) ? "corrected" : "automatic";
  if (status === pair.status) return false;
  await ctx.tx.alignmentPair.update({
    where: { id: pairId },
    data: { status, version: { increment: 1 }, updatedById: ctx.actor.id },
  });
  return true;
}

async function flagChange(
  db: Db,
  actor: Actor,
  opts: ReviewOptions,
  flagId: number,
  expectedVersion: number,
  action: string,
  data: (actor: Actor) => Parameters<typeof claimFlag>[3],
  meta: Record<string, unknown> = {},
): Promise<FlagResult> {
  return withFlag(db, actor, opts, flagId, async (ctx, flag) => {
    const before = await takeSnapshot(ctx.tx, [flag.pairId], [], undefined, ["sentences"]);
    await claimFlag(ctx.tx, flagId, expectedVersion, data(actor));
    const statusChanged = await syncFlagStatus(ctx, flag.pairId);
    const r = await done(ctx, "flag", flagId, action, before, statusChanged ? [flag.pairId] : [], [], { pairId: flag.pairId, ...meta }, [], ["sentences"]);
    const after = await ctx.tx.flag.findUniqueOrThrow({ where: { id: flagId } });
    return { ...r, flagId, flagVersion: after.version };
  });
}

const updateFlagInput = z.object({
  flagId: idSchema,
  category: flagFields.category.optional(),
  severity: flagFields.severity.optional(),
  note: flagFields.note.optional(),
  expectedVersion: versionSchema,
});

export async function updateFlag(
  db: Db,
  actor: Actor,
  input: { flagId: number; category?: string; severity?: string; note?: string; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(updateFlagInput, input, "flag update");
  const patch = { category: v.category, severity: v.severity, note: v.note };
  if (Object.values(patch).every((x) => x === undefined)) {
    throw new ValidationError("Nothing to update: give a category, severity or note");
  }
  return flagChange(db, actor, opts, v.flagId, v.expectedVersion, "flag.update", () => patch, { patch });
}

const flagVersionInput = z.object({ flagId: idSchema, expectedVersion: versionSchema });

export async function resolveFlag(
  db: Db,
  actor: Actor,
  input: { flagId: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(flagVersionInput, input, "flag");
  return flagChange(db, actor, opts, v.flagId, v.expectedVersion, "flag.resolve", (a) => ({
    resolved: true,
    resolvedAt: new Date(),
    resolvedById: a.id,
  }));
}

export async function reopenFlag(
  db: Db,
  actor: Actor,
  input: { flagId: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<FlagResult> {
  const v = parse(flagVersionInput, input, "flag");
  return flagChange(db, actor, opts, v.flagId, v.expectedVersion, "flag.reopen", () => ({
    resolved: false,
    resolvedAt: null,
    resolvedById: null,
  }));
}

// ---------------------------------------------------------------------------
// Text corrections

const correctInput = z.object({
  pairId: idSchema,
  lang: z.enum(LANGS),
  correctedText: z.string().max(100_000),
  expectedVersion: versionSchema,
});

/**
 * How a corrected side maps back onto the side's n sentences: the corrected text is split
 * with the project's sentence splitter; if that gives exactly n sentences, sentence i gets
 * piece i; otherwise the first sentence gets the whole corrected text (trimmed) and the
 * others an empty correction. A sentence whose new text equals its current text is left
 * alone; one whose new text equals its original has its corrections reverted instead.
 */
export function mapCorrection(correctedText: string, lang: Lang, n: number): string[] {
  const pieces = splitSentences(correctedText, lang).map((s) => s.text);
  if (pieces.length === n) return pieces;
  return Array.from({ length: n }, (_, i) => (i === 0 ? correctedText.trim() : ""));
}

export async function correctText(
  db: Db,
  actor: Actor,
  input: { pairId: number; lang: Lang; correctedText: string; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(correctInput, input, "correction");
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, async (ctx, before) => {
    const pair = await loadPair(ctx.tx, v.pairId);
    const side = sideOf(ctx, pair.sentences, v.lang);
    if (!side.length) throw new ValidationError(`Pair ${v.pairId} has no ${v.lang === "en" ? "English" : "Chinese"} sentences to correct`);
    const texts = mapCorrection(v.correctedText, v.lang, side.length);
    let changed = 0;
    const now = new Date();
    for (let i = 0; i < side.length; i++) {
      const s = side[i];
      if (texts[i] === currentText(s)) continue;
      changed++;
      if (texts[i] === s.text) {
        await ctx.tx.correction.updateMany({ where: { sentenceId: s.id, revertedAt: null }, data: { revertedAt: now } });
      } else {
        await ctx.tx.correction.create({
          data: { sentenceId: s.id, originalText: s.text, correctedText: texts[i], authorId: actor.id, createdAt: now },
        });
      }
    }
    if (!changed) throw new ValidationError("No change: the corrected text equals the current text");
    // a sentence keeps (or now has) a correction when its text differs from the original
    const still = pair.sentences.some((s) => {
      const i = side.indexOf(s);
      return i < 0 ? activeCorrection(s.corrections) !== null : texts[i] !== s.text;
    });
    await finalizePairs(ctx, [v.pairId], { status: still ? "corrected" : "derive" });
    return done(ctx, "pair", v.pairId, "correct", before, [v.pairId], [], { lang: v.lang, sentences: side.length }, [], ["flags"]);
  }, undefined, "shared", ["flags"]);
}

const revertInput = z.object({ pairId: idSchema, lang: z.enum(LANGS).optional(), expectedVersion: versionSchema });

/** Reverts every active correction of the pair's side (both sides when lang is omitted). */
export async function revertCorrection(
  db: Db,
  actor: Actor,
  input: { pairId: number; lang?: Lang; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(revertInput, input, "revert");
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, async (ctx, before) => {
    const pair = await loadPair(ctx.tx, v.pairId);
    const ids = pair.sentences.filter((s) => !v.lang || ctx.langOf(s.documentId) === v.lang).map((s) => s.id);
    const r = await ctx.tx.correction.updateMany({
      where: { sentenceId: { in: ids }, revertedAt: null },
      data: { revertedAt: new Date() },
    });
    if (!r.count) throw new ValidationError(`Pair ${v.pairId} has no corrections to revert`);
    await finalizePairs(ctx, [v.pairId], { status: "derive" });
    return done(ctx, "pair", v.pairId, "correct.revert", before, [v.pairId], [], { lang: v.lang ?? null }, [], ["flags"]);
  }, undefined, "shared", ["flags"]);
}

// ---------------------------------------------------------------------------
// Alignment fixes

const structural = { crossing: true, status: "derive", origin: "manual" } as const;

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
    const pair = await ctx.tx.alignmentPair.findUniqueOrThrow({ where: { id: v.pairId } });
    const next = await pairNextTo(ctx, pair, "next");
    if (!next) throw new ValidationError(`Pair ${v.pairId} is the last pair; there is nothing to merge it with`);
    const meant = Object.keys(v.expectedVersions).map(Number).filter((id) => id !== pair.id);
    if (meant.length && !meant.includes(next.id)) {
      // the client read another neighbour: one was merged away or a split put a pair in between
      throw new VersionConflictError(`Pair ${meant[0]} no longer follows pair ${pair.id}: the pairs around it were changed; reload`, { type: "pair", id: meant[0] });
    }
    const before = await takeSnapshot(ctx.tx, [pair.id, next.id]);
    await claimPair(ctx.tx, actor, pair.id, expectedFor(v.expectedVersions, pair.id));
    await claimPair(ctx.tx, actor, next.id, expectedFor(v.expectedVersions, next.id));
    await ctx.tx.sentence.updateMany({ where: { pairId: next.id }, data: { pairId: pair.id } });
    await dropPair(ctx, next.id, pair.id);
    await finalizePairs(ctx, [pair.id], structural);
    return done(ctx, "pair", pair.id, "merge", before, [pair.id], [next.id], { merged: next.id });
  });
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
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, async (ctx, before) => {
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
    await claimPair(ctx.tx, actor, pair.id, expectedFor(v.expectedVersions, pair.id));
    await claimPair(ctx.tx, actor, target.id, expectedFor(v.expectedVersions, target.id));
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
  return withClaimedPair(db, actor, opts, v.pairId, v.expectedVersion, async (ctx, before) => {
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
    await claimPair(ctx.tx, actor, a.id, expectedFor(v.expectedVersions, a.id));
    await claimPair(ctx.tx, actor, b.id, expectedFor(v.expectedVersions, b.id));
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
export async function splitSentence(
  db: Db,
  actor: Actor,
  input: { sentenceId: number; offset: number; expectedVersion: number },
  opts: ReviewOptions = {},
): Promise<ChangeResult> {
  const v = parse(splitSentenceInput, input, "sentence split");
  const pairId = await sentencePairId(db, v.sentenceId);
  return withClaimedPair(db, actor, opts, pairId, v.expectedVersion, async (ctx, before) => {
    const s = await ctx.tx.sentence.findUniqueOrThrow({ where: { id: v.sentenceId }, include: { corrections: true } });
    if (s.pairId !== pairId) throw new ValidationError(`Sentence ${s.id} moved meanwhile; reload`);
    if (activeCorrection(s.corrections)) {
      throw new ValidationError(`Sentence ${s.id} has a correction; revert it before splitting the sentence`);
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
    await claimPair(ctx.tx, actor, pa.id, expectedFor(v.expectedVersions, pa.id));
    if (pb.id !== pa.id) await claimPair(ctx.tx, actor, pb.id, expectedFor(v.expectedVersions, pb.id));
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
