// Review workspace, shared machinery: errors, actors, optimistic concurrency, snapshots
// (the audit log's before/after, enough to undo), re-scoring, crossing, positions.
// Portable Prisma only (no raw SQL): SQLite today, PostgreSQL later.
import { z } from "zod";
import { Prisma } from "../../../generated/prisma/client";
import type { Db } from "../client";
import type { Lang, PairStatus } from "../vocabulary";
import type { SentenceConflict } from "../../review/schema";
import { LRUCache } from "lru-cache";

export type Tx = Prisma.TransactionClient;

// ---------------------------------------------------------------------------
// Errors

export class NotFoundError extends Error {
  override name = "NotFoundError";
}
export class ValidationError extends Error {
  override name = "ValidationError";
}
/**
 * Someone else changed the same thing first (the status, the pairing, a sentence's text, a
 * flag) since the version the client read. `sentences` lists, for a correction, each sentence
 * whose text changed meanwhile, with the other version, so the editor can choose.
 */
export class VersionConflictError extends Error {
  override name = "VersionConflictError";
  constructor(
    message: string,
    readonly entity: { type: "pair" | "flag" | "bitext" | "sentence"; id: number },
    readonly changedBy: { id: number | null; name: string } | null = null,
    readonly changedAt: Date | null = null,
    readonly sentences: SentenceConflict[] = [],
  ) {
    super(message);
  }
}

export function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------
// Inputs

export interface Actor {
  id: number | null;
  name?: string;
}

/** Re-scores one pair from its current texts (default: the aligner's scorePair). */
export type ScoreFn = (zh: string[], en: string[]) => { score: number; parts: unknown };

export interface ReviewOptions {
  /** injectable scorer (tests pass a deterministic fake) */
  score?: ScoreFn;
}

const actorSchema = z.object({ id: z.number().int().positive().nullable(), name: z.string().optional() });

export { idSchema, versionSchema, versionsSchema } from "../../review/schema";

export function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const detail = r.error.issues
      .map((i) => `${i.path.length ? i.path.join(".") : "input"}: ${i.message}`)
      .join("; ");
    throw new ValidationError(`Invalid ${what}: ${detail}`);
  }
  return r.data;
}

export function checkActor(actor: Actor): Actor {
  return parse(actorSchema, actor, "actor");
}

export function expectedFor(versions: Record<number | string, number>, pairId: number): number {
  const v = versions[pairId];
  if (v === undefined) {
    throw new ValidationError(`expectedVersions must include pair ${pairId} (the version you read)`);
  }
  return v;
}

// ---------------------------------------------------------------------------
// Optimistic concurrency

/**
 * What a change of a pair collides with. A change conflicts only with an earlier change of the
 * same concern made after the version the client read: "status" with explicit status changes,
 * "structure" with changes of which sentences the pair holds. "none": flags (they carry their
 * own versions), notes and corrections (they compare sentence texts) never conflict on the pair.
 */
export type Concern = "status" | "structure" | "none";

interface PairClaimState {
  version: number;
  statusAt: number;
  structureAt: number;
}

/**
 * Claims a pair for this change: checks the concern against the version the client read
 * (`expected`; undefined: no check), then bumps the version with one conditional update, which
 * records the actor and, for status and structure changes, at which version they happened. So
 * changes of one pair happen one at a time, each exactly one version after the last (on
 * PostgreSQL the update holds the row lock until commit). `seen`: the version the caller's
 * before-snapshot holds; false when the pair changed since (the caller reads it again).
 */
export async function claimPair(
  tx: Tx,
  actor: Actor,
  pairId: number,
  expected: number | undefined,
  concern: Concern,
  /** a change to the pair's own row made with the claim (one statement instead of two) */
  data: Prisma.AlignmentPairUpdateManyMutationInput = {},
  seen?: number,
  /** the pair's state as the caller just read it in this transaction (claimStateOf): not read again */
  known?: PairClaimState,
): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const cur =
      attempt === 0 && known ? known : await tx.alignmentPair.findUnique({ where: { id: pairId }, select: { version: true, statusAt: true, structureAt: true } });
    if (!cur) throw new NotFoundError(`Pair ${pairId} no longer exists (it may have been merged or re-aligned); reload`);
    if (seen !== undefined && cur.version !== seen) return false;
    await checkConcern(tx, pairId, cur, expected, concern);
    const next = cur.version + 1;
    const r = await tx.alignmentPair.updateMany({
      where: { id: pairId, version: cur.version },
      data: {
        ...data,
        version: next,
        updatedById: actor.id,
        ...(concern === "status" ? { statusAt: next } : concern === "structure" ? { structureAt: next } : {}),
      },
    });
    if (r.count === 1) return true;
    if (seen !== undefined) return false;
  }
  throw new VersionConflictError(`Pair ${pairId} is being changed by others right now; try again`, { type: "pair", id: pairId });
}

/** claimPair for callers that hold the document pair exclusively (nobody can change it meanwhile). */
export async function claimPairOrThrow(
  tx: Tx,
  actor: Actor,
  pairId: number,
  expected: number | undefined,
  concern: Concern,
  data: Prisma.AlignmentPairUpdateManyMutationInput = {},
  /** a snapshot taken under the same exclusive lock: the pair's state is taken from it */
  snapshot?: Snapshot,
): Promise<void> {
  await claimPair(tx, actor, pairId, expected, concern, data, undefined, snapshot && claimStateOf(snapshot, pairId));
}

/**
 * The claim state (version, statusAt, structureAt) of the pairs a snapshot read, kept beside it
 * (a snapshot is stored in the audit log as it is): a claim right after the snapshot saves a read.
 */
const claimStates = new WeakMap<Snapshot, Map<number, PairClaimState>>();

export function claimStateOf(snapshot: Snapshot, pairId: number): PairClaimState | undefined {
  return claimStates.get(snapshot)?.get(pairId);
}

const CONCERN_ACTIONS: Record<Exclude<Concern, "none">, string[]> = {
  status: ["status"],
  structure: ["merge", "split", "unlink", "link", "move", "sentence.split", "sentence.join", "undo"],
};

async function checkConcern(tx: Tx, pairId: number, cur: PairClaimState, expected: number | undefined, concern: Concern) {
  if (expected === undefined) return;
  // a version the pair never had (or had before an undo recreated it): the client is out of date
  const stale = expected > cur.version;
  const changed = concern === "status" ? cur.statusAt > expected : concern === "structure" ? cur.structureAt > expected : false;
  if (!stale && !changed) return;
  const last =
    concern === "none"
      ? null
      : await tx.auditLog.findFirst({
          where: { entityType: "pair", entityId: pairId, action: { in: CONCERN_ACTIONS[concern] } },
          orderBy: { id: "desc" },
          include: { actor: { select: { id: true, name: true } } },
        });
  if (!last) await throwPairConflict(tx, pairId);
  const who = last!.actor?.name ?? "someone else";
  const what = concern === "status" ? "The status of pair" : "The sentences of pair";
  throw new VersionConflictError(
    `${what} ${pairId} were changed by ${who} at ${hhmm(last!.createdAt)}; reload to see the change`.replace("status of pair " + pairId + " were", "status of pair " + pairId + " was"),
    { type: "pair", id: pairId },
    last!.actor ? { id: last!.actor.id, name: last!.actor.name } : null,
    last!.createdAt,
  );
}

export async function throwPairConflict(tx: Tx, pairId: number): Promise<never> {
  const pair = await tx.alignmentPair.findUnique({
    where: { id: pairId },
    include: { updatedBy: { select: { id: true, name: true } } },
  });
  if (!pair) throw new NotFoundError(`Pair ${pairId} no longer exists (it may have been merged or re-aligned); reload`);
  const who = pair.updatedBy?.name ?? "someone else";
  throw new VersionConflictError(
    `Pair ${pairId} was changed by ${who} at ${hhmm(pair.updatedAt)}; reload to see the change`,
    { type: "pair", id: pairId },
    pair.updatedBy ? { id: pair.updatedBy.id, name: pair.updatedBy.name } : null,
    pair.updatedAt,
  );
}

/** Same as claimPair for a flag (flags carry their own version). */
export async function claimFlag(tx: Tx, flagId: number, expected: number, data: Prisma.FlagUpdateManyMutationInput) {
  const r = await tx.flag.updateMany({
    where: { id: flagId, version: expected },
    data: { ...data, version: { increment: 1 } },
  });
  if (r.count === 1) return;
  const flag = await tx.flag.findUnique({ where: { id: flagId } });
  if (!flag) throw new NotFoundError(`Flag ${flagId} does not exist`);
  const last = await tx.auditLog.findFirst({
    where: { entityType: "flag", entityId: flagId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { actor: { select: { id: true, name: true } } },
  });
  const who = last?.actor?.name ?? "someone else";
  const when = last?.createdAt ?? flag.updatedAt;
  throw new VersionConflictError(
    `Flag ${flagId} was changed by ${who} at ${hhmm(when)}; reload to see the change`,
    { type: "flag", id: flagId },
    last?.actor ? { id: last.actor.id, name: last.actor.name } : null,
    when,
  );
}

// ---------------------------------------------------------------------------
// Context

export interface Ctx {
  tx: Tx;
  actor: Actor;
  bitextId: number;
  projectId: number;
  docs: { en: number; zh: number };
  langOf: (documentId: number) => Lang;
  score: ScoreFn;
  /**
   * Pairs this change removed, each with the pair that came right before it (null: it was the
   * first). Written to the audit row's meta, so undo puts them back in their place even when
   * positions were spread out meanwhile (see positionAfter).
   */
  dropped: Map<number, number | null>;
  /**
   * The same pairs, each with the pair that came right after it then (null: it was the last):
   * undo places a pair between the two, past pairs an out-of-order undo has put there since.
   */
  droppedNext: Map<number, number | null>;
}

/**
 * How a transaction locks its document pair, always as its first statement:
 * - "exclusive" for changes that renumber pair positions or touch many pairs (merge, split,
 *   move, link, undo, re-align, storing an alignment): one at a time per document pair, so two
 *   of them never interleave or deadlock.
 * - "shared" for changes that claim one pair's version before anything else changes and touch
 *   only that pair's rows (status, a new flag, corrections, exclusion): these run side by side,
 *   kept apart by the claim (a change of the pair committed after the before-snapshot fails it),
 *   and wait only for the exclusive ones.
 * On PostgreSQL these are transaction-scoped advisory locks, because its lock manager queues
 *   fairly: a waiting exclusive lock is not overtaken by later shared ones (with row locks
 *   (FOR SHARE), merges waited for a minute under a stream of confirms). The only raw SQL of
 *   the data layer. SQLite's write lock covers the whole database (transactions begin
 *   IMMEDIATE), so there both modes are already exclusive and only the row update remains.
 */
export type BitextLock = "exclusive" | "shared";
const BITEXT_LOCK_CLASS = 7117;

export async function lockBitext(tx: Tx, bitextId: number, mode: BitextLock): Promise<void> {
  if ((tx as { _activeProvider?: string })._activeProvider === "postgresql") {
    if (mode === "shared") await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${BITEXT_LOCK_CLASS}::int, ${bitextId}::int)`;
    else await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BITEXT_LOCK_CLASS}::int, ${bitextId}::int)`;
  }
  if (mode === "exclusive") {
    const locked = await tx.bitext.updateMany({ where: { id: bitextId }, data: { updatedAt: new Date() } });
    if (locked.count !== 1) throw new NotFoundError(`Document pair ${bitextId} does not exist`);
  }
}

export async function loadCtx(tx: Tx, actor: Actor, bitextId: number, score: ScoreFn, lock: BitextLock = "exclusive"): Promise<Ctx> {
  await lockBitext(tx, bitextId, lock);
  const { projectId, en, zh } = await bitextShape(tx, bitextId);
  return {
    tx,
    actor,
    bitextId,
    projectId,
    docs: { en, zh },
    langOf: (documentId) => (documentId === en ? "en" : "zh"),
    score,
    dropped: new Map(),
    droppedNext: new Map(),
  };
}

/**
 * A document pair's project and its two documents. They are fixed when it is created, so
 * each process reads them once (two queries less in every review transaction).
 */
const shapes = new LRUCache<number, { projectId: number; en: number; zh: number }>({ max: 10_000 });

export async function bitextShape(tx: Tx, bitextId: number) {
  const known = shapes.get(bitextId);
  if (known) return known;
  const bitext = await tx.bitext.findUnique({
    where: { id: bitextId },
    select: { projectId: true, documents: { select: { id: true, lang: true } } },
  });
  if (!bitext) throw new NotFoundError(`Document pair ${bitextId} does not exist`);
  const en = bitext.documents.find((d) => d.lang === "en");
  const zh = bitext.documents.find((d) => d.lang === "zh");
  if (!en || !zh) throw new ValidationError(`Document pair ${bitextId} lacks its English or Chinese document`);
  const shape = { projectId: bitext.projectId, en: en.id, zh: zh.id };
  shapes.set(bitextId, shape);
  return shape;
}

/**
 * Names of users by id, in one query (Prisma loads each included relation with a query of its
 * own: the author, resolver and editor of a row's flags and corrections were five).
 */
export async function userNames(tx: Tx, ids: (number | null)[]): Promise<Map<number, { id: number; name: string }>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u]));
}

/** Runs one review operation in one transaction. */
export async function inTx<T>(db: Db, fn: (tx: Tx) => Promise<T>, timeout = 30_000): Promise<T> {
  return db.$transaction(fn, { timeout, maxWait: 30_000 });
}

// ---------------------------------------------------------------------------
// Current text

export interface CorrectionLike {
  id: number;
  correctedText: string;
  createdAt: Date | string;
  revertedAt: Date | string | null;
}

/** The latest correction that is not reverted; null when the original text applies. */
export function activeCorrection<C extends CorrectionLike>(corrections: C[]): C | null {
  let best: C | null = null;
  for (const c of corrections) {
    if (c.revertedAt) continue;
    if (!best) {
      best = c;
      continue;
    }
    const t = new Date(c.createdAt).getTime();
    const bt = new Date(best.createdAt).getTime();
    if (t > bt || (t === bt && c.id > best.id)) best = c;
  }
  return best;
}

/** A sentence's text as reviewed: the latest non-reverted correction wins, else the original. */
export function currentText(sentence: { text: string; corrections?: CorrectionLike[] }): string {
  const c = activeCorrection(sentence.corrections ?? []);
  return c ? c.correctedText : sentence.text;
}

export const SEPARATOR: Record<Lang, string> = { en: " ", zh: "" };

// ---------------------------------------------------------------------------
// Snapshots (audit before/after)

export interface PairSnap {
  id: number;
  bitextId: number;
  position: number;
  score: number | null;
  /** absent: not recorded, as the change could not alter it (bulk status changes keep their audit rows small) */
  scoreDetails?: unknown;
  /** the aligner's confidence, 0–1 (absent in audit rows written before it existed: null) */
  confidence?: number | null;
  origin: string;
  status: string;
  crossing: boolean;
  version: number;
  updatedById: number | null;
  createdAt: string;
}
export interface SentenceSnap {
  id: number;
  documentId: number;
  position: number;
  paragraph: number;
  text: string;
  startOffset: number | null;
  endOffset: number | null;
  excluded: boolean;
  excludedReason: string | null;
  pairId: number | null;
}
export interface FlagSnap {
  id: number;
  pairId: number;
  category: string;
  severity: string;
  note: string;
  source: string;
  checkId: string | null;
  authorId: number | null;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedById: number | null;
  version: number;
  createdAt: string;
  /** span-level flags (absent in audit rows written before spans existed) */
  spanSide?: string | null;
  spanSentenceId?: number | null;
  spanStart?: number | null;
  spanEnd?: number | null;
  spanText?: string | null;
  spanDetached?: boolean;
}
export interface CorrectionSnap {
  id: number;
  sentenceId: number;
  originalText: string;
  correctedText: string;
  authorId: number | null;
  createdAt: string;
  revertedAt: string | null;
}
export interface Snapshot {
  pairs: PairSnap[];
  sentences: SentenceSnap[];
  flags: FlagSnap[];
  corrections: CorrectionSnap[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const byId = <T extends { id: number }>(rows: T[]) => rows.sort((a, b) => a.id - b.id);

/**
 * Up to this many pairs, a snapshot reads the pairs with their flags, sentences and corrections
 * in one query with `include`: one statement on PostgreSQL (relationJoins, see
 * lib/db/schema-variants.ts) instead of four round trips, and the same four queries as before on
 * SQLite. Bulk actions snapshot thousands of pairs: those keep one query per table, which Prisma
 * splits when the id list is long.
 */
const JOINED_SNAPSHOT_MAX_PAIRS = 200;

type Part = "read" | "keep" | "skip";
type PairRow = Prisma.AlignmentPairGetPayload<object>;
type FlagRow = Prisma.FlagGetPayload<object>;
type SentenceRow = Prisma.SentenceGetPayload<object>;
type CorrectionRow = Prisma.CorrectionGetPayload<object>;

/**
 * The rows of a snapshot through one `include` read (see JOINED_SNAPSHOT_MAX_PAIRS), plus the
 * extra sentences, when there are any, in a second read. "keep": the part is copied by the
 * caller (null here); "skip": left out (empty).
 */
async function snapshotRowsJoined(tx: Tx, ids: number[], extraSentenceIds: number[], flagsPart: Part, sentencesPart: Part) {
  const withSentences = sentencesPart === "read";
  const found = await tx.alignmentPair.findMany({
    where: { id: { in: ids } },
    include: { ...(flagsPart === "read" ? { flags: true } : {}), ...(withSentences ? { sentences: { include: { corrections: true } } } : {}) },
  });
  const pairs: PairRow[] = [];
  const flags: FlagRow[] = [];
  const sentences = new Map<number, SentenceRow & { corrections: CorrectionRow[] }>();
  for (const { flags: f, sentences: s, ...pair } of found as (PairRow & { flags?: FlagRow[]; sentences?: (SentenceRow & { corrections: CorrectionRow[] })[] })[]) {
    pairs.push(pair);
    if (f) flags.push(...f);
    for (const x of s ?? []) sentences.set(x.id, x);
  }
  const extra = withSentences ? extraSentenceIds.filter((id) => !sentences.has(id)) : [];
  if (extra.length) {
    for (const x of await tx.sentence.findMany({ where: { id: { in: extra } }, include: { corrections: true } })) sentences.set(x.id, x);
  }
  const sentenceRows = byId([...sentences.values()].map(({ corrections: _, ...x }) => x));
  return {
    pairs: byId(pairs),
    flags: flagsPart === "keep" ? null : byId(flags),
    sentences: sentencesPart === "keep" ? null : sentenceRows,
    corrections: sentencesPart === "keep" ? null : byId([...sentences.values()].flatMap((x) => x.corrections)),
  };
}

/** Parts of a snapshot an operation leaves alone: its after-snapshot copies them from before. */
export type SnapshotPart = "sentences" | "flags";

/**
 * Pairs (with their flags) and all their sentences (with corrections), plus extra sentences.
 * `unchanged` names parts that the caller knows it did not touch (say, the sentences and
 * corrections when only a flag changed): those are copied from `unchanged.from` instead of
 * read again. Sentences come with their corrections.
 */
export async function takeSnapshot(
  tx: Tx,
  pairIds: number[],
  extraSentenceIds: number[] = [],
  unchanged?: { from: Snapshot; parts: SnapshotPart[] },
  /** parts the operation cannot change, left out (empty) of a before-snapshot: undo has nothing to restore there */
  skip: SnapshotPart[] = [],
  /** leave out the pairs' score parts (the heaviest field: about 1 kB a pair) when the change cannot alter them */
  omitScoreDetails = false,
): Promise<Snapshot> {
  const ids = [...new Set(pairIds)];
  const keep = (part: SnapshotPart) => unchanged?.parts.includes(part) ?? false;
  const want = (part: SnapshotPart) => (keep(part) ? "keep" : skip.includes(part) ? "skip" : "read");
  const rows = ids.length <= JOINED_SNAPSHOT_MAX_PAIRS ? await snapshotRowsJoined(tx, ids, extraSentenceIds, want("flags"), want("sentences")) : null;
  const pairs = rows?.pairs ?? byId(await tx.alignmentPair.findMany({ where: { id: { in: ids } } }));
  const flags = rows ? rows.flags : want("flags") === "keep" ? null : want("flags") === "skip" ? [] : byId(await tx.flag.findMany({ where: { pairId: { in: ids } } }));
  // No OR with an empty list: SQLite cannot use an index for "pairId IN (…) OR 1=0" and
  // scans every sentence of the database, which made each change cost O(sentences).
  const sentences = rows
    ? rows.sentences
    : want("sentences") === "keep"
    ? null
    : want("sentences") === "skip"
    ? []
    : byId(
        await tx.sentence.findMany({
          where: extraSentenceIds.length ? { OR: [{ pairId: { in: ids } }, { id: { in: extraSentenceIds } }] } : { pairId: { in: ids } },
        }),
      );
  const corrections = rows
    ? rows.corrections
    : sentences?.length === 0
    ? []
    : sentences
    ? byId(await tx.correction.findMany({ where: { sentenceId: { in: sentences.map((s) => s.id) } } }))
    : null;
  const snapshot: Snapshot = {
    pairs: pairs.map((p) => ({
      id: p.id,
      bitextId: p.bitextId,
      position: p.position,
      score: p.score,
      ...(omitScoreDetails ? {} : { scoreDetails: p.scoreDetails ?? null }),
      confidence: p.confidence,
      origin: p.origin,
      status: p.status,
      crossing: p.crossing,
      version: p.version,
      updatedById: p.updatedById,
      createdAt: p.createdAt.toISOString(),
    })),
    sentences: sentences
      ? sentences.map((s) => ({
          id: s.id,
          documentId: s.documentId,
          position: s.position,
          paragraph: s.paragraph,
          text: s.text,
          startOffset: s.startOffset,
          endOffset: s.endOffset,
          excluded: s.excluded,
          excludedReason: s.excludedReason,
          pairId: s.pairId,
        }))
      : unchanged!.from.sentences,
    flags: flags
      ? flags.map((f) => ({
          id: f.id,
          pairId: f.pairId,
          category: f.category,
          severity: f.severity,
          note: f.note,
          source: f.source,
          checkId: f.checkId,
          authorId: f.authorId,
          resolved: f.resolved,
          resolvedAt: iso(f.resolvedAt),
          resolvedById: f.resolvedById,
          version: f.version,
          createdAt: f.createdAt.toISOString(),
          ...(f.spanSentenceId !== null
            ? { spanSide: f.spanSide, spanSentenceId: f.spanSentenceId, spanStart: f.spanStart, spanEnd: f.spanEnd, spanText: f.spanText, spanDetached: f.spanDetached }
            : {}),
        }))
      : unchanged!.from.flags,
    corrections: corrections
      ? corrections.map((c) => ({
          id: c.id,
          sentenceId: c.sentenceId,
          originalText: c.originalText,
          correctedText: c.correctedText,
          authorId: c.authorId,
          createdAt: c.createdAt.toISOString(),
          revertedAt: iso(c.revertedAt),
        }))
      : unchanged!.from.corrections,
  };
  claimStates.set(snapshot, new Map(pairs.map((p) => [p.id, { version: p.version, statusAt: p.statusAt, structureAt: p.structureAt }])));
  return snapshot;
}

export type EntityType = "pair" | "flag" | "sentence" | "bitext";

/** Stored in AuditLog.before / AuditLog.after by every review operation. */
export interface ReviewAuditPayload {
  review: 1;
  snapshot: Snapshot;
  meta?: Record<string, unknown>;
}

export async function writeAudit(
  ctx: Ctx,
  entityType: EntityType,
  entityId: number,
  action: string,
  before: Snapshot,
  after: Snapshot,
  meta: Record<string, unknown> = {},
): Promise<number> {
  const row = await ctx.tx.auditLog.create({
    data: {
      projectId: ctx.projectId,
      bitextId: ctx.bitextId,
      entityType,
      entityId,
      action,
      actorId: ctx.actor.id,
      before: { review: 1, snapshot: before } as unknown as Prisma.InputJsonValue,
      after: { review: 1, snapshot: after, meta: withDropped(ctx, meta) } as unknown as Prisma.InputJsonValue,
    },
  });
  return row.id;
}

function withDropped(ctx: Ctx, meta: Record<string, unknown>): Record<string, unknown> {
  if (!ctx.dropped.size) return meta;
  return { ...meta, prevOf: Object.fromEntries(ctx.dropped), ...(ctx.droppedNext.size ? { nextOf: Object.fromEntries(ctx.droppedNext) } : {}) };
}

export function jsonOrNull(v: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue);
}

// ---------------------------------------------------------------------------
// Positions

const OFFSET = 1_000_000_000;

/** Shifts the positions of a document's sentences after `after` by delta, never colliding. */
export async function shiftSentences(tx: Tx, documentId: number, after: number, delta: number) {
  if (delta === 0) return;
  await tx.sentence.updateMany({
    where: { documentId, position: { gt: after } },
    data: { position: { increment: -OFFSET } },
  });
  await tx.sentence.updateMany({
    where: { documentId, position: { lt: -OFFSET / 2 } },
    data: { position: { increment: OFFSET + delta } },
  });
}

/** Shifts the positions of a bitext's pairs after `after` by delta (no unique index on pairs). */
export async function shiftPairs(tx: Tx, bitextId: number, after: number, delta: number) {
  if (delta === 0) return;
  await tx.alignmentPair.updateMany({
    where: { bitextId, position: { gt: after } },
    data: { position: { increment: delta } },
  });
}

// Pair positions are a sort key, not an index: distinct, never negative, with gaps. A merge
// leaves a gap and a split takes a free position between two pairs, so neither rewrites the
// rows after it (renumbering every later pair made each merge or split cost O(pairs): ~100 ms
// of a 10,000-pair document's write lock). A pair's number in reading order is its rank.

/** Room left between pairs when positions are spread out. */
export const PAIR_GAP = 1024;
/** Spread positions stay below this (PostgreSQL's int is 32-bit). */
const MAX_PAIR_POSITION = 2_000_000_000;

/** The pair right before (or after) `position` in reading order. */
export async function neighbourPair(tx: Tx, bitextId: number, position: number, dir: "previous" | "next") {
  const back = dir === "previous";
  return tx.alignmentPair.findFirst({
    where: { bitextId, position: back ? { lt: position } : { gt: position } },
    orderBy: { position: back ? "desc" : "asc" },
  });
}

/**
 * A free position right after `after` (null: before the first pair) and before the next pair.
 * When two pairs sit on consecutive positions (as imported), positions are spread out first:
 * all multiplied by PAIR_GAP, or, when that would overflow, the later ones moved PAIR_GAP on.
 * Both keep the order; both are one statement, and rare (room runs out after about ten
 * splits in one place).
 */
export async function positionAfter(tx: Tx, bitextId: number, after: number | null): Promise<number> {
  let lo = after ?? -1;
  const next = await tx.alignmentPair.findFirst({
    where: { bitextId, position: { gt: lo } },
    orderBy: { position: "asc" },
    select: { position: true },
  });
  if (!next) return positionBetween(lo, undefined);
  let hi = next.position;
  if (hi - lo < 2) {
    const max = (await tx.alignmentPair.aggregate({ where: { bitextId }, _max: { position: true } }))._max.position ?? hi;
    if (lo >= 0 && (max + 1) * PAIR_GAP <= MAX_PAIR_POSITION) {
      await tx.alignmentPair.updateMany({ where: { bitextId }, data: { position: { multiply: PAIR_GAP } } });
      lo *= PAIR_GAP;
      hi *= PAIR_GAP;
    } else {
      await tx.alignmentPair.updateMany({ where: { bitextId, position: { gt: lo } }, data: { position: { increment: PAIR_GAP } } });
      hi += PAIR_GAP;
    }
  }
  return positionBetween(lo, hi);
}

/** The position halfway between two (`lo` -1: before the first pair; `hi` undefined: after the last). */
export function positionBetween(lo: number, hi: number | undefined): number {
  if (hi === undefined) return lo < 0 ? 0 : lo + PAIR_GAP;
  return lo + Math.ceil((hi - lo) / 2);
}

/**
 * Moves rows to new positions by runs (consecutive current positions with one delta),
 * through a far negative range so the unique (documentId, position) never collides.
 * `moves` must be sorted by `from`; rows not moved must not sit in [from, from] ranges.
 */
export async function renumber(
  update: (range: { gte: number; lte: number }, increment: number) => Promise<unknown>,
  moves: { from: number; to: number }[],
) {
  const runs: { a: number; b: number; delta: number }[] = [];
  for (const m of moves) {
    const delta = m.to - m.from;
    if (delta === 0) continue;
    const last = runs[runs.length - 1];
    if (last && last.b === m.from - 1 && last.delta === delta) last.b = m.from;
    else runs.push({ a: m.from, b: m.from, delta });
  }
  for (const r of runs) await update({ gte: r.a, lte: r.b }, -OFFSET);
  for (const r of runs) await update({ gte: r.a - OFFSET, lte: r.b - OFFSET }, OFFSET + r.delta);
}

// ---------------------------------------------------------------------------
// After a change: re-score, crossing, status

type PairWithSentences = Prisma.AlignmentPairGetPayload<{
  include: { sentences: { include: { corrections: true } }; flags: true };
}>;

export async function loadPair(tx: Tx, pairId: number): Promise<PairWithSentences> {
  const pair = await tx.alignmentPair.findUnique({
    where: { id: pairId },
    include: { sentences: { include: { corrections: true }, orderBy: { position: "asc" } }, flags: true },
  });
  if (!pair) throw new NotFoundError(`Pair ${pairId} does not exist`);
  return pair;
}

export function sideOf<S extends { documentId: number; position: number }>(ctx: Ctx, sentences: S[], lang: Lang): S[] {
  return sentences.filter((s) => s.documentId === ctx.docs[lang]).sort((a, b) => a.position - b.position);
}

/** Only editors' open flags make a pair "flagged"; automatic check findings are shown apart. */
export function isOpenEditorFlag(f: { resolved: boolean; source: string }): boolean {
  return !f.resolved && f.source !== "check";
}

export function deriveStatus(pair: PairWithSentences): PairStatus {
  if (pair.flags.some(isOpenEditorFlag)) return "flagged";
  if (pair.sentences.some((s) => activeCorrection(s.corrections))) return "corrected";
  return "automatic";
}

function contiguous(positions: number[]): boolean {
  return positions.every((p, i) => i === 0 || p === positions[i - 1] + 1);
}

/**
 * Crossing rule: a pair is crossing when, in either language, its sentences are not one
 * contiguous run of the document, or its first sentence comes before the last sentence of
 * the nearest preceding pair holding sentences of that language (it goes backwards).
 * With `ahead` (used for linking, where one side is brought in from elsewhere) it is also
 * crossing when its last sentence comes after the first sentence of the nearest following
 * pair holding that language (it jumps ahead).
 */
export async function computeCrossing(ctx: Ctx, pair: PairWithSentences, ahead = false): Promise<boolean> {
  // the pairs around this one, read once for both languages
  const near = new Map<"previous" | "next", Promise<NearPair[]>>();
  const around = (dir: "previous" | "next") => {
    if (!near.has(dir)) near.set(dir, nearPairs(ctx, pair.position, dir));
    return near.get(dir)!;
  };
  for (const lang of ["en", "zh"] as const) {
    const pos = sideOf(ctx, pair.sentences, lang).map((s) => s.position);
    if (!pos.length) continue;
    if (!contiguous(pos)) return true;
    const prev = await neighbourSentence(ctx, lang, pair.position, "previous", await around("previous"));
    if (prev && prev.position > pos[0]) return true;
    if (ahead) {
      const next = await neighbourSentence(ctx, lang, pair.position, "next", await around("next"));
      if (next && next.position < pos[pos.length - 1]) return true;
    }
  }
  return false;
}

const NEAR_PAIRS = 8;

type NearPair = { id: number; sentences: { documentId: number; position: number }[] };

/**
 * The NEAR_PAIRS pairs before (or after) a position, nearest first, with their sentences' places:
 * one statement on PostgreSQL (relationJoins), two on SQLite. The sentences are read by pair id
 * only: with a documentId condition too, SQLite picks the document's index and scans it.
 */
function nearPairs(ctx: Ctx, position: number, dir: "previous" | "next"): Promise<NearPair[]> {
  const back = dir === "previous";
  return ctx.tx.alignmentPair.findMany({
    where: { bitextId: ctx.bitextId, position: back ? { lt: position } : { gt: position } },
    orderBy: { position: back ? "desc" : "asc" },
    take: NEAR_PAIRS,
    select: { id: true, sentences: { select: { documentId: true, position: true } } },
  });
}

/**
 * The last sentence of `lang` in the nearest preceding pair holding that language (or the
 * first one in the nearest following pair). The neighbouring pairs (`near`) nearly always hold
 * it; only a long one-sided run falls back to the query over the whole document (which sorts
 * every sentence of the language: O(document)).
 */
async function neighbourSentence(ctx: Ctx, lang: Lang, position: number, dir: "previous" | "next", near: NearPair[]): Promise<{ position: number } | null> {
  const documentId = ctx.docs[lang];
  const back = dir === "previous";
  for (const p of near) {
    const mine = p.sentences.filter((s) => s.documentId === documentId).map((s) => s.position);
    if (mine.length) return { position: back ? Math.max(...mine) : Math.min(...mine) };
  }
  // fewer than asked for: these were all the pairs on that side
  if (near.length < NEAR_PAIRS) return null;
  return ctx.tx.sentence.findFirst({
    where: { documentId, pair: { bitextId: ctx.bitextId, position: back ? { lt: position } : { gt: position } } },
    orderBy: [{ pair: { position: back ? "desc" : "asc" } }, { position: back ? "desc" : "asc" }],
    select: { position: true },
  });
}

export function scoreInput(ctx: Ctx, pair: PairWithSentences) {
  const texts = (lang: Lang) =>
    sideOf(ctx, pair.sentences, lang)
      .filter((s) => !s.excluded)
      .map((s) => currentText(s))
      .filter((t) => t.trim() !== "");
  return { zh: texts("zh"), en: texts("en") };
}

/**
 * Brings changed pairs up to date: re-score from current texts (null for one-sided pairs),
 * optionally recompute crossing, set status (explicit, derived, or kept) and origin.
 * `confidence: null`: the pair's sentences were changed by hand, so the aligner's confidence
 * (its probability that the bead it found is right) no longer applies. A pair the change created
 * (the second half of a split or an unlink) also records the change in structureAt, as a claimed
 * pair does: its sentences were set at its current version (so structureAt > 0 on a "manual"
 * pair means edited by hand, not imported that way).
 */
export async function finalizePairs(
  ctx: Ctx,
  pairIds: number[],
  how: { crossing?: boolean | "ahead"; status?: PairStatus | "derive"; origin?: "manual" | "automatic"; rescore?: boolean; confidence?: null },
) {
  for (const id of [...new Set(pairIds)]) {
    const pair = await loadPair(ctx.tx, id);
    const data: Prisma.AlignmentPairUpdateInput = {};
    if (how.rescore !== false) {
      const { zh, en } = scoreInput(ctx, pair);
      if (zh.length && en.length) {
        const r = ctx.score(zh, en);
        data.score = r.score;
        data.scoreDetails = jsonOrNull(r.parts);
      } else {
        data.score = null;
        data.scoreDetails = Prisma.DbNull;
      }
    }
    if (how.crossing) data.crossing = await computeCrossing(ctx, pair, how.crossing === "ahead");
    if (how.status === "derive") data.status = deriveStatus(pair);
    else if (how.status) data.status = how.status;
    if (how.origin) data.origin = how.origin;
    if (how.confidence === null) {
      data.confidence = null;
      if (pair.structureAt === 0) data.structureAt = pair.version;
    }
    await ctx.tx.alignmentPair.update({ where: { id }, data });
  }
}

export interface PairSummary {
  id: number;
  position: number;
  version: number;
  status: string;
  origin: string;
  score: number | null;
  crossing: boolean;
}

export interface ChangeResult {
  auditId: number;
  /** pairs the operation changed, with their new versions */
  pairs: PairSummary[];
  /** pairs the operation removed */
  deletedPairIds: number[];
}

export async function summaries(tx: Tx, pairIds: number[]): Promise<PairSummary[]> {
  const rows = await tx.alignmentPair.findMany({
    where: { id: { in: [...new Set(pairIds)] } },
    orderBy: { position: "asc" },
    select: { id: true, position: true, version: true, status: true, origin: true, score: true, crossing: true },
  });
  return rows;
}
